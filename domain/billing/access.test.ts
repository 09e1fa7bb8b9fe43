import { describe, expect, it } from 'vitest';
import { accessFor, canWrite, daysLeft } from './access.ts';
import { includesFeature } from './features.ts';

describe('billing access', () => {
  it('gives full access to a trialing or paying shop, whatever it had', () => {
    for (const current of ['full', 'grace', 'read_only'] as const) {
      expect(accessFor('trialing', current)).toBe('full');
      expect(accessFor('active', current)).toBe('full');
    }
  });
  it('starts the grace period on a failed payment once, and never lifts a read-only shop with it', () => {
    expect(accessFor('past_due', 'full')).toBe('grace');
    expect(accessFor('past_due', 'grace')).toBe('grace');
    expect(accessFor('unpaid', 'grace')).toBe('grace');
    expect(accessFor('past_due', 'read_only')).toBe('read_only');
  });
  it('makes a shop without a live subscription read-only', () => {
    expect(accessFor('checkout', 'full')).toBe('read_only');
    expect(accessFor('canceled', 'full')).toBe('read_only');
    expect(accessFor('incomplete_expired', 'grace')).toBe('read_only');
    expect(canWrite('read_only')).toBe(false);
    expect(canWrite('grace')).toBe(true);
    expect(canWrite(null)).toBe(true);
  });
  it('counts trial days left rounded up', () => {
    const now = new Date('2026-12-07T00:00:00Z');
    expect(daysLeft(new Date('2026-12-14T00:00:00Z'), now)).toBe(7);
    expect(daysLeft(new Date('2026-12-07T01:00:00Z'), now)).toBe(1);
    expect(daysLeft(new Date('2026-12-06T00:00:00Z'), now)).toBe(0);
  });
  it('unlocks MAX features by plan, and every feature for a shop Jiayi does not bill', () => {
    expect(includesFeature([], 'attendance')).toBe(false);
    expect(includesFeature(['attendance'], 'attendance')).toBe(true);
    expect(includesFeature(null, 'member_profiles')).toBe(true);
  });
});
