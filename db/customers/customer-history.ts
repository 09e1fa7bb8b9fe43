import type { OrderStatus } from '../../domain/orders/order-status.ts';
import type { Db } from '../client.ts';

export interface CustomerOrderHistory {
  /** Every order the customer has in this shop. */
  totalCount: number;
  /** The newest `limit` of them, newest first. */
  orders: {
    orderNumber: string;
    status: OrderStatus;
    total: number;
    createdAt: Date;
    items: { productCode: string; productName: string; allocated: number }[];
  }[];
}

/**
 * A customer's recent orders in one shop, found by their LINE user ID. Tenant-scoped: the
 * same LINE user in another shop (another provider, another ID anyway) is never read.
 */
export async function findCustomerOrderHistory(
  db: Db,
  tenantId: string,
  lineUserId: string,
  limit: number,
): Promise<CustomerOrderHistory> {
  const customer = await db.customer.findUnique({
    where: { tenantId_lineUserId: { tenantId, lineUserId } },
    select: { id: true },
  });
  if (!customer) return { totalCount: 0, orders: [] };
  const where = { tenantId, customerId: customer.id };
  const [totalCount, orders] = await Promise.all([
    db.order.count({ where }),
    db.order.findMany({
      where,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit,
      select: {
        number: true,
        status: true,
        total: true,
        createdAt: true,
        items: {
          where: { tenantId },
          orderBy: { id: 'asc' },
          select: { productCode: true, productName: true, allocatedQuantity: true },
        },
      },
    }),
  ]);
  return {
    totalCount,
    orders: orders.map((o) => ({
      orderNumber: o.number,
      status: o.status,
      total: o.total,
      createdAt: o.createdAt,
      items: o.items.map((i) => ({
        productCode: i.productCode,
        productName: i.productName,
        allocated: i.allocatedQuantity,
      })),
    })),
  };
}
