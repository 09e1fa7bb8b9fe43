import { apiFetch } from '#lib/auth.ts';
import type { TagSummary, TierSummary } from '#lib/api.ts';
import { required } from '#lib/storefront/load-shop.ts';
import type { PageLoad } from './$types';

/** 會員標籤: the tags with member counts (and the tiers their rules may name). */
export const load: PageLoad = async ({ fetch, params }) => {
  const api = `/api/t/${encodeURIComponent(params.tenant)}`;
  const [tags, tiers] = await Promise.all([
    apiFetch<{ tags: TagSummary[] }>(`${api}/member-tags`, { fetcher: fetch }),
    apiFetch<{ tiers: TierSummary[] }>(`${api}/member-tiers`, { fetcher: fetch }),
  ]);
  return { tags: required(tags).tags, tiers: required(tiers).tiers };
};
