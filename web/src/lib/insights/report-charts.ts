import type { TFunction } from 'i18next';
import { dayKeyToIsoDate, formatNtd, shortDay } from '#lib/domain.ts';

/**
 * The reports' charts' inputs: the sales of each day as RevenueChart draws them, and the one
 * sentence a screen reader hears about the chart (the period, the total, the best day).
 */
export function salesDays(
  days: readonly { day: string; sales: { orders: number; amount: number } }[],
): { day: string; orders: number; revenue: number }[] {
  return days.map((d) => ({ day: d.day, orders: d.sales.orders, revenue: d.sales.amount }));
}

export function salesSummary(
  t: TFunction,
  /** The page's messages, with chartSummary and chartSummaryEmpty. */
  prefix: string,
  range: { from: string; to: string },
  days: readonly { day: string; orders: number; revenue: number }[],
  totals?: { orders: number; amount: number },
): string {
  const slash = (key: string) => dayKeyToIsoDate(key).replaceAll('-', '/');
  const from = slash(range.from);
  const to = slash(range.to);
  const best = days.reduce<(typeof days)[number] | null>((top, d) => (d.revenue > (top?.revenue ?? 0) ? d : top), null);
  const sum = totals ?? {
    orders: days.reduce((n, d) => n + d.orders, 0),
    amount: days.reduce((n, d) => n + d.revenue, 0),
  };
  if (!best && sum.orders === 0) return t(`${prefix}.chartSummaryEmpty`, { from, to });
  return t(`${prefix}.chartSummary`, {
    from,
    to,
    count: sum.orders,
    amount: formatNtd(sum.amount),
    bestDay: best ? shortDay(best.day) : '–',
    bestAmount: formatNtd(best?.revenue ?? 0),
  });
}
