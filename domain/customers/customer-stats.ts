import { taipeiDayKey, taipeiDayRange } from '../taipei-time.ts';

/** Seed 000: a VIP customer has bought 10 times or more. */
export const VIP_MIN_PURCHASES = 10;

export const CUSTOMER_FILTERS = ['all', 'purchased', 'new_this_month', 'vip'] as const;
export type CustomerFilter = (typeof CUSTOMER_FILTERS)[number];

export function isVip(purchases: number): boolean {
  return purchases >= VIP_MIN_PURCHASES;
}

/** The first instant of the Asia/Taipei month that `now` falls in (本月新加入). */
export function startOfTaipeiMonth(now: Date): Date {
  const key = taipeiDayKey(now);
  return taipeiDayRange(`${key.slice(0, 6)}01`).start;
}

/**
 * Average days between consecutive purchases (購買頻率), or null with fewer than two.
 * Purchases may come in any order.
 */
export function averageDaysBetween(purchases: readonly Date[]): number | null {
  if (purchases.length < 2) return null;
  const times = purchases.map((d) => d.getTime()).sort((a, b) => a - b);
  const spanDays = (times.at(-1)! - times[0]!) / 86_400_000;
  return Math.round((spanDays / (times.length - 1)) * 10) / 10;
}

/** Integer NTD average per order, rounded half up; 0 without orders. */
export function averageOrderValue(totalSpent: number, orders: number): number {
  return orders === 0 ? 0 : Math.round(totalSpent / orders);
}
