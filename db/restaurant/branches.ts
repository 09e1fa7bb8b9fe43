import type { BranchEdit, NewBranchInput, OrderingStatus } from '../../domain/restaurant/branch-rules.ts';
import type { Db, Prisma } from '../client.ts';

/**
 * A restaurant's branches. Every query names the tenant and the branch together, and skips
 * archived branches: another shop's branch ID, or a removed one, finds nothing.
 */

const branchColumns = {
  id: true,
  name: true,
  address: true,
  phone: true,
  mapUrl: true,
  latitude: true,
  longitude: true,
  orderingStatus: true,
  orderingChangedAt: true,
  createdAt: true,
  updatedAt: true,
} as const satisfies Prisma.BranchSelect;

export type BranchRow = Prisma.BranchGetPayload<{ select: typeof branchColumns }>;

/** The member a branch query is for: their Staff ID and whether they work in every branch. */
export interface BranchMember {
  staffId: string;
  allBranches: boolean;
}

type Client = Db | Prisma.TransactionClient;

const active = (tenantId: string, branchId: string) => ({ id: branchId, tenantId, archivedAt: null });

/** The branches this member works in, oldest first (the order of the admin's switcher). */
export function listBranches(db: Client, tenantId: string, member: BranchMember): Promise<BranchRow[]> {
  return db.branch.findMany({
    where: {
      tenantId,
      archivedAt: null,
      ...(member.allBranches ? {} : { staffAccess: { some: { staffId: member.staffId } } }),
    },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: branchColumns,
  });
}

/**
 * The shop's branch with this ID (null: none, another shop's, or archived) and whether the
 * member works in it, in one query.
 */
export async function findBranchFor(
  db: Client,
  tenantId: string,
  branchId: string,
  member: BranchMember,
): Promise<{ branch: BranchRow; allowed: boolean } | null> {
  const row = await db.branch.findFirst({
    where: active(tenantId, branchId),
    select: { ...branchColumns, staffAccess: { where: { staffId: member.staffId }, select: { staffId: true } } },
  });
  if (!row) return null;
  const { staffAccess, ...branch } = row;
  return { branch, allowed: member.allBranches || staffAccess.length > 0 };
}

/** Whether another of the shop's branches (not archived) already has this name, whatever its case. */
export async function branchNameTaken(db: Client, tenantId: string, name: string, exceptId?: string): Promise<boolean> {
  const found = await db.branch.findFirst({
    where: {
      tenantId,
      archivedAt: null,
      name: { equals: name, mode: 'insensitive' },
      ...(exceptId ? { id: { not: exceptId } } : {}),
    },
    select: { id: true },
  });
  return found !== null;
}

export function createBranch(db: Client, tenantId: string, input: NewBranchInput): Promise<BranchRow> {
  return db.branch.create({ data: { tenantId, ...input }, select: branchColumns });
}

/** Changes the branch's details; null when the shop has no such branch. */
export async function updateBranch(
  db: Client,
  tenantId: string,
  branchId: string,
  edit: Omit<BranchEdit, 'orderingStatus'>,
): Promise<BranchRow | null> {
  const { count } = await db.branch.updateMany({ where: active(tenantId, branchId), data: edit });
  if (count === 0) return null;
  return db.branch.findFirst({ where: active(tenantId, branchId), select: branchColumns });
}

/**
 * The online-ordering switch. Setting the status it already has changes nothing (not even when
 * it last changed), so a repeated tap is harmless. Null when the shop has no such branch.
 */
export async function setOrderingStatus(
  db: Client,
  tenantId: string,
  branchId: string,
  status: OrderingStatus,
  now: Date = new Date(),
): Promise<{ branch: BranchRow; changed: boolean } | null> {
  const { count } = await db.branch.updateMany({
    where: { ...active(tenantId, branchId), orderingStatus: { not: status } },
    data: { orderingStatus: status, orderingChangedAt: now },
  });
  const branch = await db.branch.findFirst({ where: active(tenantId, branchId), select: branchColumns });
  return branch ? { branch, changed: count === 1 } : null;
}

/**
 * Removes the branch from the shop: archived, so what still names it (orders, reports) keeps
 * it; members limited to it lose it. False when the shop has no such branch.
 */
export async function archiveBranch(
  db: Client,
  tenantId: string,
  branchId: string,
  now: Date = new Date(),
): Promise<boolean> {
  const { count } = await db.branch.updateMany({ where: active(tenantId, branchId), data: { archivedAt: now } });
  if (count === 0) return false;
  await db.staffBranch.deleteMany({ where: { tenantId, branchId } });
  return true;
}
