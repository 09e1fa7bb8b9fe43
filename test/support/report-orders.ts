import { v7 as uuidv7 } from 'uuid';
import { Prisma, type Db } from '../../db/client.ts';
import type { OrderStatus } from '../../domain/orders/order-status.ts';

/**
 * Orders written straight to the tables, items with their option choices, as the order
 * activities write them; the report rollups are kept by the database's triggers, so what a
 * report test reads is exactly what production would read.
 */

export interface ReportLine {
  productId: string;
  code: string;
  name: string;
  price: number;
  qty: number;
  choices?: { groupId: string; choiceId: string; groupName: string; name: string; priceDelta: number }[];
}

export async function reportOrder(
  db: Db,
  order: {
    tenantId: string;
    customerId: string;
    at: Date | string;
    status: OrderStatus;
    lines: ReportLine[];
    branchId?: string;
    pickupMethod?: 'pickup' | 'delivery' | 'dine_in';
    deliveryFee?: number;
  },
): Promise<{ id: string; number: string }> {
  const id = uuidv7();
  const number = `REP-${id.slice(-8)}`;
  await db.order.create({
    data: {
      id,
      tenantId: order.tenantId,
      number,
      customerId: order.customerId,
      status: order.status,
      total: order.lines.reduce((sum, l) => sum + l.price * l.qty, 0) + (order.deliveryFee ?? 0),
      deliveryFee: order.deliveryFee ?? 0,
      branchId: order.branchId ?? null,
      pickupMethod: order.pickupMethod ?? null,
      pickupNumber: order.pickupMethod ? '001' : null,
      sourceEventId: id,
      workflowId: id,
      createdAt: new Date(order.at),
      items: {
        create: order.lines.map((l) => ({
          id: uuidv7(),
          tenantId: order.tenantId,
          productId: l.productId,
          productCode: l.code,
          productName: l.name,
          unitPrice: l.price,
          requestedQuantity: l.qty,
          allocatedQuantity: l.qty,
          choices: l.choices ?? Prisma.DbNull,
        })),
      },
    },
  });
  return { id, number };
}
