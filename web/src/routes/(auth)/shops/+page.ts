import { redirect } from '@sveltejs/kit';
import { apiFetch, type SessionInfo } from '#lib/auth.ts';
import type { PageLoad } from './$types';

/** The shops of someone who belongs to several (or whose invitation could not be used). */
export const load: PageLoad = async ({ fetch, url }) => {
  const session = await apiFetch<SessionInfo>('/api/auth/session', { fetcher: fetch });
  if (!session.ok) redirect(303, `/sign-in?returnTo=${encodeURIComponent(url.pathname)}`);
  return { session: session.body };
};
