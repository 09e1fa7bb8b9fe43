import { describe, expect, it } from 'vitest';
import { isValidBirthday, memberCodeFrom, memberJoinSchema, PRIVACY_NOTICE_VERSION } from './member-profile.ts';
import {
  pointRuleProblems,
  pointsEarned,
  pointsExpireAt,
  pointsTakenBackByRefund,
  pointsToExpire,
  redeemPoints,
  ruleInEffect,
} from './points.ts';
import { describeSegment, segmentSchema } from './segment.ts';
import { tierFor, tierMoves, tierProblems, tierWindows, type TierRule } from './tiers.ts';

const tier = (rank: number, over: Partial<TierRule> = {}): TierRule => ({
  id: `t${rank}`,
  name: `T${rank}`,
  rank,
  minSpend: 0,
  minOrders: 0,
  windowDays: 365,
  discountPercent: 0,
  pointsMultiplierPct: 100,
  ...over,
});

describe('joining', () => {
  const schema = memberJoinSchema('2026-12-04');
  it('takes a Taiwanese mobile in any common writing, a real birthday and consent to this notice', () => {
    const joined = schema.parse({
      phone: '0912-345 678',
      birthday: '1990-02-28',
      gender: 'female',
      consent: true,
      consentVersion: PRIVACY_NOTICE_VERSION,
    });
    expect(joined.phone).toBe('0912345678');
  });
  it('refuses without consent, with a future or impossible birthday, or an old notice', () => {
    const base = {
      phone: '0912345678',
      birthday: null,
      gender: 'male',
      consent: true,
      consentVersion: PRIVACY_NOTICE_VERSION,
    };
    expect(schema.safeParse({ ...base, consent: false }).success).toBe(false);
    expect(schema.safeParse({ ...base, consentVersion: '2020-01' }).success).toBe(false);
    expect(isValidBirthday('2027-01-01', '2026-12-04')).toBe(false);
    expect(isValidBirthday('1990-02-30', '2026-12-04')).toBe(false);
    expect(isValidBirthday('1990-02-28', '2026-12-04')).toBe(true);
  });
  it('makes member codes a cashier can read: M and ten of an unambiguous alphabet', () => {
    const code = memberCodeFrom(new Uint8Array([0, 1, 2, 3, 4, 5, 6, 7, 8, 255]));
    expect(code).toMatch(/^M[2-9A-HJ-NP-Z]{10}$/);
  });
});

describe('points', () => {
  const rule = {
    spendPerPoint: 100,
    pointsPerOrder: 2,
    redeemPoints: 10,
    redeemAmount: 1,
    minRedeemPoints: 50,
    maxRedeemPercent: 20,
    maxRedeemAmount: null,
    expiryDays: 180,
  };
  it('earns per full NT$ spent plus per order, times tier and promotion multipliers, rounded down', () => {
    expect(pointsEarned(rule, { total: 1_299 })).toBe(14);
    expect(pointsEarned(rule, { total: 1_299, tierMultiplierPct: 150 })).toBe(21);
    expect(pointsEarned(rule, { total: 1_299, tierMultiplierPct: 150, promotionMultiplierPct: 200 })).toBe(42);
    expect(pointsEarned(rule, { total: 0 })).toBe(0);
  });
  it('redeems in whole steps within the balance, the minimum and the cap on the subtotal', () => {
    expect(redeemPoints(rule, { balance: 1_000, subtotal: 2_000, requested: null })).toEqual({
      ok: true,
      points: 1_000,
      discount: 100,
    });
    // 20% of NT$1,000 is NT$200, i.e. 2,000 points; the balance is the lower limit.
    expect(redeemPoints(rule, { balance: 5_005, subtotal: 1_000, requested: null })).toEqual({
      ok: true,
      points: 2_000,
      discount: 200,
    });
    expect(redeemPoints(rule, { balance: 99, subtotal: 1_000, requested: 95 })).toEqual({
      ok: true,
      points: 90,
      discount: 9,
    });
    expect(redeemPoints(rule, { balance: 40, subtotal: 1_000, requested: null })).toMatchObject({
      ok: false,
      code: 'below_minimum',
    });
    expect(redeemPoints(rule, { balance: 40, subtotal: 1_000, requested: 400 })).toMatchObject({
      ok: false,
      code: 'not_enough_points',
    });
    expect(
      redeemPoints({ ...rule, maxRedeemPercent: 0 }, { balance: 400, subtotal: 1_000, requested: null }),
    ).toMatchObject({ code: 'redeem_off' });
    // A cap of NT$150 an order under the 20% one: 1,500 points at most.
    expect(
      redeemPoints({ ...rule, maxRedeemAmount: 150 }, { balance: 5_005, subtotal: 1_000, requested: null }),
    ).toEqual({ ok: true, points: 1_500, discount: 150 });
  });
  it('picks the rule in effect by date and lapses points after the rule’s days', () => {
    const a = { id: 'a', effectiveFrom: new Date('2026-01-01T00:00:00Z') };
    const b = { id: 'b', effectiveFrom: new Date('2026-12-10T00:00:00Z') };
    expect(ruleInEffect([b, a], new Date('2026-12-04T00:00:00Z'))?.id).toBe('a');
    expect(ruleInEffect([a, b], new Date('2026-12-10T00:00:00Z'))?.id).toBe('b');
    expect(ruleInEffect([b], new Date('2026-12-04T00:00:00Z'))).toBeNull();
    expect(pointsExpireAt(rule, new Date('2026-01-01T00:00:00Z'))?.toISOString()).toBe('2026-06-30T00:00:00.000Z');
    expect(pointsExpireAt({ expiryDays: null }, new Date())).toBeNull();
  });
  it('expires only what was not spent, spending oldest first', () => {
    expect(pointsToExpire({ balance: 100, dueLot: 80, stillGood: 50 })).toBe(50);
    expect(pointsToExpire({ balance: 30, dueLot: 80, stillGood: 50 })).toBe(0);
    expect(pointsToExpire({ balance: 200, dueLot: 80, stillGood: 50 })).toBe(80);
  });
  it('takes back the refunded share of earned points, rounded down for the member, all of them at a full refund', () => {
    // 8 points on NT$70: NT$30 back is 3.43 points, 3 go; the rest later takes the other 5.
    expect(pointsTakenBackByRefund({ earned: 8, paid: 70, refunded: 30, takenBack: 0 })).toBe(3);
    expect(pointsTakenBackByRefund({ earned: 8, paid: 70, refunded: 70, takenBack: 3 })).toBe(5);
    // Two small refunds add up: NT$5 is 0.57 of a point (none), NT$10 together 1.14 (one).
    expect(pointsTakenBackByRefund({ earned: 8, paid: 70, refunded: 5, takenBack: 0 })).toBe(0);
    expect(pointsTakenBackByRefund({ earned: 8, paid: 70, refunded: 10, takenBack: 0 })).toBe(1);
    // A cancel took them all already; nothing earned; nothing paid.
    expect(pointsTakenBackByRefund({ earned: 8, paid: 70, refunded: 70, takenBack: 8 })).toBe(0);
    expect(pointsTakenBackByRefund({ earned: 0, paid: 70, refunded: 70, takenBack: 0 })).toBe(0);
    expect(pointsTakenBackByRefund({ earned: 8, paid: 0, refunded: 0, takenBack: 0 })).toBe(0);
  });
  it('names what is wrong with a rule', () => {
    expect(pointRuleProblems(rule)).toEqual([]);
    expect(pointRuleProblems({ ...rule, maxRedeemPercent: 120, expiryDays: 0 })).toHaveLength(2);
    expect(pointRuleProblems({ ...rule, maxRedeemAmount: 0 })).toEqual(['單筆折抵上限請填 1 元以上，或留空表示不限']);
  });
});

