import { lastTaipeiDays, taipeiDaySeries } from './day-series.ts';
import { isDayKey } from '../taipei-time.ts';

/**
 * The dashboard's date range as it lives in the page's URL (銷售分析: 7 / 30 / 90 days or a
 * custom from/to), and the small numeric helpers its charts need. Pure, shared by the web app
 * and its tests.
 */

export const RANGE_PRESETS = [7, 30, 90] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];
export const DEFAULT_RANGE_PRESET: RangePreset = 30;

export interface ReportRange {
  /** The preset the range is, or null for a custom from/to. */
  preset: RangePreset | null;
  /** Asia/Taipei day keys, YYYYMMDD, both included. */
  from: string;
  to: string;
}

/** 'YYYY-MM-DD' (a date input's value, the URL's form) → 'YYYYMMDD', or null if not a real date. */
export function isoDateToDayKey(value: string | null | undefined): string | null {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const key = value.replaceAll('-', '');
  return isDayKey(key) ? key : null;
}

/** 'YYYYMMDD' → 'YYYY-MM-DD'. */
export function dayKeyToIsoDate(key: string): string {
  return `${key.slice(0, 4)}-${key.slice(4, 6)}-${key.slice(6, 8)}`;
}

/**
 * The range a dashboard URL asks for: `?from=YYYY-MM-DD&to=YYYY-MM-DD` when both are real
 * dates in order and the API would accept the span, else `?days=7|30|90`, else the last 30
 * days. Never throws: a hand-edited URL shows the default instead of an error.
 */
export function reportRangeFromQuery(
  query: { days?: string | null; from?: string | null; to?: string | null },
  now: Date,
): ReportRange {
  const custom = customRangeFromQuery(query);
  if (custom) return { preset: null, ...custom };
  const asked = Number(query.days);
  const preset = RANGE_PRESETS.find((days) => days === asked) ?? DEFAULT_RANGE_PRESET;
  return { preset, ...lastTaipeiDays(now, preset) };
}

/**
 * A URL's `from`/`to` (YYYY-MM-DD) as day keys when both are real dates in order and within
 * what a report covers, else null (the page falls back to a preset).
 */
export function customRangeFromQuery(query: {
  from?: string | null;
  to?: string | null;
}): { from: string; to: string } | null {
  const from = isoDateToDayKey(query.from);
  const to = isoDateToDayKey(query.to);
  if (!from || !to) return null;
  try {
    taipeiDaySeries(from, to);
    return { from, to };
  } catch {
    return null; // reversed or too long
  }
}

/** The URL query for a range: `days=N` for a preset, `from`/`to` otherwise. */
export function reportRangeQuery(range: ReportRange): Record<string, string> {
  return range.preset !== null
    ? { days: String(range.preset) }
    : { from: dayKeyToIsoDate(range.from), to: dayKeyToIsoDate(range.to) };
}

/** 'M/D' of a day key, the way a chart's axis labels days. */
export function shortDay(key: string): string {
  return `${Number(key.slice(4, 6))}/${Number(key.slice(6, 8))}`;
}

/** Day of the week of a day key: 0 = Sunday … 6 = Saturday. */
export function weekdayOfDayKey(key: string): number {
  return new Date(Date.UTC(Number(key.slice(0, 4)), Number(key.slice(4, 6)) - 1, Number(key.slice(6, 8)))).getUTCDay();
}

/**
 * The top of a chart's value axis: the smallest of 1, 2, 2.5, 5 × 10^k that is at least
 * `max` (so the gridlines land on round amounts); 1 for an empty chart.
 */
export function niceCeiling(max: number): number {
  if (!(max > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (step * power >= max) return step * power;
  }
  return 10 * power;
}
