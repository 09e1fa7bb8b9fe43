/**
 * Who may do what in a shop's admin. Pure, shared by the API (every admin route names the
 * area and level it needs) and the UI (which shows only what a person may use).
 *
 * - Three roles: owner, manager, staff. A role is a preset; the owner fine-tunes each manager's
 *   and staff member's access per area, within the role's limits.
 * - Eight areas: products, orders (also a branch's online-ordering switch), customers,
 *   analytics, settings (LINE connection, shop details and kind), team (members, invitations,
 *   the audit log), restaurant (a restaurant's branches and, with them, its menus, hours and
 *   pickup methods; only shown to shops that run a restaurant, see `areasFor`), attendance
 *   (everyone's clock-ins, corrections, the payroll CSV; a manager corrects, staff do not).
 * - Three levels per area: none < view < manage. `manage` includes `view`.
 * - Owners always manage everything. Only owners manage the team (invite, change roles and
 *   permissions, remove members); others can at most see it.
 * - What a member reaches of a restaurant is also limited by their branches
 *   (domain/restaurant/branch-access.ts).
 */

import { runsRestaurant, type ShopKind } from '../restaurant/shop-kind.ts';

export const ROLES = ['owner', 'manager', 'staff'] as const;
export type Role = (typeof ROLES)[number];

export const AREAS = [
  'products',
  'orders',
  'customers',
  'analytics',
  'settings',
  'team',
  'restaurant',
  'attendance',
] as const;
export type Area = (typeof AREAS)[number];

export const ACCESS_LEVELS = ['none', 'view', 'manage'] as const;
export type Access = (typeof ACCESS_LEVELS)[number];
/** What a route or a button needs. */
export type Need = Exclude<Access, 'none'>;

export type Permissions = Record<Area, Access>;

const RANK: Record<Access, number> = { none: 0, view: 1, manage: 2 };

const all = (access: Access): Permissions => Object.fromEntries(AREAS.map((area) => [area, access])) as Permissions;

/** What each role gets unless the owner says otherwise. */
export const ROLE_DEFAULTS: Readonly<Record<Role, Readonly<Permissions>>> = {
  owner: all('manage'),
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
export const ROLE_LIMITS: Readonly<Record<Role, Readonly<Permissions>>> = {
  owner: all('manage'),
  manager: { ...all('manage'), team: 'view' },
  staff: { ...all('manage'), team: 'view' },
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function isArea(value: unknown): value is Area {
  return typeof value === 'string' && (AREAS as readonly string[]).includes(value);
}

export function isAccess(value: unknown): value is Access {
  return typeof value === 'string' && (ACCESS_LEVELS as readonly string[]).includes(value);
}

/** True when `have` is at least `need`. */
export function atLeast(have: Access, need: Access): boolean {
  return RANK[have] >= RANK[need];
}

/**
 * A member's access in every area: the role's defaults, overridden by what was stored for
 * them (anything unreadable is ignored), never above the role's limits. Owners: everything.
 */
export function effectivePermissions(role: Role, stored?: unknown): Permissions {
  if (role === 'owner') return all('manage');
  const result: Permissions = { ...ROLE_DEFAULTS[role] };
  if (stored && typeof stored === 'object' && !Array.isArray(stored)) {
    for (const [area, access] of Object.entries(stored as Record<string, unknown>)) {
      if (isArea(area) && isAccess(access)) result[area] = access;
    }
  }
  for (const area of AREAS) {
    if (!atLeast(ROLE_LIMITS[role][area], result[area])) result[area] = ROLE_LIMITS[role][area];
  }
  return result;
}

/** May someone with `permissions` do what needs `need` in `area`? */
export function can(permissions: Permissions, area: Area, need: Need): boolean {
  return atLeast(permissions[area], need);
}

export type PermissionProblem =
  { code: 'invalid_area' | 'invalid_access'; area: string } | { code: 'above_role_limit'; area: Area; limit: Access };

/**
 * Checks a permission map an owner submits for a role: every key an area, every value a level,
 * nothing above the role's limit. Missing areas take the role's defaults. Returns the full map,
 * or the first problem.
 */
export function validatePermissions(
  role: Role,
  input: Record<string, unknown> | null | undefined,
): { ok: true; permissions: Permissions } | { ok: false; problem: PermissionProblem } {
  const result: Permissions = { ...ROLE_DEFAULTS[role] };
  for (const [area, access] of Object.entries(input ?? {})) {
    if (!isArea(area)) return { ok: false, problem: { code: 'invalid_area', area } };
    if (!isAccess(access)) return { ok: false, problem: { code: 'invalid_access', area } };
    if (!atLeast(ROLE_LIMITS[role][area], access)) {
      return { ok: false, problem: { code: 'above_role_limit', area, limit: ROLE_LIMITS[role][area] } };
    }
    result[area] = access;
  }
  return { ok: true, permissions: role === 'owner' ? all('manage') : result };
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

/** The areas that mean something to a shop of this kind (the permission editor shows these). */
export function areasFor(kind: ShopKind): Area[] {
  return AREAS.filter((area) => area !== 'restaurant' || runsRestaurant(kind));
}

/** The areas a member can at least see, in menu order (for navigation). */
export function visibleAreas(permissions: Permissions): Area[] {
  return AREAS.filter((area) => can(permissions, area, 'view'));
}
