import { redirect } from '@sveltejs/kit';
import { apiFetch, type SessionInfo } from '#lib/auth.ts';
import type { PageLoad } from './$types';

/** The shop form is for a person signed in with LINE: who they are, and a free slug to start from. */
export const load: PageLoad = async ({ fetch }) => {
  const session = await apiFetch<SessionInfo>('/api/auth/session', { fetcher: fetch });
  if (!session.ok) redirect(303, '/sign-up');
  const suggestion = await apiFetch<{ slug: string }>('/api/auth/shops/suggestion', { fetcher: fetch });
  return { session: session.body, suggestedSlug: suggestion.ok ? suggestion.body.slug : '' };
};
