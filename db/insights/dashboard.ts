import { LOW_STOCK_THRESHOLD } from '../../domain/orders/stock.ts';
import { taipeiDayRange } from '../../domain/taipei-time.ts';
import { taipeiDaySeries } from '../../domain/insights/day-series.ts';
import type { Db } from '../client.ts';

export interface Dashboard {
  range: { from: string; to: string };
  totals: { orders: number; revenue: number; customers: number };
  products: { total: number; onSale: number; lowStock: number; soldOut: number };
  /** One entry per Taipei day of the range, empty days included, oldest first. */
  revenueByDay: { day: string; orders: number; revenue: number }[];
  bestSellers: { productCode: string; productName: string; units: number; revenue: number }[];
  recentOrders: { number: string; customerName: string; total: number; status: string; createdAt: string }[];
}

/**
 * The dashboard of one tenant for Asia/Taipei days `from`..`to` (YYYYMMDD). Revenue counts
 * every order except cancelled ones (已售完/取消), at what was allocated.
 */
export async function loadDashboard(db: Db, tenantId: string, range: { from: string; to: string }): Promise<Dashboard> {
  const days = taipeiDaySeries(range.from, range.to);
  const start = taipeiDayRange(range.from).start;
  const end = taipeiDayRange(range.to).end;

  const [totals, products, perDay, bestSellers, recent] = await Promise.all([
    db.$queryRaw<{ orders: number; revenue: number; customers: number }[]>`
      SELECT count(*)::int AS orders,
             coalesce(sum(total) FILTER (WHERE status <> 'cancelled'), 0)::int AS revenue,
             count(DISTINCT customer_id)::int AS customers
      FROM orders WHERE tenant_id = ${tenantId}::uuid AND created_at >= ${start} AND created_at < ${end}`,
    db.$queryRaw<{ total: number; on_sale: number; low_stock: number; sold_out: number }[]>`
      SELECT count(*)::int AS total,
             count(*) FILTER (WHERE is_public)::int AS on_sale,
             count(*) FILTER (WHERE stock > 0 AND stock < ${LOW_STOCK_THRESHOLD})::int AS low_stock,
             count(*) FILTER (WHERE stock = 0)::int AS sold_out
      FROM products WHERE tenant_id = ${tenantId}::uuid AND deleted_at IS NULL`,
    db.$queryRaw<{ day: string; orders: number; revenue: number }[]>`
      SELECT to_char(created_at AT TIME ZONE 'Asia/Taipei', 'YYYYMMDD') AS day,
             count(*)::int AS orders,
             coalesce(sum(total) FILTER (WHERE status <> 'cancelled'), 0)::int AS revenue
      FROM orders WHERE tenant_id = ${tenantId}::uuid AND created_at >= ${start} AND created_at < ${end}
      GROUP BY 1`,
    db.$queryRaw<{ product_code: string; product_name: string; units: number; revenue: number }[]>`
      SELECT i.product_code, max(i.product_name) AS product_name,
             sum(i.allocated_quantity)::int AS units, sum(i.allocated_quantity * i.unit_price)::int AS revenue
      FROM order_items i JOIN orders o ON o.id = i.order_id AND o.tenant_id = i.tenant_id
      WHERE i.tenant_id = ${tenantId}::uuid AND o.status <> 'cancelled'
        AND o.created_at >= ${start} AND o.created_at < ${end}
      GROUP BY i.product_id, i.product_code
      HAVING sum(i.allocated_quantity) > 0
      ORDER BY units DESC, revenue DESC, i.product_code LIMIT 10`,
    db.$queryRaw<{ number: string; customer_name: string; total: number; status: string; created_at: Date }[]>`
      SELECT o.number, c.display_name AS customer_name, o.total, o.status::text AS status, o.created_at
      FROM orders o JOIN customers c ON c.id = o.customer_id AND c.tenant_id = o.tenant_id
      WHERE o.tenant_id = ${tenantId}::uuid
      ORDER BY o.created_at DESC, o.id DESC LIMIT 5`,
  ]);

  const byDay = new Map(perDay.map((d) => [d.day, d]));
  const p = products[0]!;
  return {
    range,
    totals: totals[0]!,
    products: { total: p.total, onSale: p.on_sale, lowStock: p.low_stock, soldOut: p.sold_out },
    revenueByDay: days.map((day) => ({ day, orders: byDay.get(day)?.orders ?? 0, revenue: byDay.get(day)?.revenue ?? 0 })),
    bestSellers: bestSellers.map((b) => ({
      productCode: b.product_code,
      productName: b.product_name,
      units: b.units,
      revenue: b.revenue,
    })),
    recentOrders: recent.map((r) => ({
      number: r.number,
      customerName: r.customer_name,
      total: r.total,
      status: r.status,
      createdAt: r.created_at.toISOString(),
    })),
  };
}
