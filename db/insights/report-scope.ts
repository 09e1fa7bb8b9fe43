import { taipeiDayRange } from '../../domain/taipei-time.ts';
import { rollupSpans } from '../../domain/insights/month-spans.ts';
import { storedPaymentKey, type PaymentKey, type PickupKey } from '../../domain/insights/revenue-class.ts';
import type { OrderStatus } from '../../domain/orders/order-status.ts';
import { Prisma } from '../client.ts';

/** The rollups' branch key of an order without a branch (a +1 order). */
export const NO_BRANCH_KEY = '00000000-0000-0000-0000-000000000000';

/**
 * What one report covers: one tenant, Taipei days `from`..`to` (YYYYMMDD, both included), and
 * the branches it may show — null for the whole shop (orders without a branch too), else only
 * these (a member limited to branches never sees the rest).
 */
export interface ReportScope {
  tenantId: string;
  from: string;
  to: string;
  branchIds: readonly string[] | null;
}

/** 交易明細's filters on top of the scope; each one is also a key of the day rollup. */
export interface TransactionFilter {
  payment?: PaymentKey | undefined;
  pickup?: PickupKey | undefined;
  status?: OrderStatus | undefined;
}

/** The scope and filter on a day rollup aliased `r` (report_daily_sales/items/choices). */
export function rollupConditions(scope: ReportScope, filter: TransactionFilter = {}): Prisma.Sql {
  return Prisma.sql`r.day BETWEEN ${scope.from} AND ${scope.to} AND ${keyConditions(scope, filter)}`;
}

/** The shop, its branches and the filter on a rollup aliased `r`, days aside. */
function keyConditions(scope: ReportScope, filter: TransactionFilter): Prisma.Sql {
  const parts = [Prisma.sql`r.tenant_id = ${scope.tenantId}::uuid`];
  if (scope.branchIds) parts.push(Prisma.sql`r.branch_key = ANY(${[...scope.branchIds]}::uuid[])`);
  if (filter.payment) parts.push(Prisma.sql`r.payment_key = ${storedPaymentKey(filter.payment)}`);
  if (filter.pickup) parts.push(Prisma.sql`r.pickup_key = ${filter.pickup === 'none' ? '' : filter.pickup}`);
  if (filter.status) parts.push(Prisma.sql`r.status = ${filter.status}::order_status`);
  return Prisma.join(parts, ' AND ');
}

const ROLLUPS = {
  sales: { days: Prisma.raw('report_daily_sales'), months: Prisma.raw('report_monthly_sales') },
  items: { days: Prisma.raw('report_daily_items'), months: Prisma.raw('report_monthly_items') },
  choices: { days: Prisma.raw('report_daily_choices'), months: Prisma.raw('report_monthly_choices') },
} as const;

/**
 * The rows of a rollup for the scope, as a subquery aliased `r` with `columns` (none of them the
 * day): the whole months from the month rollup and the days at either end from the day rollup
 * (domain/insights/month-spans.ts), so a two-year range reads 24 rows a key instead of 731 and
 * sums to the same figures.
 */
export function rollupRows(
  kind: keyof typeof ROLLUPS,
  columns: Prisma.Sql,
  scope: ReportScope,
  filter: TransactionFilter = {},
): Prisma.Sql {
  const { days, months } = rollupSpans(scope.from, scope.to);
  const keys = keyConditions(scope, filter);
  const parts: Prisma.Sql[] = [];
  if (days.length > 0) {
    const inDays = Prisma.join(
      days.map(([from, to]) => Prisma.sql`r.day BETWEEN ${from} AND ${to}`),
      ' OR ',
    );
    parts.push(Prisma.sql`SELECT ${columns} FROM ${ROLLUPS[kind].days} r WHERE (${inDays}) AND ${keys}`);
  }
  if (months)
    parts.push(
      Prisma.sql`SELECT ${columns} FROM ${ROLLUPS[kind].months} r WHERE r.month BETWEEN ${months[0]} AND ${months[1]} AND ${keys}`,
    );
  return Prisma.sql`(${Prisma.join(parts, ' UNION ALL ')}) r`;
}

/**
 * The same on `orders o` joined to its `report_orders f`: created within the days' Taipei
 * midnights, so the orders index on (tenant_id, created_at) serves it.
 */
export function orderConditions(scope: ReportScope, filter: TransactionFilter = {}): Prisma.Sql {
  const start = taipeiDayRange(scope.from).start;
  const end = taipeiDayRange(scope.to).end;
  const parts = [
    Prisma.sql`o.tenant_id = ${scope.tenantId}::uuid AND o.created_at >= ${start} AND o.created_at < ${end}`,
  ];
  if (scope.branchIds) parts.push(Prisma.sql`o.branch_id = ANY(${[...scope.branchIds]}::uuid[])`);
  if (filter.payment) parts.push(Prisma.sql`f.payment_key = ${storedPaymentKey(filter.payment)}`);
  if (filter.pickup) {
    parts.push(
      filter.pickup === 'none'
        ? Prisma.sql`o.pickup_method IS NULL`
        : Prisma.sql`o.pickup_method = ${filter.pickup}::pickup_method`,
    );
  }
  if (filter.status) parts.push(Prisma.sql`o.status = ${filter.status}::order_status`);
  return Prisma.join(parts, ' AND ');
}
