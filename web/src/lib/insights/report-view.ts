import { error } from '@sveltejs/kit';
import type { DailyReport, ProductReport, ProductSales } from '#lib/api.ts';
import { apiFetch } from '#lib/auth.ts';
import { queryString } from '#lib/browser-files.ts';
import {
  ORDER_STATUSES,
  PAYMENT_KEYS,
  PICKUP_KEYS,
  dayKeyToIsoDate,
  reportRangeFromQuery,
  type PageKey,
  type ReportRange,
} from '#lib/domain.ts';

/**
 * What a report page shows, as its URL says: the range (?days= or ?from=&to=), the branch and
 * 交易明細's filters. A hand-edited value that is not one of ours is dropped (the report shows
 * without it) rather than turned into an error page.
 */
export interface ReportView {
  range: ReportRange;
  branch: string | null;
  payment: string | null;
  pickup: string | null;
  status: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const oneOf = (value: string | null, allowed: readonly string[]) => (value && allowed.includes(value) ? value : null);

export function reportView(url: URL, now = new Date()): ReportView {
  const get = (key: string) => url.searchParams.get(key);
  const branch = get('branch');
  return {
    range: reportRangeFromQuery({ days: get('days'), from: get('from'), to: get('to') }, now),
    branch: branch && UUID.test(branch) ? branch : null,
    payment: oneOf(get('payment'), PAYMENT_KEYS),
    pickup: oneOf(get('pickup'), PICKUP_KEYS),
    status: oneOf(get('status'), ORDER_STATUSES),
  };
}

/** A period as the filters handle it: a preset of the page's (7, 'month') or null for from–to. */
export interface PeriodRange {
  preset: string | number | null;
  from: string;
  to: string;
}

/** A report's view, or another page's with the same period and branch (the members' analyses). */
export interface FilterView {
  range: PeriodRange;
  branch: string | null;
  payment?: string | null;
  pickup?: string | null;
  status?: string | null;
}

/** The CSV of exactly what a page shows: the file, the admin pages that may fetch it, its query. */
export interface CsvTarget {
  file: `reports/${'transactions' | 'daily' | 'products'}.csv` | `members/${'analytics' | 'analytics/tags'}.csv`;
  page: PageKey | PageKey[];
  query: Record<string, string | null>;
}

/** A report's CSV; 產品銷售統計's serves 分店產品銷售統計 too. */
export function reportCsv(report: 'transactions' | 'daily' | 'products', view: ReportView): CsvTarget {
  return {
    file: `reports/${report}.csv`,
    page: report === 'products' ? ['reports/products', 'reports/branch-products'] : `reports/${report}`,
    query: apiParams(view),
  };
}

/** A page's own period presets, for ReportFilters: the chips and how its URL says a period. */
export interface Periods {
  options: readonly { value: string | number; label: string }[];
  query: (range: PeriodRange) => Record<string, string>;
}

/** The API's query for a view: always explicit days; `day` narrows it to one day (the 日結). */
export function apiQuery(view: ReportView, day?: string): string {
  return queryString(apiParams(view, day));
}

/** The same as parameters (for a CSV link). */
function apiParams(view: ReportView, day?: string): Record<string, string | null> {
  return {
    from: dayKeyToIsoDate(day ?? view.range.from),
    to: dayKeyToIsoDate(day ?? view.range.to),
    branch: view.branch,
    payment: view.payment,
    pickup: view.pickup,
    status: view.status,
  };
}

/** GET a report of this shop, or the error page with the API's words. */
export async function loadReport<T>(fetcher: typeof fetch, tenant: string, path: string, query: string): Promise<T> {
  const result = await apiFetch<T>(`/api/t/${encodeURIComponent(tenant)}/reports/${path}?${query}`, { fetcher });
  if (!result.ok) error(result.problem.status, { message: result.problem.message, code: result.problem.code });
  return result.body;
}

/** What the page's 日結 prints: the last day of the range, for the view's branch, unfiltered otherwise. */
export interface Closing {
  day: string;
  daily: DailyReport;
  products: ProductSales[];
}

export async function loadClosing(fetcher: typeof fetch, tenant: string, view: ReportView): Promise<Closing> {
  const day = view.range.to;
  const query = apiQuery({ ...view, payment: null, pickup: null, status: null }, day);
  const [daily, products] = await Promise.all([
    loadReport<DailyReport>(fetcher, tenant, 'daily', query),
    loadReport<ProductReport>(fetcher, tenant, 'products', query),
  ]);
  return { day, daily, products: products.products };
}
