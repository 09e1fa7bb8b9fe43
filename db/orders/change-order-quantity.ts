import { v7 as uuidv7 } from 'uuid';
import { isQuantityEditable, reallocateStock } from '../../domain/orders/quantity-edit.ts';
import { ORDER_STATUS_LABELS_ZH, type OrderStatus } from '../../domain/orders/order-status.ts';
import type { Allocation } from '../../domain/orders/stock.ts';
import { offerToWaitlist } from './waitlist.ts';
import type { Db } from '../client.ts';
import { OrderStatusConflictError } from './change-order-status.ts';
import { notifyOrderChanged } from './order-changes.ts';

export interface ChangeOrderQuantityInput {
  tenantId: string;
  orderId: string;
  /** The new requested quantity (1..99). */
  quantity: number;
  actor: string;
  /** The Workflow Update's ID: a retried activity finds its own earlier write and stops. */
  changeId: string;
  /** Why, for the audit line (e.g. the LINE event that edited the message). */
  source?: Record<string, unknown>;
}

export interface ChangedOrderItem {
  productCode: string;
  productName: string;
  unitPrice: number;
  requested: number;
  allocated: number;
}

export interface ChangeOrderQuantityResult {
  status: OrderStatus;
  total: number;
  items: ChangedOrderItem[];
  /** How the new quantity was allocated (from the stock plus what the order held). */
  allocation: Allocation;
  product: { code: string; name: string };
  /** Requested/allocated before the change. */
  before: { requested: number; allocated: number };
}

interface ItemRow {
  id: string;
  product_id: string;
  product_code: string;
  product_name: string;
  unit_price: number;
  requested_quantity: number;
  allocated_quantity: number;
}

/**
 * Changes the quantity of a chat order (one item) in one transaction: the order row is locked
 * first, then the product row (the order of locks changeOrderStatus uses too), the order's
 * allocation goes back into the stock and the new quantity is taken from it (more when there
 * is more, partial when short, stock released when smaller; unlimited stays -1), the total
 * follows, and an audit line records before and after. Only 未購入 and 已購買 orders change
 * (OrderStatusConflictError 'not_editable' otherwise). Idempotent per changeId.
 */
export async function changeOrderQuantity(db: Db, input: ChangeOrderQuantityInput): Promise<ChangeOrderQuantityResult> {
  return db.$transaction(async (tx) => {
    const [order] = await tx.$queryRaw<{ status: OrderStatus }[]>`
      SELECT status FROM orders
      WHERE id = ${input.orderId}::uuid AND tenant_id = ${input.tenantId}::uuid FOR UPDATE`;
    if (!order) throw new OrderStatusConflictError('order_not_found', 'Order not found');
    const items = await tx.$queryRaw<ItemRow[]>`
      SELECT id, product_id, product_code, product_name, unit_price, requested_quantity, allocated_quantity
      FROM order_items WHERE order_id = ${input.orderId}::uuid AND tenant_id = ${input.tenantId}::uuid
      ORDER BY id`;
    const item = items[0];
    if (!item || items.length !== 1) {
      throw new OrderStatusConflictError('not_editable', '這筆訂單有多項商品，無法用修改訊息變更數量');
    }

    const done = await tx.orderEvent.findFirst({
      where: { orderId: input.orderId, type: 'quantity_changed', data: { path: ['changeId'], equals: input.changeId } },
      select: { data: true },
    });
    if (done) {
      const data = done.data as { allocation: Allocation; before: { requested: number; allocated: number } };
      const [current] = await tx.$queryRaw<{ total: number }[]>`
        SELECT total FROM orders WHERE id = ${input.orderId}::uuid`;
      return {
        status: order.status,
        total: current!.total,
        items: [toItem(item)],
        allocation: data.allocation,
        product: { code: item.product_code, name: item.product_name },
        before: data.before,
      };
    }

    if (!isQuantityEditable(order.status)) {
      throw new OrderStatusConflictError(
        'not_editable',
        `訂單目前是「${ORDER_STATUS_LABELS_ZH[order.status]}」，無法變更數量`,
      );
    }

    // The discounts were priced on these quantities and their uses taken: the order stays as paid for.
    if ((await tx.orderDiscount.count({ where: { tenantId: input.tenantId, orderId: input.orderId } })) > 0) {
      throw new OrderStatusConflictError('not_editable', '這筆訂單已經套用優惠，無法變更數量；需要更改請聯絡店家');
    }

    const [product] = await tx.$queryRaw<{ stock: number }[]>`
      SELECT stock FROM products
      WHERE id = ${item.product_id}::uuid AND tenant_id = ${input.tenantId}::uuid FOR UPDATE`;
    if (!product) throw new OrderStatusConflictError('order_not_found', 'Product not found');
    const allocation = reallocateStock(product.stock, item.allocated_quantity, input.quantity);
    if (allocation.outcome !== 'unlimited') {
      await tx.$executeRaw`
        UPDATE products SET stock = ${allocation.stockAfter}, updated_at = now() WHERE id = ${item.product_id}::uuid`;
      // A smaller order gives stock back: to whoever waits for it first.
      if (allocation.stockAfter > product.stock)
        await offerToWaitlist(tx as unknown as Db, input.tenantId, [item.product_id]);
    }
    await tx.$executeRaw`
      UPDATE order_items SET requested_quantity = ${input.quantity}, allocated_quantity = ${allocation.allocated}
      WHERE id = ${item.id}::uuid`;
    const total = allocation.allocated * item.unit_price;
    await tx.$executeRaw`
      UPDATE orders SET total = ${total}, updated_at = now() WHERE id = ${input.orderId}::uuid`;
    const before = { requested: item.requested_quantity, allocated: item.allocated_quantity };
    await tx.$executeRaw`
      INSERT INTO order_events (id, tenant_id, order_id, type, actor, data)
      VALUES (${uuidv7()}::uuid, ${input.tenantId}::uuid, ${input.orderId}::uuid, 'quantity_changed', ${input.actor},
              ${JSON.stringify({
                changeId: input.changeId,
                before,
                after: { requested: input.quantity, allocated: allocation.allocated },
                allocation,
                stockBefore: product.stock,
                totalAfter: total,
                ...(input.source ? { source: input.source } : {}),
              })}::jsonb)`;
    await notifyOrderChanged(tx as unknown as Db, input.tenantId, input.orderId);
    return {
      status: order.status,
      total,
      items: [toItem({ ...item, requested_quantity: input.quantity, allocated_quantity: allocation.allocated })],
      allocation,
      product: { code: item.product_code, name: item.product_name },
      before,
    };
  });
}

function toItem(row: ItemRow): ChangedOrderItem {
  return {
    productCode: row.product_code,
    productName: row.product_name,
    unitPrice: row.unit_price,
    requested: row.requested_quantity,
    allocated: row.allocated_quantity,
  };
}
