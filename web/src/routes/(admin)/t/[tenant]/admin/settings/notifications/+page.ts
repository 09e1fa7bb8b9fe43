import { error } from '@sveltejs/kit';
import { apiFetch } from '#lib/auth.ts';
import type { NotificationSettingsView } from '#lib/api.ts';
import type { PageLoad } from './$types';

/** The shop's order notification settings (settings: view to see them, manage to change them). */
export const load: PageLoad = async ({ fetch, params }) => {
  const result = await apiFetch<NotificationSettingsView>(
    `/api/t/${encodeURIComponent(params.tenant)}/settings/notifications`,
    { fetcher: fetch },
  );
  if (!result.ok) error(result.problem.status, { message: result.problem.message, code: result.problem.code });
  return { view: result.body };
};
