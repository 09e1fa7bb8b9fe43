import type { RestaurantAction, RestaurantOrderStatus } from '../../domain/restaurant/restaurant-order-status.ts';
import { releasesCapacity } from '../../domain/restaurant/restaurant-order-status.ts';
import type { Db } from '../client.ts';
import { releaseOrderDiscounts } from '../promotions/checkout-discounts.ts';
import { notifyOrderChanged, type OrderChangeKind } from '../orders/order-changes.ts';
import { releaseBranchStock } from './item-stock.ts';
import { releaseSlotCapacity } from './slot-capacity.ts';

/**
 * Stores one step of a restaurant order, decided by its workflow (which checked the status
 * machine): the status with its audit line, the reason of a rejection or cancellation, and, when
 * the order will never be made, its branch stock, slot and promo code use given back, all in one
 * transaction. Only from the status the workflow saw (a row changed some other way is left alone and its
 * status returned), and once per changeId, so a retried activity never applies a step twice.
 */

export interface ChangeRestaurantOrderInput {
  tenantId: string;
  orderId: string;
  from: RestaurantOrderStatus;
  to: RestaurantOrderStatus;
  action: RestaurantAction;
  /** staff:<id>, customer:<id>, system */
  actor: string;
  reason?: string | null;
  prepMinutes?: number | null;
  /** The Workflow Update's ID (or the timer's step): the activity's retries find their own write. */
  changeId: string;
}

export async function changeRestaurantOrder(
  db: Db,
  input: ChangeRestaurantOrderInput,
): Promise<{ status: RestaurantOrderStatus; changed: boolean }> {
  return db.$transaction(async (tx) => {
    const [order] = await tx.$queryRaw<
      {
        status: RestaurantOrderStatus;
        branch_id: string | null;
        wanted_at: Date | null;
        stock_day: string | null;
        pickup_method: string | null;
      }[]
    >`
      SELECT status, branch_id, wanted_at, stock_day, pickup_method FROM orders
       WHERE id = ${input.orderId}::uuid AND tenant_id = ${input.tenantId}::uuid FOR UPDATE`;
    if (!order) throw new Error(`restaurant order ${input.orderId} not found`);
    const done = await tx.orderEvent.findFirst({
      where: {
        tenantId: input.tenantId,
        orderId: input.orderId,
        type: 'status_changed',
        data: { path: ['changeId'], equals: input.changeId },
      },
      select: { id: true },
    });
    if (done || order.status !== input.from) return { status: order.status, changed: false };

    await tx.order.updateMany({
      where: { id: input.orderId, tenantId: input.tenantId },
      data: {
        status: input.to,
        ...(input.to === 'rejected' ? { rejectReason: input.reason ?? null } : {}),
        ...(input.to === 'cancelled' ? { cancelReason: input.reason ?? null } : {}),
        ...(input.to !== 'pending' ? { acceptBy: null } : {}),
      },
    });
    await tx.orderEvent.create({
      data: {
        tenantId: input.tenantId,
        orderId: input.orderId,
        type: 'status_changed',
        fromStatus: input.from,
        toStatus: input.to,
        actor: input.actor,
        data: {
          changeId: input.changeId,
          action: input.action,
          ...(input.reason ? { reason: input.reason } : {}),
          ...(input.prepMinutes ? { prepMinutes: input.prepMinutes } : {}),
        },
      },
    });
    if (releasesCapacity(input.to) && order.branch_id) {
      const items = await tx.orderItem.findMany({
        where: { tenantId: input.tenantId, orderId: input.orderId },
        select: { productId: true, allocatedQuantity: true },
      });
      const lines = items.map((i) => ({ productId: i.productId, quantity: i.allocatedQuantity }));
      if (order.stock_day) await releaseBranchStock(tx, input.tenantId, order.branch_id, lines, order.stock_day);
      if (order.wanted_at && order.pickup_method !== 'dine_in')
        await releaseSlotCapacity(tx, input.tenantId, order.branch_id, order.wanted_at, lines);
      await releaseOrderDiscounts(tx, input.tenantId, input.orderId, new Date());
    }
    await notifyOrderChanged(tx as unknown as Db, input.tenantId, input.orderId);
    return { status: input.to, changed: true };
  });
}

/** An event of the order's life that changes no status (a reminder, a wake-up), and the live pages told. */
export async function recordRestaurantOrderEvent(
  db: Db,
  e: { tenantId: string; orderId: string; type: string; data?: Record<string, unknown>; kind?: OrderChangeKind },
): Promise<void> {
  await db.$transaction(async (tx) => {
    const found = await tx.order.count({ where: { id: e.orderId, tenantId: e.tenantId } });
    if (!found) return;
    await tx.orderEvent.create({
      data: { tenantId: e.tenantId, orderId: e.orderId, type: e.type, actor: 'system', data: (e.data ?? {}) as object },
    });
    await notifyOrderChanged(tx as unknown as Db, e.tenantId, e.orderId, e.kind);
  });
}
