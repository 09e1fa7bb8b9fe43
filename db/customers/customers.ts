import {
  averageDaysBetween,
  averageOrderValue,
  isVip,
  VIP_MIN_PURCHASES,
  type CustomerFilter,
} from '../../domain/customers/customer-stats.ts';
import { Prisma, type Db } from '../client.ts';
import { v7 as uuidv7 } from 'uuid';
import { containsPattern } from '../sql-like.ts';

export interface CustomerSummary {
  id: string;
  displayName: string;
  pictureUrl: string | null;
  lineUserId: string;
  joinedAt: string;
  /** When they blocked the shop on LINE (nothing is pushed to them); null while they follow. */
  blockedAt: string | null;
  orderCount: number;
  totalSpent: number;
  averageOrder: number;
  lastPurchaseAt: string | null;
  vip: boolean;
}

interface SummaryRow {
  id: string;
  display_name: string;
  picture_url: string | null;
  line_user_id: string;
  created_at: Date;
  blocked_at: Date | null;
  orders: number;
  spent: number;
  last_at: Date | null;
}

/** Purchases are orders that were not cancelled (已售完/取消 is no purchase). */
const purchaseStats = Prisma.sql`
  LEFT JOIN LATERAL (
    SELECT count(*)::int AS orders, coalesce(sum(o.total), 0)::int AS spent, max(o.created_at) AS last_at
    FROM orders o WHERE o.customer_id = c.id AND o.tenant_id = c.tenant_id AND o.status <> 'cancelled'
  ) s ON true`;

function toSummary(r: SummaryRow): CustomerSummary {
  return {
    id: r.id,
    displayName: r.display_name,
    pictureUrl: r.picture_url,
    lineUserId: r.line_user_id,
    joinedAt: r.created_at.toISOString(),
    blockedAt: r.blocked_at?.toISOString() ?? null,
    orderCount: r.orders,
    totalSpent: r.spent,
    averageOrder: averageOrderValue(r.spent, r.orders),
    lastPurchaseAt: r.last_at?.toISOString() ?? null,
    vip: isVip(r.orders),
  };
}

/**
 * One page of a tenant's customers, newest first: search by LINE display name (part of it)
 * or by one of their order numbers; the list's filters (有購買記錄, 本月新加入, VIP).
 */
export async function listCustomers(
  db: Db,
  tenantId: string,
  options: {
    query: string | null;
    filter: CustomerFilter;
    monthStart: Date;
    limit: number;
    after: { createdAt: Date; id: string } | null;
  },
): Promise<{ customers: CustomerSummary[]; next: { createdAt: Date; id: string } | null }> {
  const q = options.query?.trim() || null;
  const search = q
    ? Prisma.sql`AND (c.display_name ILIKE ${containsPattern(q)}
        OR c.id IN (SELECT customer_id FROM orders WHERE tenant_id = ${tenantId}::uuid AND number = ${q.toUpperCase()}))`
    : Prisma.empty;
  // Filters are semi-joins on orders, not conditions on the per-row stats below: the stats
  // are then computed only for the page's rows (the index on customers gives the order).
  const filter =
    options.filter === 'purchased'
      ? Prisma.sql`AND EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id AND o.tenant_id = c.tenant_id AND o.status <> 'cancelled')`
      : options.filter === 'vip'
        ? Prisma.sql`AND c.id IN (SELECT customer_id FROM orders WHERE tenant_id = ${tenantId}::uuid AND status <> 'cancelled'
                                  GROUP BY customer_id HAVING count(*) >= ${VIP_MIN_PURCHASES})`
        : options.filter === 'new_this_month'
          ? Prisma.sql`AND c.created_at >= ${options.monthStart}`
          : Prisma.empty;
  const page = options.after
    ? Prisma.sql`AND (c.created_at, c.id) < (${options.after.createdAt}, ${options.after.id}::uuid)`
    : Prisma.empty;
  const rows = await db.$queryRaw<SummaryRow[]>`
    SELECT c.id, c.display_name, c.picture_url, c.line_user_id, c.created_at, c.blocked_at, s.orders, s.spent, s.last_at
    FROM customers c ${purchaseStats}
    WHERE c.tenant_id = ${tenantId}::uuid ${search} ${filter} ${page}
    ORDER BY c.created_at DESC, c.id DESC LIMIT ${options.limit + 1}`;
  const more = rows.length > options.limit;
  const shown = rows.slice(0, options.limit);
  const last = shown.at(-1);
  return { customers: shown.map(toSummary), next: more && last ? { createdAt: last.created_at, id: last.id } : null };
}

export interface CustomerDetail extends CustomerSummary {
  /** Average days between purchases; null with fewer than two. */
  purchaseEveryDays: number | null;
  topProducts: { productCode: string; productName: string; units: number }[];
  orders: { number: string; status: string; total: number; createdAt: string; items: string }[];
}

