import { isDayKey, taipeiDayKey, taipeiDayRange } from '../taipei-time.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Longest range a report covers in one request: two years of days. */
export const MAX_REPORT_DAYS = 731;

/** Every Asia/Taipei day key from `from` to `to`, both included (charts need the empty days too). */
export function taipeiDaySeries(from: string, to: string): string[] {
  if (!isDayKey(from) || !isDayKey(to)) throw new RangeError('day keys must be YYYYMMDD');
  const start = taipeiDayRange(from).start.getTime();
  const end = taipeiDayRange(to).start.getTime();
  if (end < start) throw new RangeError('the range ends before it starts');
  const days = Math.round((end - start) / DAY_MS) + 1;
  if (days > MAX_REPORT_DAYS) throw new RangeError(`at most ${MAX_REPORT_DAYS} days`);
  return Array.from({ length: days }, (_, i) => taipeiDayKey(new Date(start + i * DAY_MS)));
}

/** The last `days` Taipei days ending with the day of `now`: the dashboard's default range. */
export function lastTaipeiDays(now: Date, days: number): { from: string; to: string } {
  const to = taipeiDayKey(now);
  const from = taipeiDayKey(new Date(taipeiDayRange(to).start.getTime() - (days - 1) * DAY_MS));
  return { from, to };
}
