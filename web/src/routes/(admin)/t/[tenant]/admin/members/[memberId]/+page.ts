import { apiFetch } from '#lib/auth.ts';
import type { LedgerEntry, MemberRow, TagSummary } from '#lib/api.ts';
import { required } from '#lib/storefront/load-shop.ts';
import type { PageLoad } from './$types';

/** 會員資料: the member, their points ledger, and the shop's tags. */
export const load: PageLoad = async ({ fetch, params }) => {
  const api = `/api/t/${encodeURIComponent(params.tenant)}`;
  const [member, tags] = await Promise.all([
    apiFetch<{ member: MemberRow; ledger: LedgerEntry[]; tagIds: string[] }>(
      `${api}/members/${encodeURIComponent(params.memberId)}`,
      { fetcher: fetch },
    ),
    apiFetch<{ tags: TagSummary[] }>(`${api}/member-tags`, { fetcher: fetch }),
  ]);
  return { ...required(member), tags: required(tags).tags };
};
