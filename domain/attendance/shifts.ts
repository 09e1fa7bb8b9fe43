/**
 * Work shifts and the hours they make. A shift belongs to the Taipei day it started, so a
 * night shift 22:00-02:00 is four hours of the day it began (what payroll in Taiwan expects),
 * never split across two days. A shift still open long after anyone works is a forgotten
 * clock-out: flagged, and it counts no hours until a manager corrects it.
 */
import { taipeiDayKey } from '../taipei-time.ts';

/** Open longer than this, a shift is a missing clock-out rather than someone still at work. */
export const MISSING_CLOCK_OUT_AFTER_MS = 16 * 60 * 60 * 1000;
/** No real shift is longer; a correction past it is refused as a typo. */
export const MAX_SHIFT_MS = 24 * 60 * 60 * 1000;

export interface ShiftTimes {
  clockInAt: Date;
  clockOutAt: Date | null;
}

export type ShiftState = 'closed' | 'working' | 'missing_clock_out';

export function shiftState(shift: ShiftTimes, now: Date): ShiftState {
  if (shift.clockOutAt) return 'closed';
  return now.getTime() - shift.clockInAt.getTime() > MISSING_CLOCK_OUT_AFTER_MS ? 'missing_clock_out' : 'working';
}

/** Whole minutes worked: closed shifts only (an open one is not yet hours anyone is paid for). */
export function shiftMinutes(shift: ShiftTimes): number {
  if (!shift.clockOutAt) return 0;
  return Math.max(0, Math.floor((shift.clockOutAt.getTime() - shift.clockInAt.getTime()) / 60_000));
}

/** 'YYYYMMDD' of the Taipei day the shift counts for. */
export function shiftDay(shift: ShiftTimes): string {
  return taipeiDayKey(shift.clockInAt);
}

/** 7.5 for 450 minutes: hours to two decimals, as a payroll sheet shows them. */
export function minutesToHours(minutes: number): number {
  return Math.round((minutes / 60) * 100) / 100;
}

export interface PersonTotal {
  staffId: string;
  /** Shifts that count (closed) and minutes of them. */
  shifts: number;
  minutes: number;
  /** Days with at least one shift. */
  days: number;
  missingClockOuts: number;
}

/** Per person: shifts, minutes, days worked and missing clock-outs, in first-seen order. */
export function totalsByPerson<S extends ShiftTimes & { staffId: string }>(
  shifts: readonly S[],
  now: Date,
): PersonTotal[] {
  const totals = new Map<string, PersonTotal & { dayKeys: Set<string> }>();
  for (const shift of shifts) {
    const total = totals.get(shift.staffId) ?? {
      staffId: shift.staffId,
      shifts: 0,
      minutes: 0,
      days: 0,
      missingClockOuts: 0,
      dayKeys: new Set<string>(),
    };
    total.dayKeys.add(shiftDay(shift));
    if (shift.clockOutAt) total.shifts += 1;
    total.minutes += shiftMinutes(shift);
    if (shiftState(shift, now) === 'missing_clock_out') total.missingClockOuts += 1;
    totals.set(shift.staffId, total);
  }
  return [...totals.values()].map(({ dayKeys, ...total }) => ({ ...total, days: dayKeys.size }));
}

export type CorrectionProblem = 'out_before_in' | 'too_long' | 'in_future';

/** A manager's corrected times: out after in, no longer than a day, nothing in the future. */
export function checkCorrection(times: ShiftTimes, now: Date): CorrectionProblem | null {
  if (times.clockInAt.getTime() > now.getTime()) return 'in_future';
  if (times.clockOutAt) {
    if (times.clockOutAt.getTime() > now.getTime()) return 'in_future';
    if (times.clockOutAt.getTime() <= times.clockInAt.getTime()) return 'out_before_in';
    if (times.clockOutAt.getTime() - times.clockInAt.getTime() > MAX_SHIFT_MS) return 'too_long';
  }
  return null;
}
