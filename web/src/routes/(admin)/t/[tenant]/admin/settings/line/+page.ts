import { error } from '@sveltejs/kit';
import { apiFetch } from '#lib/auth.ts';
import type { LineBindingStatus, LineNotificationSettings, LineSettings } from '#lib/api.ts';
import { can } from '#lib/domain.ts';
import type { PageLoad } from './$types';

export type {
  LineBindingCodeResult,
  LineBindingStatus,
  LineNotificationSettings,
  LineQuotaResult,
  LineSettings,
  LineVerifyResult,
} from '#lib/api.ts';

/**
 * The shop's LINE connection and new-order switch (settings: view; secrets never come back,
 * only whether they are set), and, for every member, their own LINE binding.
 */
export const load: PageLoad = async ({ fetch, params, parent }) => {
  const { me } = await parent();
  const base = `/api/t/${encodeURIComponent(params.tenant)}/settings/line`;
  const seesSettings = can(me.member.permissions, 'settings/line', 'view');
  const [settings, notifications, binding] = await Promise.all([
    seesSettings ? apiFetch<LineSettings>(base, { fetcher: fetch }) : null,
    seesSettings ? apiFetch<LineNotificationSettings>(`${base}/notifications`, { fetcher: fetch }) : null,
    apiFetch<LineBindingStatus>(`${base}/binding`, { fetcher: fetch }),
  ]);
  for (const result of [settings, notifications, binding]) {
    if (result && !result.ok)
      error(result.problem.status, { message: result.problem.message, code: result.problem.code });
  }
  const body = <T>(result: { ok: true; body: T } | { ok: false } | null): T | null =>
    result && result.ok ? result.body : null;
  return { settings: body(settings), notifications: body(notifications), binding: body(binding)! };
};
