import { error } from '@sveltejs/kit';
import { apiFetch } from '#lib/auth.ts';
import type { MenuOptionGroup } from '#lib/api.ts';
import type { PageLoad } from './$types';

/** The shop's shared option groups (甜度, 冰塊, 加購…). */
export const load: PageLoad = async ({ fetch, params, parent }) => {
  const { restaurant } = await parent();
  if (!restaurant) error(404, { message: '這個商店沒有經營餐廳。', code: 'not_a_restaurant' });
  const result = await apiFetch<{ groups: MenuOptionGroup[] }>(
    `/api/t/${encodeURIComponent(params.tenant)}/menu/option-groups`,
    { fetcher: fetch },
  );
  if (!result.ok) error(result.problem.status, { message: result.problem.message, code: result.problem.code });
  return { groups: result.body.groups };
};
