/**
 * The attendance page and its payroll CSV from the same rows, so the file says exactly what the
 * page shows: one row per shift (on the Taipei day it started), then each person's total.
 */
import { csvRow, UTF8_BOM } from '../insights/csv.ts';
import { formatTaipeiDateTime } from '../taipei-time.ts';
import { atShop } from './distance.ts';
import { minutesToHours, shiftDay, shiftMinutes, shiftState, totalsByPerson, type ShiftState } from './shifts.ts';

export interface ShiftRecord {
  id: string;
  staffId: string;
  clockInAt: Date;
  clockOutAt: Date | null;
  inVia: string;
  outVia: string | null;
  inDistanceM: number | null;
  outDistanceM: number | null;
  correctedAt: Date | null;
}

export interface AttendanceRow {
  shiftId: string;
  staffId: string;
  name: string;
  jobTitle: string | null;
  /** 'YYYY-MM-DD', the Taipei day the shift started. */
  day: string;
  /** 'YYYY/MM/DD HH:mm' in Taipei; the clock-out may be on the next day. */
  clockIn: string;
  clockOut: string | null;
  /** ISO instants, for a correction form. */
  clockInAt: string;
  clockOutAt: string | null;
  minutes: number;
  hours: number;
  state: ShiftState;
  inVia: string;
  outVia: string | null;
  /** Whether the shared location was at the shop (null: not shared). */
  inAtShop: boolean | null;
  outAtShop: boolean | null;
  corrected: boolean;
}

export interface AttendanceTotal {
  staffId: string;
  name: string;
  jobTitle: string | null;
  days: number;
  shifts: number;
  minutes: number;
  hours: number;
  missingClockOuts: number;
}

export interface AttendanceReport {
  rows: AttendanceRow[];
  totals: AttendanceTotal[];
}

const dashed = (dayKey: string) => `${dayKey.slice(0, 4)}-${dayKey.slice(4, 6)}-${dayKey.slice(6, 8)}`;

/** Shifts (any order) as the page's rows, oldest first, and per-person totals by name. */
export function attendanceReport(
  shifts: readonly ShiftRecord[],
  people: ReadonlyMap<string, { name: string; jobTitle: string | null }>,
  now: Date,
): AttendanceReport {
  const person = (id: string) => people.get(id) ?? { name: '?', jobTitle: null };
  const sorted = [...shifts].sort((a, b) => a.clockInAt.getTime() - b.clockInAt.getTime());
  const rows = sorted.map((s): AttendanceRow => {
    const minutes = shiftMinutes(s);
    return {
      shiftId: s.id,
      staffId: s.staffId,
      ...person(s.staffId),
      day: dashed(shiftDay(s)),
      clockIn: formatTaipeiDateTime(s.clockInAt),
      clockOut: s.clockOutAt ? formatTaipeiDateTime(s.clockOutAt) : null,
      clockInAt: s.clockInAt.toISOString(),
      clockOutAt: s.clockOutAt?.toISOString() ?? null,
      minutes,
      hours: minutesToHours(minutes),
      state: shiftState(s, now),
      inVia: s.inVia,
      outVia: s.outVia,
      inAtShop: atShop(s.inDistanceM),
      outAtShop: atShop(s.outDistanceM),
      corrected: s.correctedAt !== null,
    };
  });
  const totals = totalsByPerson(sorted, now)
    .map((t): AttendanceTotal => ({ ...t, ...person(t.staffId), hours: minutesToHours(t.minutes) }))
    .sort((a, b) => a.name.localeCompare(b.name, 'zh-Hant'));
  return { rows, totals };
}

const STATE_LABELS: Record<ShiftState, string> = { closed: '', working: '上班中', missing_clock_out: '未打下班卡' };

/** The payroll CSV: the page's shifts, a blank line, then the page's per-person totals. */
export function attendanceCsv(report: AttendanceReport): string {
  let out = UTF8_BOM + csvRow(['日期', '姓名', '職稱', '上班', '下班', '工時(分)', '工時(小時)', '狀態', '已修正']);
  for (const r of report.rows) {
    out += csvRow([
      r.day,
      r.name,
      r.jobTitle,
      r.clockIn,
      r.clockOut,
      r.minutes,
      r.hours,
      STATE_LABELS[r.state],
      r.corrected ? '是' : '',
    ]);
  }
  out += '\r\n' + csvRow(['姓名', '職稱', '出勤天數', '班數', '工時(分)', '工時(小時)', '未打下班卡']);
  for (const t of report.totals) {
    out += csvRow([t.name, t.jobTitle, t.days, t.shifts, t.minutes, t.hours, t.missingClockOuts]);
  }
  return out;
}
