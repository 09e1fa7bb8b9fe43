import { lastTaipeiDays } from '../insights/day-series.ts';
import { customRangeFromQuery, dayKeyToIsoDate } from '../insights/report-range.ts';
import { taipeiDayKey } from '../taipei-time.ts';

/**
 * The period of 會員經營分析 and 會員標籤分析 as it lives in the page's URL: 今天, 近 7 天,
 * 近 30 天, 本月 (`?range=today|7d|30d|month`) or 自訂 (`?from=YYYY-MM-DD&to=YYYY-MM-DD`),
 * in Asia/Taipei days. Pure, shared by the web app and its tests.
 */
export const ANALYTICS_PRESETS = ['today', '7d', '30d', 'month'] as const;
export type AnalyticsPreset = (typeof ANALYTICS_PRESETS)[number];
export const DEFAULT_ANALYTICS_PRESET: AnalyticsPreset = '30d';

export interface AnalyticsRange {
  /** The preset the range is, or null for a custom from/to. */
  preset: AnalyticsPreset | null;
  /** Asia/Taipei day keys, YYYYMMDD, both included. */
  from: string;
  to: string;
}

/** The Taipei days a preset covers on the day of `now` (本月: the 1st up to today). */
export function presetDays(preset: AnalyticsPreset, now: Date): { from: string; to: string } {
  switch (preset) {
    case 'today':
      return lastTaipeiDays(now, 1);
    case '7d':
      return lastTaipeiDays(now, 7);
    case '30d':
      return lastTaipeiDays(now, 30);
    case 'month': {
      const to = taipeiDayKey(now);
      return { from: `${to.slice(0, 6)}01`, to };
    }
  }
}

/**
 * The range a URL asks for: from/to when both are real dates in order and within what a report
 * covers, else the preset, else 近 30 天. Never throws: a hand-edited URL shows the default.
 */
export function analyticsRangeFromQuery(
  query: { range?: string | null; from?: string | null; to?: string | null },
  now: Date,
): AnalyticsRange {
  const custom = customRangeFromQuery(query);
  if (custom) return { preset: null, ...custom };
  const preset = ANALYTICS_PRESETS.find((p) => p === query.range) ?? DEFAULT_ANALYTICS_PRESET;
  return { preset, ...presetDays(preset, now) };
}

/** The URL query for a range: `range=…` for a preset, `from`/`to` otherwise. */
export function analyticsRangeQuery(range: AnalyticsRange): Record<string, string> {
  return range.preset !== null
    ? { range: range.preset }
    : { from: dayKeyToIsoDate(range.from), to: dayKeyToIsoDate(range.to) };
}
