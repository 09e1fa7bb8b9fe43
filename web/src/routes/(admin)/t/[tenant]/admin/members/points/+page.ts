import { apiFetch } from '#lib/auth.ts';
import type { StoredPointRule } from '#lib/api.ts';
import { required } from '#lib/storefront/load-shop.ts';
import type { PageLoad } from './$types';

type Rule = Omit<StoredPointRule, 'effectiveFrom' | 'createdAt'> & { effectiveFrom: string; createdAt: string };

/** 點數規則設定: the rule in effect and every version. */
export const load: PageLoad = async ({ fetch, params }) => {
  const rules = await apiFetch<{
    current: Rule | null;
    versions: Rule[];
    defaults: Omit<Rule, 'id' | 'effectiveFrom' | 'createdAt'>;
  }>(`/api/t/${encodeURIComponent(params.tenant)}/member-points/rules`, { fetcher: fetch });
  return required(rules);
};
