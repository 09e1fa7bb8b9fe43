import { error } from '@sveltejs/kit';
import { apiFetch } from '#lib/auth.ts';
import type { LineSettings } from '#lib/api.ts';
import type { PageLoad } from './$types';

export type { LineQuotaResult, LineSettings, LineVerifyResult } from '#lib/api.ts';

/** The shop's LINE connection (settings: view); secrets never come back, only whether they are set. */
export const load: PageLoad = async ({ fetch, params }) => {
  const result = await apiFetch<LineSettings>(`/api/t/${encodeURIComponent(params.tenant)}/settings/line`, {
    fetcher: fetch,
  });
  if (!result.ok) error(result.problem.status, { message: result.problem.message, code: result.problem.code });
  return { settings: result.body };
};
