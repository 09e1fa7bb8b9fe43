import { describe, expect, it } from 'vitest';
import { ADMIN_PAGES, pagesByGroup } from './admin-pages.ts';
import {
  PAGE_KEYS,
  ROLE_DEFAULTS,
  ROLE_LIMITS,
  ROLES,
  atLeast,
  can,
  checkMemberChange,
  effectivePermissions,
  validatePermissions,
  visiblePages,
  type Permissions,
} from './permissions.ts';

const owner = effectivePermissions('owner');
const manager = effectivePermissions('manager');

describe('roles and pages', () => {
  it('has the three roles, and every page of the admin but 線上客服 is a permission', () => {
    expect(ROLES).toEqual(['owner', 'manager', 'staff']);
    expect(PAGE_KEYS).toContain('settings/hours');
    expect(PAGE_KEYS).toContain('members/points');
    expect(PAGE_KEYS).not.toContain('help');
    expect(PAGE_KEYS.length).toBe(ADMIN_PAGES.length - 1);
    expect(new Set(PAGE_KEYS).size).toBe(PAGE_KEYS.length);
  });

  it('groups the pages as the side menu, and offers restaurant pages only to shops that run one', () => {
    const plusOne = pagesByGroup('plus_one', false).flatMap((group) => group.pages.map((entry) => entry.page));
    expect(plusOne).not.toContain('settings/hours');
    expect(plusOne).not.toContain('billing');
    expect(plusOne).toContain('orders');
    const restaurant = pagesByGroup('restaurant', true);
    expect(restaurant.map((group) => group.group)).toEqual(['setup', 'daily', 'reports', 'members', 'devices', 'system']);
    expect(restaurant[0]!.pages.slice(0, 4).map((entry) => entry.page)).toEqual([
      'settings/shop',
      'settings/branches',
      'settings/hours',
      'settings/pickup',
    ]);
  });

  it('orders the levels none < view < manage', () => {
    expect(atLeast('manage', 'view')).toBe(true);
    expect(atLeast('view', 'view')).toBe(true);
    expect(atLeast('view', 'manage')).toBe(false);
    expect(atLeast('none', 'view')).toBe(false);
  });

  it('keeps every default within its role’s limits, and team management to owners', () => {
    for (const role of ROLES) {
      for (const page of PAGE_KEYS) expect(atLeast(ROLE_LIMITS[role][page], ROLE_DEFAULTS[role][page])).toBe(true);
    }
    expect(ROLE_LIMITS.manager.team).toBe('view');
    expect(ROLE_LIMITS.staff.team).toBe('view');
  });

  it('gives each page its area’s preset', () => {
    expect(ROLE_DEFAULTS.staff['reports/daily']).toBe('none');
    expect(ROLE_DEFAULTS.staff['order-board']).toBe('manage');
    expect(ROLE_DEFAULTS.manager['settings/payments']).toBe('view');
    expect(ROLE_DEFAULTS.manager['members/points']).toBe('manage');
  });
});

describe('effectivePermissions', () => {
  it('gives owners everything, whatever was stored', () => {
    expect(effectivePermissions('owner', { orders: 'none' })).toEqual(
      Object.fromEntries(PAGE_KEYS.map((page) => [page, 'manage'])),
    );
  });

  it('applies stored overrides per page over the role’s defaults and ignores what it cannot read', () => {
    const p = effectivePermissions('staff', {
      products: 'manage',
      'reports/daily': 'view',
      bogus: 'manage',
      orders: 'root',
      help: 'none',
    });
    expect(p).toEqual({ ...ROLE_DEFAULTS.staff, products: 'manage', 'reports/daily': 'view' });
    expect(p['reports/transactions']).toBe('none');
    expect(effectivePermissions('staff', null)).toEqual(ROLE_DEFAULTS.staff);
    expect(effectivePermissions('staff', ['orders'])).toEqual(ROLE_DEFAULTS.staff);
  });

  it('never goes above the role’s limit, even when the database says so', () => {
    expect(effectivePermissions('manager', { team: 'manage' }).team).toBe('view');
    expect(effectivePermissions('staff', { team: 'manage' }).team).toBe('view');
  });
});

