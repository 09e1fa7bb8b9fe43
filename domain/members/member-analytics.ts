import { taipeiDaySeries } from '../insights/day-series.ts';
import { averageOrder, type Figure } from '../insights/revenue-class.ts';
import { taipeiDayKey } from '../taipei-time.ts';

/**
 * The figures of 會員經營分析 and 會員標籤分析, worked out from what the database counted.
 *
 * What counts: done orders (domain/members/order-outcomes.ts: a restaurant order completed, a
 * "+1" order shipped), the same ones that earn points and make tiers; cancelled, rejected and
 * refunded orders never are. An order is a member's when its customer had joined by the time
 * they placed it, so a past period reads the same after more customers join.
 *
 * The database groups by the UTC hour (hours since the epoch): Taiwan keeps UTC+8 without
 * daylight saving, so every hour lies within one Taipei day, and which day that is is decided
 * here, in one place, for orders and new members alike.
 */

const HOUR_MS = 3_600_000;

/** The Asia/Taipei day (YYYYMMDD) an hour since the epoch falls on. */
export function taipeiDayOfHour(hour: number): string {
  return taipeiDayKey(new Date(hour * HOUR_MS));
}

/**
 * Folds hourly rows into every Taipei day of from..to (days without any at zero, so a chart
 * shows the quiet days too); hours outside the range are left out.
 */
export function bucketHoursByTaipeiDay<T extends { hour: number }, A>(
  from: string,
  to: string,
  rows: readonly T[],
  zero: () => A,
  add: (into: A, row: T) => A,
): Map<string, A> {
  const days = new Map(taipeiDaySeries(from, to).map((day): [string, A] => [day, zero()]));
  for (const row of rows) {
    const day = taipeiDayOfHour(row.hour);
    const into = days.get(day);
    if (into !== undefined) days.set(day, add(into, row));
  }
  return days;
}

/** part / whole as a percentage with one decimal (33.3), rounded half up; null when whole is 0. */
export function percentOf(part: number, whole: number): number | null {
  if (!(whole > 0)) return null;
  return Math.round((part * 1000) / whole) / 10;
}

/** One hour's done orders, of members or of everyone else. */
export interface OrderHour {
  hour: number;
  member: boolean;
  orders: number;
  amount: number;
}

/** One hour's new members. */
export interface JoinHour {
  hour: number;
  members: number;
}

/** Orders, NT$ and the average order (whole NT$, half up; 0 without orders). */
export interface Spend extends Figure {
  average: number;
}

export interface MemberAnalyticsDay {
  day: string;
  newMembers: number;
  member: Spend;
  nonMember: Spend;
}

export interface MemberAnalyticsTotals {
  newMembers: number;
  /** Members who had joined by the end of the period. */
  membersAtEnd: number;
  /** Members with at least one done order in the period. */
  activeMembers: number;
  /** Of those, the ones with two or more. */
  repeatMembers: number;
  /** repeatMembers / activeMembers in percent, one decimal; null without active members. */
  repurchaseRate: number | null;
  member: Spend;
  nonMember: Spend;
  /** The members' part of the period's revenue in percent; null without revenue. */
  memberRevenueShare: number | null;
}

export interface MemberAnalytics {
  range: { from: string; to: string };
  days: MemberAnalyticsDay[];
  totals: MemberAnalyticsTotals;
}

export function spend(figure: Figure): Spend {
  return { orders: figure.orders, amount: figure.amount, average: averageOrder(figure) };
}

/** Puts the database's counts together into the days and the period's totals. */
export function memberAnalytics(input: {
  from: string;
  to: string;
  joins: readonly JoinHour[];
  orders: readonly OrderHour[];
  membersAtEnd: number;
  activeMembers: number;
  repeatMembers: number;
}): MemberAnalytics {
  const { from, to } = input;
  const joined = bucketHoursByTaipeiDay(
    from,
    to,
    input.joins,
    () => 0,
    (n, r) => n + r.members,
  );
  const byDay = (member: boolean) =>
    bucketHoursByTaipeiDay(
      from,
      to,
      input.orders.filter((r) => r.member === member),
      noOrders,
      addOrders,
    );
  const ofMembers = byDay(true);
  const ofOthers = byDay(false);
  const days = [...joined.keys()].map((day) => ({
    day,
    newMembers: joined.get(day)!,
    member: spend(ofMembers.get(day)!),
    nonMember: spend(ofOthers.get(day)!),
  }));
  const sum = (pick: (d: MemberAnalyticsDay) => Figure): Figure =>
    days.reduce((t, d) => ({ orders: t.orders + pick(d).orders, amount: t.amount + pick(d).amount }), {
      orders: 0,
      amount: 0,
    });
  const member = spend(sum((d) => d.member));
  const nonMember = spend(sum((d) => d.nonMember));
  return {
    range: { from, to },
    days,
    totals: {
      newMembers: days.reduce((n, d) => n + d.newMembers, 0),
      membersAtEnd: input.membersAtEnd,
      activeMembers: input.activeMembers,
      repeatMembers: input.repeatMembers,
      repurchaseRate: percentOf(input.repeatMembers, input.activeMembers),
      member,
      nonMember,
      memberRevenueShare: percentOf(member.amount, member.amount + nonMember.amount),
    },
  };
}

const noOrders = (): Figure => ({ orders: 0, amount: 0 });
const addOrders = (into: Figure, row: OrderHour): Figure => ({
  orders: into.orders + row.orders,
  amount: into.amount + row.amount,
});

/** A group of members (a tag's, or all of them) and what they spent in the period. */
export interface GroupSpend extends Spend {
  members: number;
  /** Of them, those with a done order in the period. */
  buyers: number;
  /** buyers / members in percent, one decimal; null for an empty group. */
  buyerRate: number | null;
  /** NT$ per member (buyers or not), whole NT$ half up; 0 for an empty group. */
  perMember: number;
}

export function groupSpend(row: { members: number; buyers: number; orders: number; amount: number }): GroupSpend {
  return {
    members: row.members,
    buyers: row.buyers,
    ...spend(row),
    buyerRate: percentOf(row.buyers, row.members),
    perMember: row.members > 0 ? Math.round(row.amount / row.members) : 0,
  };
}

/** One tag (manual or rule), its members now, what they spent in the period. */
export interface TagSpend extends GroupSpend {
  tagId: string;
  name: string;
  kind: 'manual' | 'rule';
}

/** Tags by what their members spent, most first; then by members, then by name. */
export function rankTags(tags: readonly TagSpend[]): TagSpend[] {
  return [...tags].sort(
    (a, b) => b.amount - a.amount || b.members - a.members || a.name.localeCompare(b.name, 'zh-Hant'),
  );
}
