import { error } from '@sveltejs/kit';
import { apiFetch } from '#lib/auth.ts';
import type { RichMenuSettings, WelcomeMessageSettings } from '#lib/api.ts';
import type { PageLoad } from './$types';

export type { RichMenuSettings, WelcomeMessageSettings } from '#lib/api.ts';

/** The shop's three rich menus (previews, last apply) and its welcome message (settings: view). */
export const load: PageLoad = async ({ fetch, params }) => {
  const base = `/api/t/${encodeURIComponent(params.tenant)}/settings/line`;
  const [menus, welcome] = await Promise.all([
    apiFetch<RichMenuSettings>(`${base}/rich-menu`, { fetcher: fetch }),
    apiFetch<WelcomeMessageSettings>(`${base}/welcome-message`, { fetcher: fetch }),
  ]);
  if (!menus.ok) error(menus.problem.status, { message: menus.problem.message, code: menus.problem.code });
  if (!welcome.ok) error(welcome.problem.status, { message: welcome.problem.message, code: welcome.problem.code });
  return { menus: menus.body, welcome: welcome.body };
};
