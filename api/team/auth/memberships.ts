import type { Db } from '../../../db/client.ts';
import type { ShopKind } from '../../../domain/restaurant/shop-kind.ts';
import { effectivePermissions, withinShop, type Permissions, type Role } from '../../../domain/team/permissions.ts';

/** A person's place in one shop: their Staff row, with the access it gives. */
export interface Membership {
  staffId: string;
  role: Role;
  displayName: string;
  permissions: Permissions;
  /** Works in every branch (owners always do); else only in their branches (domain/restaurant/branch-access.ts). */
  allBranches: boolean;
  tenant: { id: string; slug: string; name: string; kind: ShopKind };
}

const select = {
  id: true,
  role: true,
  displayName: true,
  permissions: true,
  allBranches: true,
  tenant: { select: { id: true, slug: true, name: true, kind: true } },
} as const;

type Row = {
  id: string;
  role: Role;
  displayName: string;
  permissions: unknown;
  allBranches: boolean;
  tenant: { id: string; slug: string; name: string; kind: ShopKind };
};

const toMembership = (row: Row): Membership => ({
  staffId: row.id,
  role: row.role,
  displayName: row.displayName,
  permissions: withinShop(effectivePermissions(row.role, row.permissions), row.tenant.kind),
  allBranches: row.role === 'owner' || row.allBranches,
  tenant: row.tenant,
});

/**
 * The user's membership of the shop at `slug`, or null (unknown shop, not a member and a
 * deactivated member look the same). Read on every admin request, so leaving takes effect at once.
 */
export async function findMembership(db: Db, userId: string, slug: string): Promise<Membership | null> {
  const row = await db.staff.findFirst({ where: { userId, deactivatedAt: null, tenant: { slug } }, select });
  return row ? toMembership(row) : null;
}

export async function listMemberships(db: Db, userId: string): Promise<Membership[]> {
  const rows = await db.staff.findMany({
    where: { userId, deactivatedAt: null },
    select,
    orderBy: { createdAt: 'asc' },
  });
  return rows.map(toMembership);
}

/** Where to go after signing in: the page asked for, else the only shop, else the shop list or sign-up. */
export function homePath(memberships: Membership[]): string {
  if (memberships.length === 0) return '/sign-up/shop';
  if (memberships.length === 1) return `/t/${memberships[0]!.tenant.slug}/admin/orders`;
  return '/shops';
}

/**
 * A `returnTo` we may redirect to: a path on this site (one leading slash, no scheme, no
 * backslashes or control characters), never another origin.
 */
export function safeReturnTo(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > 500) return null;
  if (!value.startsWith('/') || value.startsWith('//') || /[\\\p{Cc}]/u.test(value)) return null;
  try {
    const url = new URL(value, 'http://jiayi.invalid');
    if (url.origin !== 'http://jiayi.invalid') return null;
    return `${url.pathname}${url.search}`;
  } catch {
    return null;
  }
}
