/**
 * Clocking in and out: the words a staff member types (or a rich-menu button sends) in the
 * shop's LINE chat, whether a punch is accepted, and the answers. Pure; storage is
 * db/attendance/shifts.ts.
 */
import { normalizeCommandText } from '../line-chat/chat-command.ts';
import { formatTaipeiDateTime } from '../taipei-time.ts';
import { CLOCK_IN_RADIUS_M } from './distance.ts';
import { shiftMinutes, shiftState, type ShiftTimes } from './shifts.ts';

export const PUNCH_ACTIONS = ['in', 'out'] as const;
export type PunchAction = (typeof PUNCH_ACTIONS)[number];

/** How an end of a shift was recorded. */
export const PUNCH_VIAS = ['line', 'tablet', 'manager'] as const;
export type PunchVia = (typeof PUNCH_VIAS)[number];

const WORDS: ReadonlyMap<string, PunchAction> = new Map([
  ['上班', 'in'],
  ['上班打卡', 'in'],
  ['打卡上班', 'in'],
  ['clock in', 'in'],
  ['下班', 'out'],
  ['下班打卡', 'out'],
  ['打卡下班', 'out'],
  ['clock out', 'out'],
]);

/** The punch a chat message asks for (alone in the message, brackets allowed), or null. */
export function parsePunchCommand(text: string): PunchAction | null {
  const normalized = normalizeCommandText(text);
  if (normalized === null) return null;
  const word = normalized.replace(/^[【[]\s*|\s*[】\]]$/g, '').toLowerCase();
  return WORDS.get(word) ?? null;
}

/** How long after a punch a shared location still counts as that punch's. */
export const LOCATION_WINDOW_MS = 10 * 60 * 1000;

export type PunchRefusal = 'already_in' | 'not_in';

/**
 * May this punch be recorded, given the person's latest open shift? Clocking in while a
 * forgotten shift is open starts a new one (the old stays flagged for a manager); clocking out
 * closes only a shift that is still plausibly running.
 */
export function checkPunch(action: PunchAction, open: ShiftTimes | null, now: Date): PunchRefusal | null {
  const working = open !== null && shiftState(open, now) === 'working';
  if (action === 'in') return working ? 'already_in' : null;
  return working ? null : 'not_in';
}

const clock = (at: Date) => formatTaipeiDateTime(at).slice(11);

function duration(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  return hours > 0 ? `${hours} 小時 ${minutes % 60} 分` : `${minutes} 分`;
}

export type PunchOutcome =
  | { kind: 'in'; name: string; at: Date }
  | { kind: 'out'; name: string; shift: ShiftTimes & { clockOutAt: Date } }
  | { kind: 'refused'; refusal: PunchRefusal; open: ShiftTimes | null }
  | { kind: 'located'; branchName: string; metres: number };

/** The answer to a punch or a shared location; only in the LINE chat is a location asked for. */
export function punchReply(outcome: PunchOutcome, via: 'line' | 'tablet' = 'line'): string {
  switch (outcome.kind) {
    case 'in': {
      const done = `上班打卡成功：${outcome.name}，${clock(outcome.at)}。`;
      return via === 'line' ? `${done}\n要確認你在店裡，請在 10 分鐘內傳送「位置資訊」。` : done;
    }
    case 'out':
      return `下班打卡成功：${outcome.name}，${clock(outcome.shift.clockOutAt)}（本班 ${duration(shiftMinutes(outcome.shift))}）。辛苦了！`;
    case 'refused':
      return outcome.refusal === 'already_in' && outcome.open
        ? `你在 ${clock(outcome.open.clockInAt)} 已經打過上班卡了，下班時請傳「下班」。`
        : '目前沒有上班中的打卡紀錄，無法打下班卡。如果忘了打上班卡，請主管在後台「打卡出勤管理」補登。';
    case 'located':
      return outcome.metres <= CLOCK_IN_RADIUS_M
        ? `已確認位置：在「${outcome.branchName}」附近（${outcome.metres} 公尺）。`
        : `位置距離「${outcome.branchName}」${outcome.metres} 公尺，超過 ${CLOCK_IN_RADIUS_M} 公尺；打卡已記錄，並標示為不在店內。`;
  }
}
