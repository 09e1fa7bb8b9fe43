import { revenueClass, paymentKeyOf, type Figure, type RevenueClass } from '../../domain/insights/revenue-class.ts';
import type { OrderStatus } from '../../domain/orders/order-status.ts';
import { Prisma, type Db } from '../client.ts';
import { taipeiDaySeries } from '../../domain/insights/day-series.ts';
import { orderConditions, rollupRows, type ReportScope, type TransactionFilter } from './report-scope.ts';

/** Where a page ends: its last row's (created_at, id). */
export interface TransactionCursor {
  createdAt: Date;
  id: string;
}

/** One line of 交易明細: the seed's columns. */
export interface TransactionRow {
  id: string;
  createdAt: Date;
  number: string;
  status: OrderStatus;
  revenueClass: RevenueClass;
  branchName: string | null;
  customerName: string;
  /** The customer's LINE user ID (LINE mid), for LINE marketing. */
  lineUserId: string;
  /** null on +1 orders. */
  pickupMethod: string | null;
  pickupNumber: string | null;
  /** 'none' until the order records how it was paid. */
  paymentMethod: string;
  /** The e-invoice's number once one is issued, else null. */
  invoiceNumber: string | null;
  /** 希望送達: the slot the customer picked. */
  wantedAt: Date | null;
  /** 結單時間: when it reached its final status (完成、出貨、取消、拒單); null while open. */
  closedAt: Date | null;
  total: number;
  deliveryFee: number;
}

interface RawRow {
  id: string;
  created_at: Date;
  number: string;
  status: OrderStatus;
  was_paid: boolean;
  branch_name: string | null;
  customer_name: string;
  line_user_id: string;
  pickup_method: string | null;
  pickup_number: string | null;
  payment_key: string;
  invoice_number: string | null;
  wanted_at: Date | null;
  closed_at: Date | null;
  total: number;
  delivery_fee: number;
}

/**
 * A page of transactions, newest first, after `cursor` (keyset paging on the orders index
 * (tenant_id, created_at); `limit` rows at most). The invoice number is the order's e-invoice's
 * (order_invoices), once issued.
 */
export async function transactionPage(
  db: Db,
  scope: ReportScope,
  filter: TransactionFilter,
  cursor: TransactionCursor | null,
  limit: number,
): Promise<TransactionRow[]> {
  const after = cursor
    ? Prisma.sql`AND (o.created_at, o.id) < (${cursor.createdAt}, ${cursor.id}::uuid)`
    : Prisma.empty;
  const rows = await db.$queryRaw<RawRow[]>`
    SELECT o.id, o.created_at, o.number, o.status::text AS status, f.was_paid, b.name AS branch_name,
           c.display_name AS customer_name, c.line_user_id, o.pickup_method::text AS pickup_method, o.pickup_number,
           f.payment_key,
           (SELECT i.invoice_no FROM order_invoices i WHERE i.order_id = o.id AND i.tenant_id = o.tenant_id) AS invoice_number,
           o.wanted_at, o.total, o.delivery_fee,
           CASE WHEN o.status IN ('completed', 'shipped', 'cancelled', 'rejected') THEN
             (SELECT max(e.created_at) FROM order_events e
              WHERE e.order_id = o.id AND e.tenant_id = o.tenant_id AND e.to_status = o.status)
           END AS closed_at
    FROM orders o
    JOIN report_orders f ON f.order_id = o.id
    JOIN customers c ON c.id = o.customer_id AND c.tenant_id = o.tenant_id
    LEFT JOIN branches b ON b.id = o.branch_id AND b.tenant_id = o.tenant_id
    WHERE ${orderConditions(scope, filter)} ${after}
    ORDER BY o.created_at DESC, o.id DESC
    LIMIT ${limit}`;
  return rows.map((r) => ({
    id: r.id,
    createdAt: r.created_at,
    number: r.number,
    status: r.status,
    revenueClass: revenueClass(r.status, r.was_paid),
    branchName: r.branch_name,
    customerName: r.customer_name,
    lineUserId: r.line_user_id,
    pickupMethod: r.pickup_method,
    pickupNumber: r.pickup_number,
    paymentMethod: paymentKeyOf(r.payment_key),
    invoiceNumber: r.invoice_number,
    wantedAt: r.wanted_at,
    closedAt: r.closed_at,
    total: r.total,
    deliveryFee: r.delivery_fee,
  }));
}

/** Rows fetched per query while streaming the CSV: memory stays flat whatever the range. */
export const TRANSACTION_BATCH = 5000;

/**
 * Every transaction the filter selects, in the page's order, batch by batch: one Taipei day at a
 * time, newest first, keyset-paged within the day. Each query then reads one day's slice of the
 * orders index and sorts only that, however long the range (a keyset over the whole range made
 * the database sort all the rows left at every batch).
 */
export async function* allTransactions(
  db: Db,
  scope: ReportScope,
  filter: TransactionFilter,
  batch = TRANSACTION_BATCH,
): AsyncGenerator<TransactionRow> {
  for (const day of taipeiDaySeries(scope.from, scope.to).reverse()) {
    const dayScope = { ...scope, from: day, to: day };
    let cursor: TransactionCursor | null = null;
    for (;;) {
      const rows = await transactionPage(db, dayScope, filter, cursor, batch);
      yield* rows;
      const last = rows.at(-1);
      if (!last || rows.length < batch) break;
      cursor = { createdAt: last.createdAt, id: last.id };
    }
  }
}

/** How many transactions the filter selects and what they total, from the month and day rollups. */
export async function transactionTotals(db: Db, scope: ReportScope, filter: TransactionFilter): Promise<Figure> {
  const [row] = await db.$queryRaw<Figure[]>`
    SELECT coalesce(sum(r.orders), 0)::int AS orders, coalesce(sum(r.amount), 0)::int AS amount
    FROM ${rollupRows('sales', Prisma.sql`r.orders, r.amount`, scope, filter)}`;
  return row!;
}
