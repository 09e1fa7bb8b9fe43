import { describe, expect, it } from 'vitest';
import { analyticsRangeFromQuery, analyticsRangeQuery, presetDays } from './analytics-range.ts';
import {
  bucketHoursByTaipeiDay,
  memberAnalytics,
  percentOf,
  rankTags,
  taipeiDayOfHour,
  groupSpend,
  type TagSpend,
} from './member-analytics.ts';

const hourOf = (iso: string) => Date.parse(iso) / 3_600_000;

describe('Taipei day bucketing', () => {
  it('puts an hour on the Taipei day it falls on: 16:00 UTC is the next day', () => {
    expect(taipeiDayOfHour(hourOf('2026-06-01T15:00:00Z'))).toBe('20260601'); // 23:00 in Taipei
    expect(taipeiDayOfHour(hourOf('2026-06-01T16:00:00Z'))).toBe('20260602'); // 00:00
    expect(taipeiDayOfHour(hourOf('2026-05-31T16:00:00Z'))).toBe('20260601');
  });

  it('fills every day of the range, adds up the hours of a day and leaves out hours outside', () => {
    const rows = [
      { hour: hourOf('2026-05-31T15:00:00Z'), n: 100 }, // 5/31 23:00, before the range
      { hour: hourOf('2026-05-31T16:00:00Z'), n: 1 }, // 6/1 00:00
      { hour: hourOf('2026-06-01T15:00:00Z'), n: 2 }, // 6/1 23:00
      { hour: hourOf('2026-06-01T16:00:00Z'), n: 4 }, // 6/2 00:00
      { hour: hourOf('2026-06-03T16:00:00Z'), n: 100 }, // 6/4, after it
    ];
    const days = bucketHoursByTaipeiDay(
      '20260601',
      '20260603',
      rows,
      () => 0,
      (sum, r) => sum + r.n,
    );
    expect([...days]).toEqual([
      ['20260601', 3],
      ['20260602', 4],
      ['20260603', 0],
    ]);
  });
});

describe('member analytics', () => {
  it('rounds percentages to one decimal, half up, and has none of nothing', () => {
    expect(percentOf(1, 3)).toBe(33.3);
    expect(percentOf(2, 3)).toBe(66.7);
    expect(percentOf(1, 8)).toBe(12.5);
    expect(percentOf(1, 2000)).toBe(0.1); // 0.05 rounds up
    expect(percentOf(3, 3)).toBe(100);
    expect(percentOf(0, 0)).toBeNull();
  });

  it('puts the days and the totals together: new members, revenue and averages apart, the repurchase rate', () => {
    const a = memberAnalytics({
      from: '20260601',
      to: '20260602',
      joins: [
        { hour: hourOf('2026-05-31T16:30:00Z'), members: 2 },
        { hour: hourOf('2026-06-02T03:00:00Z'), members: 1 },
      ],
      orders: [
        { hour: hourOf('2026-06-01T15:00:00Z'), member: true, orders: 2, amount: 301 },
        { hour: hourOf('2026-06-01T16:00:00Z'), member: true, orders: 1, amount: 100 },
        { hour: hourOf('2026-06-01T02:00:00Z'), member: false, orders: 3, amount: 250 },
      ],
      membersAtEnd: 10,
      activeMembers: 3,
      repeatMembers: 1,
    });
    expect(a.days).toEqual([
      {
        day: '20260601',
        newMembers: 2,
        member: { orders: 2, amount: 301, average: 151 },
        nonMember: { orders: 3, amount: 250, average: 83 },
      },
      {
        day: '20260602',
        newMembers: 1,
        member: { orders: 1, amount: 100, average: 100 },
        nonMember: { orders: 0, amount: 0, average: 0 },
      },
    ]);
    expect(a.totals).toEqual({
      newMembers: 3,
      membersAtEnd: 10,
      activeMembers: 3,
      repeatMembers: 1,
      repurchaseRate: 33.3,
      member: { orders: 3, amount: 401, average: 134 },
      nonMember: { orders: 3, amount: 250, average: 83 },
      memberRevenueShare: 61.6,
    });
  });

  it('has no rate and no share in a period without orders', () => {
    const a = memberAnalytics({
      from: '20260601',
      to: '20260601',
      joins: [],
      orders: [],
      membersAtEnd: 0,
      activeMembers: 0,
      repeatMembers: 0,
    });
    expect(a.totals.repurchaseRate).toBeNull();
    expect(a.totals.memberRevenueShare).toBeNull();
    expect(a.days).toHaveLength(1);
  });

  it("works out a tag's averages and ranks tags by what their members spent", () => {
    const tag = (tagId: string, name: string, f: Parameters<typeof groupSpend>[0]): TagSpend => ({
      tagId,
      name,
      kind: 'manual',
      ...groupSpend(f),
    });
    const spicy = tag('a', '愛吃辣', { members: 4, buyers: 3, orders: 5, amount: 1001 });
    expect(spicy).toMatchObject({ average: 200, perMember: 250, buyerRate: 75 });
    const empty = tag('b', '空標籤', { members: 0, buyers: 0, orders: 0, amount: 0 });
    expect(empty).toMatchObject({ average: 0, perMember: 0, buyerRate: null });
    const vip = tag('c', '常客', { members: 9, buyers: 2, orders: 2, amount: 1001 });
    expect(rankTags([empty, spicy, vip]).map((t) => t.name)).toEqual(['常客', '愛吃辣', '空標籤']);
  });
});

describe('the analytics period', () => {
  // 2026-06-15 08:00 in Taipei.
  const now = new Date('2026-06-15T00:00:00Z');

  it('covers today, the last 7 or 30 days, or this month up to today, in Taipei days', () => {
    expect(presetDays('today', now)).toEqual({ from: '20260615', to: '20260615' });
    expect(presetDays('7d', now)).toEqual({ from: '20260609', to: '20260615' });
    expect(presetDays('30d', now)).toEqual({ from: '20260517', to: '20260615' });
    expect(presetDays('month', now)).toEqual({ from: '20260601', to: '20260615' });
    // 23:30 on 5/31 UTC is already June 1st in Taipei.
    expect(presetDays('month', new Date('2026-05-31T16:30:00Z'))).toEqual({ from: '20260601', to: '20260601' });
  });

  it('reads the URL: a preset, a custom from/to, and the default for anything else', () => {
    expect(analyticsRangeFromQuery({ range: 'month' }, now)).toEqual({
      preset: 'month',
      from: '20260601',
      to: '20260615',
    });
    expect(analyticsRangeFromQuery({ from: '2026-01-02', to: '2026-01-31' }, now)).toEqual({
      preset: null,
      from: '20260102',
      to: '20260131',
    });
    const fallback = { preset: '30d', from: '20260517', to: '20260615' };
    expect(analyticsRangeFromQuery({ from: '2026-02-01', to: '2026-01-01' }, now)).toEqual(fallback);
    expect(analyticsRangeFromQuery({ from: '2026-02-30', to: '2026-03-01' }, now)).toEqual(fallback);
    expect(analyticsRangeFromQuery({ range: 'year' }, now)).toEqual(fallback);
    expect(analyticsRangeQuery({ preset: 'today', from: '20260615', to: '20260615' })).toEqual({ range: 'today' });
    expect(analyticsRangeQuery({ preset: null, from: '20260102', to: '20260131' })).toEqual({
      from: '2026-01-02',
      to: '2026-01-31',
    });
  });
});
