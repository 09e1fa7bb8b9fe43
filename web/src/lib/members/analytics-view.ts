import { error } from '@sveltejs/kit';
import type { TFunction } from 'i18next';
import { apiFetch } from '#lib/auth.ts';
import { queryString } from '#lib/browser-files.ts';
import {
  ANALYTICS_PRESETS,
  analyticsRangeFromQuery,
  analyticsRangeQuery,
  dayKeyToIsoDate,
  type AnalyticsRange,
} from '#lib/domain.ts';
import type { CsvTarget, Periods } from '#lib/insights/report-view.ts';

/**
 * What 會員經營分析 and 會員標籤分析 show, as their URL says: the period (?range= or
 * ?from=&to=) and the branch. A hand-edited value that is not one of ours is dropped.
 */
export interface AnalyticsView {
  range: AnalyticsRange;
  branch: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function analyticsView(url: URL, now = new Date()): AnalyticsView {
  const get = (key: string) => url.searchParams.get(key);
  const branch = get('branch');
  return {
    range: analyticsRangeFromQuery({ range: get('range'), from: get('from'), to: get('to') }, now),
    branch: branch && UUID.test(branch) ? branch : null,
  };
}

/** 今天, 近 7 天, 近 30 天, 本月 for ReportFilters, and how the URL says them. */
export function analyticsPeriods(t: TFunction): Periods {
  return {
    options: ANALYTICS_PRESETS.map((p) => ({ value: p, label: t(`members.analytics.presets.${p}`) })),
    query: (range) => analyticsRangeQuery(range as AnalyticsRange),
  };
}

/** The API's query: always explicit days (so the page and its CSV cover the same ones). */
function analyticsApiParams(view: AnalyticsView): Record<string, string | null> {
  return { from: dayKeyToIsoDate(view.range.from), to: dayKeyToIsoDate(view.range.to), branch: view.branch };
}

/** 會員經營分析's CSV, or 會員標籤分析's (`tags`). */
export function analyticsCsv(view: AnalyticsView, tags = false): CsvTarget {
  return tags
    ? { file: 'members/analytics/tags.csv', page: 'members/tag-analytics', query: analyticsApiParams(view) }
    : { file: 'members/analytics.csv', page: 'members/analytics', query: analyticsApiParams(view) };
}

/** GET /api/t/:tenant/members/<path>, or the error page with the API's words. */
export async function loadAnalytics<T>(
  fetcher: typeof fetch,
  tenant: string,
  path: 'analytics' | 'analytics/tags',
  view: AnalyticsView,
): Promise<T> {
  const query = queryString(analyticsApiParams(view));
  const result = await apiFetch<T>(`/api/t/${encodeURIComponent(tenant)}/members/${path}?${query}`, { fetcher });
  if (!result.ok) error(result.problem.status, { message: result.problem.message, code: result.problem.code });
  return result.body;
}
