import { describe, expect, it } from 'vitest';
import {
  AREAS,
  ROLE_DEFAULTS,
  ROLE_LIMITS,
  ROLES,
  atLeast,
  can,
  checkMemberChange,
  areasFor,
  effectivePermissions,
  validatePermissions,
  visibleAreas,
  type Permissions,
} from './permissions.ts';

const owner = effectivePermissions('owner');
const manager = effectivePermissions('manager');

describe('roles and areas', () => {
  it('has the three roles and the eight areas', () => {
    expect(ROLES).toEqual(['owner', 'manager', 'staff']);
    expect(AREAS).toEqual([
      'products',
      'orders',
      'customers',
      'analytics',
      'settings',
      'team',
      'restaurant',
      'attendance',
    ]);
  });

  it('offers the restaurant area only to shops that run a restaurant', () => {
    expect(areasFor('plus_one')).not.toContain('restaurant');
    expect(areasFor('restaurant')).toEqual([...AREAS]);
    expect(areasFor('both')).toEqual([...AREAS]);
  });

  it('orders the levels none < view < manage', () => {
    expect(atLeast('manage', 'view')).toBe(true);
    expect(atLeast('view', 'view')).toBe(true);
    expect(atLeast('view', 'manage')).toBe(false);
    expect(atLeast('none', 'view')).toBe(false);
  });

  it('keeps every default within its role’s limits, and team management to owners', () => {
    for (const role of ROLES) {
      for (const area of AREAS) expect(atLeast(ROLE_LIMITS[role][area], ROLE_DEFAULTS[role][area])).toBe(true);
    }
    expect(ROLE_LIMITS.manager.team).toBe('view');
    expect(ROLE_LIMITS.staff.team).toBe('view');
  });
});

describe('effectivePermissions', () => {
  it('gives owners everything, whatever was stored', () => {
    expect(effectivePermissions('owner', { orders: 'none' })).toEqual(
      Object.fromEntries(AREAS.map((a) => [a, 'manage'])),
    );
  });

  it('applies stored overrides over the role’s defaults and ignores what it cannot read', () => {
    const p = effectivePermissions('staff', { products: 'manage', analytics: 'view', bogus: 'manage', orders: 'root' });
    expect(p).toEqual({ ...ROLE_DEFAULTS.staff, products: 'manage', analytics: 'view' });
    expect(effectivePermissions('staff', null)).toEqual(ROLE_DEFAULTS.staff);
    expect(effectivePermissions('staff', ['orders'])).toEqual(ROLE_DEFAULTS.staff);
  });

  it('never goes above the role’s limit, even when the database says so', () => {
    expect(effectivePermissions('manager', { team: 'manage' }).team).toBe('view');
    expect(effectivePermissions('staff', { team: 'manage' }).team).toBe('view');
  });
});

describe('can', () => {
  it('checks one area at the needed level', () => {
    const staff = effectivePermissions('staff');
    expect(can(staff, 'orders', 'manage')).toBe(true);
    expect(can(staff, 'products', 'view')).toBe(true);
    expect(can(staff, 'products', 'manage')).toBe(false);
    expect(can(staff, 'analytics', 'view')).toBe(false);
    expect(can(owner, 'team', 'manage')).toBe(true);
    expect(can(manager, 'team', 'manage')).toBe(false);
  });

  it('lists the areas a member can see, in menu order', () => {
    expect(visibleAreas(effectivePermissions('staff'))).toEqual(['products', 'orders', 'customers', 'restaurant']);
    expect(visibleAreas(owner)).toEqual([...AREAS]);
  });
});

describe('validatePermissions', () => {
  it('fills in the role’s defaults and accepts what is within the limits', () => {
    const result = validatePermissions('staff', { orders: 'view', customers: 'none' });
    expect(result).toEqual({ ok: true, permissions: { ...ROLE_DEFAULTS.staff, orders: 'view', customers: 'none' } });
  });

  it('refuses unknown areas, unknown levels, and more than the role allows', () => {
    expect(validatePermissions('staff', { kitchen: 'view' })).toEqual({
      ok: false,
      problem: { code: 'invalid_area', area: 'kitchen' },
    });
    expect(validatePermissions('staff', { orders: 'admin' })).toEqual({
      ok: false,
      problem: { code: 'invalid_access', area: 'orders' },
    });
    expect(validatePermissions('manager', { team: 'manage' })).toEqual({
      ok: false,
      problem: { code: 'above_role_limit', area: 'team', limit: 'view' },
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
