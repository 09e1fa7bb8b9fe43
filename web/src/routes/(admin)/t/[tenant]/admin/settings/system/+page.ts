import { error } from '@sveltejs/kit';
import { apiFetch } from '#lib/auth.ts';
import type { SystemSettingsView } from '#lib/api.ts';
import type { PageLoad } from './$types';

/** 系統設定 (settings: view to see, manage to change). */
export const load: PageLoad = async ({ fetch, params }) => {
  const result = await apiFetch<SystemSettingsView>(`/api/t/${encodeURIComponent(params.tenant)}/settings/system`, {
    fetcher: fetch,
  });
  if (!result.ok) error(result.problem.status, { message: result.problem.message, code: result.problem.code });
  return { settings: result.body };
};
