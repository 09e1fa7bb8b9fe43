/**
 * Who may do what in a shop's admin. Pure, shared by the API (every admin route names the
 * pages it serves and the level it needs) and the UI (which shows only what a person may use).
 *
 * - Three roles: owner, manager, staff. A role is a preset; the owner fine-tunes each manager's
 *   and staff member's access per page of the admin (domain/team/admin-pages.ts, grouped as
 *   the side menu), within the role's limits.
 * - Three levels per page: none < view < manage. `manage` includes `view`.
 * - A role's defaults are set per area (products, orders, customers, analytics, settings, team,
 *   restaurant, attendance) and every page takes its area's, so a new page needs no new preset.
 * - Owners always manage everything. Only owners manage the team (invite, change roles and
 *   permissions, remove members); others can at most see it.
 * - What a member reaches of a restaurant is also limited by their branches
 *   (domain/restaurant/branch-access.ts).
 */

import { AREAS, PAGE_KEYS, adminPage, isPageKey, pageApplies, type Area, type PageKey } from './admin-pages.ts';
import type { ShopKind } from '../restaurant/shop-kind.ts';

export { AREAS, PAGE_KEYS, isPageKey, type Area, type PageKey };

export const ROLES = ['owner', 'manager', 'staff'] as const;
export type Role = (typeof ROLES)[number];

export const ACCESS_LEVELS = ['none', 'view', 'manage'] as const;
export type Access = (typeof ACCESS_LEVELS)[number];
/** What a route or a button needs. */
export type Need = Exclude<Access, 'none'>;

/** A member's access to every page of the admin. */
export type Permissions = Record<PageKey, Access>;
type AreaAccess = Record<Area, Access>;

const RANK: Record<Access, number> = { none: 0, view: 1, manage: 2 };

const allAreas = (access: Access): AreaAccess =>
  Object.fromEntries(AREAS.map((area) => [area, access])) as AreaAccess;

/** What each role gets per area unless the owner says otherwise. */
const ROLE_AREA_DEFAULTS: Readonly<Record<Role, Readonly<AreaAccess>>> = {
  owner: allAreas('manage'),
  manager: {
    products: 'manage',
    orders: 'manage',
    customers: 'manage',
    analytics: 'view',
    settings: 'view',
    team: 'view',
    restaurant: 'manage',
    attendance: 'manage',
  },
  staff: {
    products: 'view',
    orders: 'manage',
    customers: 'view',
    analytics: 'none',
    settings: 'none',
    team: 'none',
    restaurant: 'view',
    attendance: 'none',
  },
};

/** The most each role can be given, per area. */
const ROLE_AREA_LIMITS: Readonly<Record<Role, Readonly<AreaAccess>>> = {
  owner: allAreas('manage'),
  manager: { ...allAreas('manage'), team: 'view' },
  staff: { ...allAreas('manage'), team: 'view' },
};

const perPage = (byArea: Readonly<AreaAccess>): Permissions =>
  Object.fromEntries(PAGE_KEYS.map((key) => [key, byArea[adminPage(key).area]])) as Permissions;

/** What each role gets on every page unless the owner says otherwise. */
export const ROLE_DEFAULTS: Readonly<Record<Role, Readonly<Permissions>>> = {
  owner: perPage(ROLE_AREA_DEFAULTS.owner),
  manager: perPage(ROLE_AREA_DEFAULTS.manager),
  staff: perPage(ROLE_AREA_DEFAULTS.staff),
};

/** The most each role can be given, per page. */
export const ROLE_LIMITS: Readonly<Record<Role, Readonly<Permissions>>> = {
  owner: perPage(ROLE_AREA_LIMITS.owner),
  manager: perPage(ROLE_AREA_LIMITS.manager),
  staff: perPage(ROLE_AREA_LIMITS.staff),
};

