import { v7 as uuidv7 } from 'uuid';
import {
  checkTransition,
  ORDER_STATUS_LABELS_ZH,
  releasesStock,
  type OrderStatus,
} from '../../domain/orders/order-status.ts';
import type { Db } from '../client.ts';
import { releaseOrderDiscounts } from '../promotions/checkout-discounts.ts';
import { notifyOrderChanged } from './order-changes.ts';
import { offerToWaitlist } from './waitlist.ts';

export interface ChangeOrderStatusInput {
  tenantId: string;
  orderId: string;
  to: OrderStatus;
  trackingNumber?: string | null;
  actor: string;
  /** The Workflow Update's ID: a retried activity finds its own earlier write and stops. */
  changeId: string;
  /**
   * Change only from this status (else OrderStatusConflictError 'status_changed'): a
   * reservation's expiry and confirmation each expect 未購入, so only one of them can act.
   */
  expectedFrom?: OrderStatus | null;
  /** Why, for the audit line (e.g. reservation_expired). */
  reason?: string | null;
}

export interface ChangeOrderStatusResult {
  status: OrderStatus;
  trackingNumber: string | null;
}

export class OrderStatusConflictError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'OrderStatusConflictError';
    this.code = code;
  }
}

/**
 * Stores a status change with its audit line; moving into 取消 returns the allocated stock to
 * the products (unlimited products keep -1) and the discounts' uses and points to the customer.
 * Idempotent per changeId.
 */
export async function changeOrderStatus(db: Db, input: ChangeOrderStatusInput): Promise<ChangeOrderStatusResult> {
  return db.$transaction(async (tx) => {
    const [order] = await tx.$queryRaw<{ status: OrderStatus; tracking_number: string | null }[]>`
      SELECT status, tracking_number FROM orders
      WHERE id = ${input.orderId}::uuid AND tenant_id = ${input.tenantId}::uuid FOR UPDATE`;
    if (!order) throw new OrderStatusConflictError('order_not_found', 'Order not found');

    const done = await tx.orderEvent.findFirst({
      where: { orderId: input.orderId, type: 'status_changed', data: { path: ['changeId'], equals: input.changeId } },
      select: { id: true },
    });
    if (done) return { status: order.status, trackingNumber: order.tracking_number };

    if (input.expectedFrom && order.status !== input.expectedFrom) {
      throw new OrderStatusConflictError(
        'status_changed',
        `訂單狀態已經變更為「${ORDER_STATUS_LABELS_ZH[order.status]}」，這次變更沒有執行`,
      );
    }
    const trackingNumber = input.trackingNumber?.trim() || null;
    const check = checkTransition(order.status, input.to, { trackingNumber });
    if (!check.ok) throw new OrderStatusConflictError(check.code, check.message);

    const nextTracking = input.to === 'shipped' ? (trackingNumber ?? order.tracking_number) : order.tracking_number;
    await tx.$executeRaw`
      UPDATE orders SET status = ${input.to}::order_status, tracking_number = ${nextTracking}, updated_at = now()
      WHERE id = ${input.orderId}::uuid AND tenant_id = ${input.tenantId}::uuid`;
    if (releasesStock(order.status, input.to)) {
      const returned = await tx.$queryRaw<{ id: string }[]>`
        UPDATE products p SET stock = p.stock + i.allocated_quantity, updated_at = now()
        FROM order_items i
        WHERE i.order_id = ${input.orderId}::uuid AND i.tenant_id = ${input.tenantId}::uuid
          AND p.id = i.product_id AND p.stock <> -1 AND i.allocated_quantity > 0
        RETURNING p.id`;
      // The stock goes to whoever waits for it before any new "+1" can take it.
      await offerToWaitlist(
        tx as unknown as Db,
        input.tenantId,
        returned.map((p) => p.id),
      );
      // A coupon, code or points used at the pay step go back with the stock.
      await releaseOrderDiscounts(tx, input.tenantId, input.orderId, new Date());
    }
    await tx.$executeRaw`
      INSERT INTO order_events (id, tenant_id, order_id, type, from_status, to_status, actor, data)
      VALUES (${uuidv7()}::uuid, ${input.tenantId}::uuid, ${input.orderId}::uuid, 'status_changed',
              ${order.status}::order_status, ${input.to}::order_status, ${input.actor},
              ${JSON.stringify({ changeId: input.changeId, trackingNumber: nextTracking, ...(input.reason ? { reason: input.reason } : {}) })}::jsonb)`;
    await notifyOrderChanged(tx as unknown as Db, input.tenantId, input.orderId);
    return { status: input.to, trackingNumber: nextTracking };
  });
}

/** An audit line for something that happened to an order outside a status change. */
export async function recordOrderEvent(
  db: Db,
  e: { tenantId: string; orderId: string; type: string; actor: string; data: Record<string, unknown> },
): Promise<void> {
  await db.orderEvent.create({
    data: {
      id: uuidv7(),
      tenantId: e.tenantId,
      orderId: e.orderId,
      type: e.type,
      actor: e.actor,
      data: e.data as object,
    },
  });
}
