import { error } from '@sveltejs/kit';
import { apiFetch } from '#lib/auth.ts';
import type { PageLoad } from './$types';

export type { TeamInvitation, TeamMember } from '#lib/api.ts';
import type { TeamInvitation, TeamMember } from '#lib/api.ts';

export interface AuditEntry {
  id: string;
  actorName: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  data: Record<string, unknown> | null;
  createdAt: string;
}

/** The team (team: view) and the latest audit lines. */
export const load: PageLoad = async ({ fetch, params }) => {
  const base = `/api/t/${encodeURIComponent(params.tenant)}`;
  const [team, audit] = await Promise.all([
    apiFetch<{ members: TeamMember[]; invitations: TeamInvitation[] }>(`${base}/team`, { fetcher: fetch }),
    apiFetch<{ entries: AuditEntry[] }>(`${base}/audit?limit=20`, { fetcher: fetch }),
  ]);
  if (!team.ok) error(team.problem.status, { message: team.problem.message, code: team.problem.code });
  return { team: team.body, audit: audit.ok ? audit.body.entries : [] };
};
