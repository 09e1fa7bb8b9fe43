import { apiFetch } from '#lib/auth.ts';
import type { MemberRow, TagSummary, TierSummary } from '#lib/api.ts';
import { required } from '#lib/storefront/load-shop.ts';
import { memberQuery, readMemberFilters } from '#lib/members/member-filters.ts';
import type { PageLoad } from './$types';

/** 會員列表: the first page for the URL's filters, and the tiers and tags to filter by. */
export const load: PageLoad = async ({ fetch, params, url }) => {
  const filters = readMemberFilters(url.searchParams);
  const api = `/api/t/${encodeURIComponent(params.tenant)}`;
  const [page, tiers, tags] = await Promise.all([
    apiFetch<{ members: MemberRow[]; nextCursor: string | null }>(`${api}/members?${memberQuery(filters)}`, {
      fetcher: fetch,
    }),
    apiFetch<{ tiers: TierSummary[] }>(`${api}/member-tiers`, { fetcher: fetch }),
    apiFetch<{ tags: TagSummary[] }>(`${api}/member-tags`, { fetcher: fetch }),
  ]);
  return { page: required(page), filters, tiers: required(tiers).tiers, tags: required(tags).tags };
};
