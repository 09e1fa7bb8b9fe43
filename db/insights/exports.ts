import { Prisma, type Db, type OrderStatus } from '../client.ts';
import { couldBeOrderNumberPart } from '../../domain/orders/order-number.ts';
import { containsPattern } from '../sql-like.ts';

/** Rows fetched per query while streaming an export: memory stays flat whatever the shop's size. */
export const EXPORT_BATCH = 2000;

export interface ProductExportRow {
  id: string;
  code: string;
  name: string;
  description: string | null;
  category: string | null;
  price: number;
  stock: number;
  is_public: boolean;
  image_url: string | null;
  created_at: Date;
}

/** Every product of one tenant (deleted ones left out), by code, in batches (keyset paging). */
export async function* productsForExport(db: Db, tenantId: string): AsyncGenerator<ProductExportRow> {
  let after = '';
  for (;;) {
    const rows = await db.$queryRaw<ProductExportRow[]>`
      SELECT id, code, name, description, category, price, stock, is_public, image_url, created_at
      FROM products
      WHERE tenant_id = ${tenantId}::uuid AND deleted_at IS NULL AND code > ${after}
      ORDER BY code LIMIT ${EXPORT_BATCH}`;
    yield* rows;
    if (rows.length < EXPORT_BATCH) return;
    after = rows.at(-1)!.code;
  }
}

export interface OrderItemExportRow {
  order_id: string;
  number: string;
  created_at: Date;
  status: string;
  total: number;
  tracking_number: string | null;
  memo: string | null;
  customer_name: string;
  customer_line_user_id: string;
  product_code: string | null;
  product_name: string | null;
  unit_price: number | null;
  requested_quantity: number | null;
  allocated_quantity: number | null;
}

/**
 * One row per order item (an order without items still gets one row), oldest order first,
 * in batches of orders paged by (created_at, id), the order list's own index. `filter` is the
 * order list's: a status, and `q`, part of an order number or of the customer's name.
 */
export async function* orderItemsForExport(
  db: Db,
  tenantId: string,
  filter: { status?: OrderStatus | null; q?: string | null } = {},
): AsyncGenerator<OrderItemExportRow> {
  const conditions = orderExportConditions(tenantId, filter);
  let after: { createdAt: Date; id: string } = { createdAt: new Date(0), id: '00000000-0000-0000-0000-000000000000' };
  for (;;) {
    const rows = await db.$queryRaw<OrderItemExportRow[]>`
      WITH page AS (
        SELECT o.* FROM orders o
        WHERE o.tenant_id = ${tenantId}::uuid AND (o.created_at, o.id) > (${after.createdAt}, ${after.id}::uuid)
          ${conditions}
        ORDER BY o.created_at, o.id LIMIT ${EXPORT_BATCH})
      SELECT page.id AS order_id, page.number, page.created_at, page.status::text AS status, page.total,
             page.tracking_number, page.memo, c.display_name AS customer_name, c.line_user_id AS customer_line_user_id,
             i.product_code, i.product_name, i.unit_price, i.requested_quantity, i.allocated_quantity
      FROM page
      JOIN customers c ON c.id = page.customer_id AND c.tenant_id = page.tenant_id
      LEFT JOIN order_items i ON i.order_id = page.id AND i.tenant_id = page.tenant_id
      ORDER BY page.created_at, page.id, i.product_code`;
    yield* rows;
    const last = rows.at(-1);
    const orders = new Set(rows.map((r) => r.order_id)).size;
    if (!last || orders < EXPORT_BATCH) return;
    after = { createdAt: last.created_at, id: last.order_id };
  }
}

/** The order list's filters (api/orders/orders.ts) as SQL on `orders o`. */
function orderExportConditions(
  tenantId: string,
  filter: { status?: OrderStatus | null; q?: string | null },
): Prisma.Sql {
  const parts: Prisma.Sql[] = [];
  if (filter.status) parts.push(Prisma.sql`AND o.status = ${filter.status}::order_status`);
  const q = filter.q?.trim();
  if (q) {
    const byName = Prisma.sql`o.customer_id IN (SELECT id FROM customers
      WHERE tenant_id = ${tenantId}::uuid AND display_name ILIKE ${containsPattern(q)})`;
    parts.push(
      couldBeOrderNumberPart(q)
        ? Prisma.sql`AND (o.number ILIKE ${containsPattern(q.normalize('NFKC'))} OR ${byName})`
        : Prisma.sql`AND ${byName}`,
    );
  }
  return parts.length ? Prisma.join(parts, ' ') : Prisma.empty;
}
