import { effectiveBranchAccess, type BranchAccess } from '../../domain/restaurant/branch-access.ts';
import type { Role } from '../../domain/team/permissions.ts';
import type { Prisma } from '../client.ts';

/** What to select of a Staff row for its branch access (with `role`): `allBranches`, `branches: staffBranches`. */
export const staffBranches = {
  where: { branch: { archivedAt: null } },
  select: { branchId: true },
  orderBy: { createdAt: 'asc' },
} as const satisfies Prisma.Staff$branchesArgs;

/** A member's branch access from their Staff row selected with `allBranches` and `branches: staffBranches`. */
export function branchAccessOf(row: {
  role: Role;
  allBranches: boolean;
  branches: { branchId: string }[];
}): BranchAccess {
  return effectiveBranchAccess(row.role, {
    allBranches: row.allBranches,
    branchIds: row.branches.map((b) => b.branchId),
  });
}

/**
 * Gives a member of the shop every branch, or only these. 'unknown_branch' (and nothing
 * changed) when one of the IDs is not a branch of this shop, or an archived one.
 */
export async function setBranchAccess(
  tx: Prisma.TransactionClient,
  tenantId: string,
  staffId: string,
  access: BranchAccess,
): Promise<'ok' | 'unknown_branch'> {
  if (!access.all) {
    const found = await tx.branch.count({ where: { tenantId, archivedAt: null, id: { in: access.branchIds } } });
    if (found !== access.branchIds.length) return 'unknown_branch';
  }
  await tx.staff.updateMany({ where: { tenantId, id: staffId }, data: { allBranches: access.all } });
  await tx.staffBranch.deleteMany({ where: { tenantId, staffId } });
  if (!access.all) {
    await tx.staffBranch.createMany({ data: access.branchIds.map((branchId) => ({ tenantId, staffId, branchId })) });
  }
  return 'ok';
}
