import { taipeiDaySeries } from '../../domain/insights/day-series.ts';
import {
  averageOrder,
  emptyClassFigures,
  paymentKeyOf,
  type ClassFigures,
  type Figure,
  type RevenueClass,
} from '../../domain/insights/revenue-class.ts';
import { Prisma, type Db } from '../client.ts';
import { rollupConditions, rollupRows, type ReportScope, type TransactionFilter } from './report-scope.ts';

export interface RevenueDay extends ClassFigures {
  day: string;
  /** Delivery fees within the day's sales. */
  deliveryFees: number;
  average: number;
}

/** 日營收總覽: every Taipei day of the range, the whole range, and the sales by payment and pickup method. */
export interface DailyRevenue {
  range: { from: string; to: string };
  days: RevenueDay[];
  totals: ClassFigures & { deliveryFees: number; average: number };
  /** Sales only, largest first. */
  byPayment: ({ method: string } & Figure)[];
  byPickup: ({ method: string } & Figure)[];
}

interface Row {
  /** Which grouping the row is of: 'day', 'payment' or 'pickup'. */
  kind: 'day' | 'payment' | 'pickup';
  day: string | null;
  class: RevenueClass;
  payment_key: string | null;
  pickup_key: string | null;
  orders: number;
  amount: number;
  delivery_fees: number;
}

const SALES_COLUMNS = Prisma.sql`r.status, r.refunded, r.payment_key, r.pickup_key, r.orders, r.amount, r.delivery_fees`;

/**
 * Read from the rollups only (交易明細's filters narrow it for that page's chart), grouped in the
 * database: the days from the day totals (the day rollup when a payment or pickup filter needs
 * its split), the methods from whole months and the edge days (rollupRows), so a two-year range
 * is a few thousand rows whatever the order count.
 */
export async function loadDailyRevenue(
  db: Db,
  scope: ReportScope,
  filter: TransactionFilter = {},
): Promise<DailyRevenue> {
  const dayTable = filter.payment || filter.pickup ? Prisma.raw('report_daily_sales') : Prisma.raw('report_daily_totals');
  const [dayRows, methodRows] = await Promise.all([
    db.$queryRaw<Row[]>`
      SELECT 'day' AS kind, day, class, NULL AS payment_key, NULL AS pickup_key,
             sum(orders)::int AS orders, sum(amount)::int AS amount, sum(delivery_fees)::int AS delivery_fees
      FROM (SELECT r.day, report_revenue_class(r.status, r.refunded) AS class, r.orders, r.amount, r.delivery_fees
            FROM ${dayTable} r WHERE ${rollupConditions(scope, filter)}) r
      GROUP BY day, class HAVING sum(orders) <> 0`,
    db.$queryRaw<Row[]>`
      SELECT CASE WHEN GROUPING(payment_key) = 0 THEN 'payment' ELSE 'pickup' END AS kind,
             NULL AS day, class, payment_key, pickup_key,
             sum(orders)::int AS orders, sum(amount)::int AS amount, sum(delivery_fees)::int AS delivery_fees
      FROM (SELECT report_revenue_class(r.status, r.refunded) AS class, r.payment_key, r.pickup_key,
                   r.orders, r.amount, r.delivery_fees
            FROM ${rollupRows('sales', SALES_COLUMNS, scope, filter)}) r
      WHERE class = 'sales'
      GROUP BY GROUPING SETS ((class, payment_key), (class, pickup_key)) HAVING sum(orders) <> 0`,
  ]);
  const rows = [...dayRows, ...methodRows];

  const byDay = new Map<string, RevenueDay>();
  const totals = { ...emptyClassFigures(), deliveryFees: 0, average: 0 };
  const payment = new Map<string, Figure>();
  const pickup = new Map<string, Figure>();
  const dayOf = (day: string) => {
    let found = byDay.get(day);
    if (!found) byDay.set(day, (found = { day, ...emptyClassFigures(), deliveryFees: 0, average: 0 }));
    return found;
  };
  for (const r of rows) {
    if (r.kind === 'day') {
      const day = dayOf(r.day!);
      add(day[r.class], r);
      add(totals[r.class], r);
      if (r.class === 'sales') {
        day.deliveryFees += r.delivery_fees;
        totals.deliveryFees += r.delivery_fees;
      }
    } else if (r.class === 'sales') {
      if (r.kind === 'payment') add(figureOf(payment, paymentKeyOf(r.payment_key!)), r);
      else add(figureOf(pickup, r.pickup_key || 'none'), r);
    }
  }
  totals.average = averageOrder(totals.sales);
  const days = taipeiDaySeries(scope.from, scope.to).map((key) => {
    const day = byDay.get(key) ?? dayOf(key);
    return { ...day, average: averageOrder(day.sales) };
  });
  return {
    range: { from: scope.from, to: scope.to },
    days,
    totals,
    byPayment: ranked(payment),
    byPickup: ranked(pickup),
  };
}

function add(figure: Figure, row: { orders: number; amount: number }) {
  figure.orders += row.orders;
  figure.amount += row.amount;
}

function figureOf(map: Map<string, Figure>, key: string): Figure {
  let found = map.get(key);
  if (!found) map.set(key, (found = { orders: 0, amount: 0 }));
  return found;
}

function ranked(map: Map<string, Figure>): ({ method: string } & Figure)[] {
  return [...map]
    .map(([method, f]) => ({ method, ...f }))
    .sort((a, b) => b.amount - a.amount || a.method.localeCompare(b.method));
}
