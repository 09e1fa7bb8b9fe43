import { z } from 'zod';
import type { Role } from '../team/permissions.ts';

/**
 * Which branches a member works in: every branch, or only some. Owners always work in every
 * branch. A member limited to branches reaches no other branch through any branch-scoped route
 * (the API's requireBranch guard), and sees only theirs in the admin's branch switcher.
 */
export type BranchAccess = { all: true } | { all: false; branchIds: string[] };

export const ALL_BRANCHES: BranchAccess = { all: true };

/** What the owner submits for a member (PATCH /api/t/:tenant/team/members/:staffId `branches`). */
export const branchAccessSchema = z.discriminatedUnion(
  'all',
  [
    z.strictObject({ all: z.literal(true) }),
    z.strictObject({
      all: z.literal(false),
      branchIds: z
        .array(z.uuid({ error: '分店代號不正確' }), { error: '請選擇可使用的分店' })
        .min(1, '請至少選一間分店')
        .max(500, '分店太多了')
        .transform((ids) => [...new Set(ids)]),
    }),
  ],
  { error: '請選擇「全部分店」或指定分店' },
);

/** The access a member has, from their Staff row: owners every branch, whatever was stored. */
export function effectiveBranchAccess(role: Role, stored: { allBranches: boolean; branchIds: string[] }): BranchAccess {
  if (role === 'owner' || stored.allBranches) return ALL_BRANCHES;
  return { all: false, branchIds: [...stored.branchIds] };
}

export function mayUseBranch(access: BranchAccess, branchId: string): boolean {
  return access.all || access.branchIds.includes(branchId);
}

/** Why there is no current branch: the shop has none, several to choose from, or the chosen one is gone. */
export type NoBranchReason = 'no_branches' | 'choose' | 'chosen_unavailable';

export type CurrentBranch<B> = { branch: B; reason: 'chosen' | 'only' } | { branch: null; reason: NoBranchReason };

/**
 * The branch the admin works on, from the member's branches and the one they last chose (kept
 * by the browser). Never silently another one: a choice that is no longer among theirs (removed,
 * or taken away from them) asks them to choose again, even when only one is left. Without any
 * choice yet, a member with exactly one branch works on it.
 */
export function currentBranch<B extends { id: string }>(
  branches: readonly B[],
  chosenId: string | null,
): CurrentBranch<B> {
  if (branches.length === 0) return { branch: null, reason: 'no_branches' };
  if (chosenId) {
    const chosen = branches.find((b) => b.id === chosenId);
    return chosen ? { branch: chosen, reason: 'chosen' } : { branch: null, reason: 'chosen_unavailable' };
  }
  if (branches.length === 1) return { branch: branches[0]!, reason: 'only' };
  return { branch: null, reason: 'choose' };
}