/** Every page at one level. */
export function allPages(access: Access): Permissions {
  return Object.fromEntries(PAGE_KEYS.map((key) => [key, access])) as Permissions;
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function isAccess(value: unknown): value is Access {
  return typeof value === 'string' && (ACCESS_LEVELS as readonly string[]).includes(value);
}

/** True when `have` is at least `need`. */
export function atLeast(have: Access, need: Access): boolean {
  return RANK[have] >= RANK[need];
}

/**
 * A member's access to every page: the role's defaults, overridden by what was stored for
 * them (anything unreadable is ignored), never above the role's limits. Owners: everything.
 */
export function effectivePermissions(role: Role, stored?: unknown): Permissions {
  if (role === 'owner') return allPages('manage');
  const result: Permissions = { ...ROLE_DEFAULTS[role] };
  if (stored && typeof stored === 'object' && !Array.isArray(stored)) {
    for (const [key, access] of Object.entries(stored as Record<string, unknown>)) {
      if (isPageKey(key) && isAccess(access)) result[key] = access;
    }
  }
  for (const key of PAGE_KEYS) {
    if (!atLeast(ROLE_LIMITS[role][key], result[key])) result[key] = ROLE_LIMITS[role][key];
  }
  return result;
}

/**
 * A member's permissions in a shop of this kind: a page the shop does not have (a restaurant's
 * board in a "+1" shop) grants nothing, so a route several pages share is not opened by it.
 */
export function withinShop(permissions: Permissions, kind: ShopKind): Permissions {
  const result = { ...permissions };
  for (const key of PAGE_KEYS) {
    if (!pageApplies(adminPage(key), kind, true)) result[key] = 'none';
  }
  return result;
}

/**
 * May someone with `permissions` do what needs `need` on `pages`? A route several pages use
 * (the product list, read by 商品管理, 菜單 and 庫存) names them all; one is enough.
 */
export function can(permissions: Permissions, pages: PageKey | readonly PageKey[], need: Need): boolean {
  const keys: readonly PageKey[] = typeof pages === 'string' ? [pages] : pages;
  return keys.some((key) => atLeast(permissions[key] ?? 'none', need));
}

export type PermissionProblem =
  | { code: 'invalid_page' | 'invalid_access'; page: string }
  | { code: 'above_role_limit'; page: PageKey; limit: Access };

/**
 * Checks a permission map an owner submits for a role: every key a page, every value a level,
 * nothing above the role's limit. Missing pages take the role's defaults. Returns the full map,
 * or the first problem.
 */
export function validatePermissions(
  role: Role,
  input: Record<string, unknown> | null | undefined,
): { ok: true; permissions: Permissions } | { ok: false; problem: PermissionProblem } {
  const result: Permissions = { ...ROLE_DEFAULTS[role] };
  for (const [page, access] of Object.entries(input ?? {})) {
    if (!isPageKey(page)) return { ok: false, problem: { code: 'invalid_page', page } };
    if (!isAccess(access)) return { ok: false, problem: { code: 'invalid_access', page } };
    if (!atLeast(ROLE_LIMITS[role][page], access)) {
      return { ok: false, problem: { code: 'above_role_limit', page, limit: ROLE_LIMITS[role][page] } };
    }
    result[page] = access;
  }
  return { ok: true, permissions: role === 'owner' ? allPages('manage') : result };
}

export type MemberChangeRefusal =
  /** The actor may not manage the team. */
  | 'forbidden'
  /** The shop would be left without an owner. */
  | 'last_owner'
  /** Nobody changes their own role or removes themselves; another owner must. */
  | 'self';

/**
 * May `actor` change `target`'s role (to `newRole`) or remove them (`newRole` null)?
 * `ownerCount` is how many owners the shop has now. Null when allowed.
 */
export function checkMemberChange(input: {
  actorPermissions: Permissions;
  actorIsTarget: boolean;
  targetRole: Role;
  newRole: Role | null;
  ownerCount: number;
}): MemberChangeRefusal | null {
  if (!can(input.actorPermissions, 'team', 'manage')) return 'forbidden';
  const roleChanges = input.newRole !== input.targetRole;
  if (input.actorIsTarget && roleChanges) return 'self';
  if (input.targetRole === 'owner' && roleChanges && input.ownerCount <= 1) return 'last_owner';
  return null;
}

/** The pages a member can at least see, in menu order. */
export function visiblePages(permissions: Permissions): PageKey[] {
  return PAGE_KEYS.filter((key) => can(permissions, key, 'view'));
}
