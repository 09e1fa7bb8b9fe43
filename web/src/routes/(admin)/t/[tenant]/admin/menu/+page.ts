import { error } from '@sveltejs/kit';
import { apiFetch } from '#lib/auth.ts';
import type { AdminMenuItem, MenuCategory, MenuOptionGroup } from '#lib/api.ts';
import type { PageLoad } from './$types';

/** The whole menu for the admin: categories, shared option groups and every item (a menu is short). */
export const load: PageLoad = async ({ fetch, params, parent }) => {
  const { restaurant } = await parent();
  if (!restaurant) error(404, { message: '這個商店沒有經營餐廳。', code: 'not_a_restaurant' });
  const api = `/api/t/${encodeURIComponent(params.tenant)}/menu`;
  const [categories, groups, items] = await Promise.all([
    apiFetch<{ categories: MenuCategory[]; version: number }>(`${api}/categories`, { fetcher: fetch }),
    apiFetch<{ groups: MenuOptionGroup[] }>(`${api}/option-groups`, { fetcher: fetch }),
    apiFetch<{ items: AdminMenuItem[] }>(`${api}/items`, { fetcher: fetch }),
  ]);
  for (const result of [categories, groups, items]) {
    if (!result.ok) error(result.problem.status, { message: result.problem.message, code: result.problem.code });
  }
  return {
    categories: categories.ok ? categories.body.categories : [],
    groups: groups.ok ? groups.body.groups : [],
    items: items.ok ? items.body.items : [],
  };
};