describe('can', () => {
  it('checks one page at the needed level', () => {
    const staff = effectivePermissions('staff');
    expect(can(staff, 'orders', 'manage')).toBe(true);
    expect(can(staff, 'products', 'view')).toBe(true);
    expect(can(staff, 'products', 'manage')).toBe(false);
    expect(can(staff, 'dashboard', 'view')).toBe(false);
    expect(can(owner, 'team', 'manage')).toBe(true);
    expect(can(manager, 'team', 'manage')).toBe(false);
  });

  it('passes a route several pages use when one of them is allowed', () => {
    const onlyMenu = effectivePermissions('staff', { products: 'none', menu: 'view' });
    expect(can(onlyMenu, ['products', 'menu'], 'view')).toBe(true);
    expect(can(onlyMenu, ['products', 'menu'], 'manage')).toBe(false);
    expect(can(onlyMenu, 'products', 'view')).toBe(false);
  });

  it('lists the pages a member can see, in menu order', () => {
    const staff = visiblePages(effectivePermissions('staff'));
    expect(staff).toContain('order-board');
    expect(staff).not.toContain('dashboard');
    expect(staff.indexOf('settings/hours')).toBeLessThan(staff.indexOf('order-board'));
    expect(visiblePages(owner)).toEqual([...PAGE_KEYS]);
  });
});

describe('validatePermissions', () => {
  it('fills in the role’s defaults and accepts what is within the limits', () => {
    const result = validatePermissions('staff', { orders: 'view', customers: 'none', 'members/points': 'view' });
    expect(result).toEqual({
      ok: true,
      permissions: { ...ROLE_DEFAULTS.staff, orders: 'view', customers: 'none', 'members/points': 'view' },
    });
  });

  it('refuses unknown pages, unknown levels, and more than the role allows', () => {
    expect(validatePermissions('staff', { kitchen: 'view' })).toEqual({
      ok: false,
      problem: { code: 'invalid_page', page: 'kitchen' },
    });
    expect(validatePermissions('staff', { analytics: 'view' })).toEqual({
      ok: false,
      problem: { code: 'invalid_page', page: 'analytics' },
    });
    expect(validatePermissions('staff', { orders: 'admin' })).toEqual({
      ok: false,
      problem: { code: 'invalid_access', page: 'orders' },
    });
    expect(validatePermissions('manager', { team: 'manage' })).toEqual({
      ok: false,
      problem: { code: 'above_role_limit', page: 'team', limit: 'view' },
    });
  });

  it('makes owners owners, whatever map comes with them', () => {
    const result = validatePermissions('owner', { orders: 'none' });
    expect(result.ok && result.permissions.orders).toBe('manage');
  });
});

describe('checkMemberChange', () => {
  const base = { actorPermissions: owner, actorIsTarget: false, targetRole: 'staff' as const, ownerCount: 1 };

  it('lets an owner change and remove others', () => {
    expect(checkMemberChange({ ...base, newRole: 'manager' })).toBeNull();
    expect(checkMemberChange({ ...base, newRole: null })).toBeNull();
    expect(checkMemberChange({ ...base, targetRole: 'owner', newRole: 'manager', ownerCount: 2 })).toBeNull();
  });

  it('refuses anyone without team management', () => {
    const managerActor: Permissions = manager;
    expect(checkMemberChange({ ...base, actorPermissions: managerActor, newRole: 'staff' })).toBe('forbidden');
  });

  it('never leaves a shop without an owner, and nobody demotes or removes themselves', () => {
    expect(checkMemberChange({ ...base, targetRole: 'owner', newRole: 'manager', ownerCount: 1 })).toBe('last_owner');
    expect(checkMemberChange({ ...base, targetRole: 'owner', newRole: null, ownerCount: 1 })).toBe('last_owner');
    expect(
      checkMemberChange({ ...base, actorIsTarget: true, targetRole: 'owner', newRole: 'staff', ownerCount: 3 }),
    ).toBe('self');
    // Editing one's own per-area permissions without a role change is not a role change.
    expect(checkMemberChange({ ...base, actorIsTarget: true, targetRole: 'owner', newRole: 'owner' })).toBeNull();
  });
});