describe('tiers', () => {
  const tiers = [
    tier(1, { name: '銀卡', minSpend: 3_000 }),
    tier(2, { name: '金卡', minSpend: 10_000, minOrders: 20, windowDays: 180 }),
  ];
  it('gives the highest tier whose spend or order threshold is met in its own window', () => {
    const stats = (spend365: number, spend180: number, orders180: number) => (days: number) =>
      days === 365 ? { spend: spend365, orders: 0 } : { spend: spend180, orders: orders180 };
    expect(tierFor(tiers, stats(2_999, 0, 0))).toBeNull();
    expect(tierFor(tiers, stats(3_000, 0, 0))?.name).toBe('銀卡');
    expect(tierFor(tiers, stats(12_000, 10_000, 1))?.name).toBe('金卡');
    expect(tierFor(tiers, stats(5_000, 500, 20))?.name).toBe('金卡');
    expect(tierWindows(tiers)).toEqual([180, 365]);
  });
  it('counts the members a change moves, by from and to', () => {
    const moves = tierMoves([
      { currentTier: null, proposedTier: '銀卡' },
      { currentTier: null, proposedTier: '銀卡' },
      { currentTier: '金卡', proposedTier: '銀卡' },
      { currentTier: '銀卡', proposedTier: '銀卡' },
    ]);
    expect(moves).toEqual([
      { from: null, to: '銀卡', count: 2 },
      { from: '金卡', to: '銀卡', count: 1 },
    ]);
  });
  it('refuses duplicate names and ranks and out-of-range benefits', () => {
    expect(tierProblems(tiers)).toEqual([]);
    expect(tierProblems([...tiers, tier(2, { name: '銀卡', pointsMultiplierPct: 50 })]).length).toBeGreaterThanOrEqual(
      3,
    );
  });
});

describe('segments', () => {
  it('parses and reads out a rule tag like 近 30 天未回購 且 愛吃辣', () => {
    const segment = segmentSchema.parse({
      match: 'all',
      conditions: [
        { kind: 'lapsed', days: 30 },
        { kind: 'bought', keyword: '辣', minUnits: 3 },
      ],
    });
    expect(describeSegment(segment, { tags: new Map(), tiers: new Map() })).toBe(
      '近 30 天未回購，且買過「辣」相關品項 3 份以上',
    );
    expect(segmentSchema.safeParse({ match: 'all', conditions: [] }).success).toBe(false);
  });
});
