import { apiFetch } from '#lib/auth.ts';
import type { Permissions, Role } from '#lib/domain.ts';
import type { PageLoad } from './$types';

export interface InvitationView {
  tenant: { slug: string; name: string };
  displayName: string;
  role: Role;
  permissions: Permissions;
  invitedBy: string;
  expiresAt: string;
  signedInAs: { displayName: string; alreadyMember: boolean } | null;
}

/** What the link invites to, or why it no longer works (shown on the page, not as an error page). */
export const load: PageLoad = async ({ fetch, params }) => {
  const result = await apiFetch<InvitationView>(`/api/invitations/${encodeURIComponent(params.token)}`, { fetcher: fetch });
  return result.ok ? { invitation: result.body, problem: null } : { invitation: null, problem: result.problem.code };
};