/** One customer of one tenant, with what 顧客詳細資訊 shows; null if not theirs. */
export async function loadCustomer(db: Db, tenantId: string, customerId: string): Promise<CustomerDetail | null> {
  const [row] = await db.$queryRaw<SummaryRow[]>`
    SELECT c.id, c.display_name, c.picture_url, c.line_user_id, c.created_at, c.blocked_at, s.orders, s.spent, s.last_at
    FROM customers c ${purchaseStats}
    WHERE c.tenant_id = ${tenantId}::uuid AND c.id = ${customerId}::uuid`;
  if (!row) return null;
  const [orders, topProducts, purchaseDates] = await Promise.all([
    db.$queryRaw<{ number: string; status: string; total: number; created_at: Date; items: string }[]>`
      SELECT o.number, o.status::text AS status, o.total, o.created_at,
             coalesce(string_agg(i.product_name || ' × ' || i.allocated_quantity, '、' ORDER BY i.product_code), '') AS items
      FROM orders o LEFT JOIN order_items i ON i.order_id = o.id AND i.tenant_id = o.tenant_id
      WHERE o.tenant_id = ${tenantId}::uuid AND o.customer_id = ${customerId}::uuid
      GROUP BY o.id ORDER BY o.created_at DESC LIMIT 50`,
    db.$queryRaw<{ product_code: string; product_name: string; units: number }[]>`
      SELECT i.product_code, max(i.product_name) AS product_name, sum(i.allocated_quantity)::int AS units
      FROM order_items i JOIN orders o ON o.id = i.order_id AND o.tenant_id = i.tenant_id
      WHERE i.tenant_id = ${tenantId}::uuid AND o.customer_id = ${customerId}::uuid AND o.status <> 'cancelled'
      GROUP BY i.product_id, i.product_code HAVING sum(i.allocated_quantity) > 0
      ORDER BY units DESC, i.product_code LIMIT 5`,
    db.$queryRaw<{ created_at: Date }[]>`
      SELECT created_at FROM orders
      WHERE tenant_id = ${tenantId}::uuid AND customer_id = ${customerId}::uuid AND status <> 'cancelled'`,
  ]);
  return {
    ...toSummary(row),
    purchaseEveryDays: averageDaysBetween(purchaseDates.map((p) => p.created_at)),
    topProducts: topProducts.map((p) => ({ productCode: p.product_code, productName: p.product_name, units: p.units })),
    orders: orders.map((o) => ({
      number: o.number,
      status: o.status,
      total: o.total,
      createdAt: o.created_at.toISOString(),
      items: o.items,
    })),
  };
}

/** The customers among these LINE users that the shop already has. */
export async function findCustomersByLineId(
  db: Db,
  tenantId: string,
  lineUserIds: string[],
): Promise<Map<string, { id: string; displayName: string }>> {
  if (lineUserIds.length === 0) return new Map();
  const rows = await db.$queryRaw<{ id: string; line_user_id: string; display_name: string }[]>`
    SELECT id, line_user_id, display_name FROM customers
    WHERE tenant_id = ${tenantId}::uuid AND line_user_id IN (${Prisma.join([...new Set(lineUserIds)])})`;
  return new Map(rows.map((row) => [row.line_user_id, { id: row.id, displayName: row.display_name }]));
}

/**
 * The customers behind these LINE users in two statements, the new ones created under
 * `placeholderName` until nameCustomers (or ensureCustomer) gives them their LINE name.
 */
export async function ensureCustomersByLineId(
  tx: Db,
  tenantId: string,
  lineUserIds: string[],
  placeholderName: string,
): Promise<Map<string, { id: string; displayName: string }>> {
  const unique = [...new Set(lineUserIds)];
  if (unique.length === 0) return new Map();
  await tx.$executeRaw`
    INSERT INTO customers (id, tenant_id, line_user_id, display_name, updated_at)
    VALUES ${Prisma.join(unique.map((id) => Prisma.sql`(${uuidv7()}::uuid, ${tenantId}::uuid, ${id}, ${placeholderName}, now())`))}
    ON CONFLICT (tenant_id, line_user_id) DO NOTHING`;
  return findCustomersByLineId(tx, tenantId, unique);
}

/** Their LINE names and pictures for customers still under `placeholderName`. */
export async function nameCustomers(
  db: Db,
  tenantId: string,
  profiles: Map<string, { displayName: string; pictureUrl: string | null } | null>,
  placeholderName: string,
): Promise<void> {
  const named = [...profiles].flatMap(([id, profile]) => (profile ? [{ id, ...profile }] : []));
  if (named.length === 0) return;
  await db.$executeRaw`
    UPDATE customers c SET display_name = v.name, picture_url = v.picture, updated_at = now()
    FROM (VALUES ${Prisma.join(named.map((p) => Prisma.sql`(${p.id}, ${p.displayName}, ${p.pictureUrl})`))}) AS v(id, name, picture)
    WHERE c.tenant_id = ${tenantId}::uuid AND c.line_user_id = v.id AND c.display_name = ${placeholderName}`;
}
