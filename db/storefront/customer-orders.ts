import type { OrderStatus } from '../../domain/orders/order-status.ts';
import type { Db } from '../client.ts';

/** An order as its customer sees it on the shop's page. */
export interface CustomerOrder {
  number: string;
  kind: 'restaurant' | 'plus_one';
  status: OrderStatus;
  /** 取餐號碼 of a restaurant order. */
  pickupNumber: string | null;
  total: number;
  trackingNumber: string | null;
  createdAt: string;
  items: { productName: string; unitPrice: number; quantity: number }[];
}

const select = {
  number: true,
  status: true,
  pickupNumber: true,
  pickupMethod: true,
  total: true,
  trackingNumber: true,
  createdAt: true,
  items: { select: { productName: true, unitPrice: true, allocatedQuantity: true }, orderBy: { id: 'asc' as const } },
} as const;

type Row = {
  number: string;
  status: OrderStatus;
  pickupNumber: string | null;
  pickupMethod: string | null;
  total: number;
  trackingNumber: string | null;
  createdAt: Date;
  items: { productName: string; unitPrice: number; allocatedQuantity: number }[];
};

const toCustomerOrder = (row: Row): CustomerOrder => ({
  number: row.number,
  kind: row.pickupMethod ? 'restaurant' : 'plus_one',
  status: row.status,
  pickupNumber: row.pickupNumber,
  total: row.total,
  trackingNumber: row.trackingNumber,
  createdAt: row.createdAt.toISOString(),
  items: row.items.map((item) => ({
    productName: item.productName,
    unitPrice: item.unitPrice,
    quantity: item.allocatedQuantity,
  })),
});

/** The customer's orders in this shop, newest first: chat orders and page orders alike. */
export async function listCustomerOrders(
  db: Db,
  tenantId: string,
  customerId: string,
  limit = 50,
): Promise<CustomerOrder[]> {
  const rows = await db.order.findMany({
    where: { tenantId, customerId },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: limit,
    select,
  });
  return rows.map(toCustomerOrder);
}

/** The order a page submit made (by its source), if it exists yet. */
export async function findCustomerOrderBySource(
  db: Db,
  tenantId: string,
  customerId: string,
  sourceEventId: string,
): Promise<CustomerOrder | null> {
  const row = await db.order.findFirst({ where: { tenantId, customerId, sourceEventId }, select });
  return row ? toCustomerOrder(row) : null;
}
