import { apiFetch, type ApiResult } from '#lib/auth.ts';
import type { CouponRecord, PointRecord } from '#lib/api.ts';
import { recordApiUrl, type RecordFilterState } from './record-filters.ts';

/** One page of 點數 / 發券記錄's tab: ledger entries or issued coupons, and the cursor of the next. */
export type RecordPage =
  | { tab: 'points'; rows: PointRecord[]; nextCursor: string | null }
  | { tab: 'coupons'; rows: CouponRecord[]; nextCursor: string | null };

export async function fetchRecordPage(
  tenant: string,
  filters: RecordFilterState,
  options: { cursor?: string; fetcher?: typeof fetch } = {},
): Promise<ApiResult<RecordPage>> {
  const address = recordApiUrl(tenant, filters, 'page', options.cursor ? { cursor: options.cursor } : {});
  const fetcher = { fetcher: options.fetcher };
  if (filters.tab === 'coupons') {
    const result = await apiFetch<{ coupons: CouponRecord[]; nextCursor: string | null }>(address, fetcher);
    if (!result.ok) return result;
    return { ...result, body: { tab: 'coupons', rows: result.body.coupons, nextCursor: result.body.nextCursor } };
  }
  const result = await apiFetch<{ entries: PointRecord[]; nextCursor: string | null }>(address, fetcher);
  if (!result.ok) return result;
  return { ...result, body: { tab: 'points', rows: result.body.entries, nextCursor: result.body.nextCursor } };
}
