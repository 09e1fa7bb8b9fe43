import { v7 as uuidv7 } from 'uuid';
import { allocateStock, type Allocation } from '../../domain/orders/stock.ts';
import { formatOrderNumber } from '../../domain/orders/order-number.ts';
import { taipeiDayKey } from '../../domain/taipei-time.ts';
import type { OrderStatus } from '../../domain/orders/order-status.ts';
import type { OrderTarget } from '../../domain/line-chat/chat-command.ts';
import type { Db } from '../client.ts';
import { notifyOrderChanged } from './order-changes.ts';

export interface PlaceOrderInput {
  tenantId: string;
  customerId: string;
  /** The customer's own words decide the product: the newest public one, or a code. */
  target: OrderTarget;
  quantity: number;
  initialStatus: OrderStatus;
  /** LINE webhookEventId (or another source's id): at most one order per source event. */
  sourceEventId: string;
  /** LINE message ID of the command's message, so an edit of that message finds the order. */
  sourceMessageId?: string | null;
  workflowId: string;
  /** When the customer asked; decides the Asia/Taipei day in the order number. */
  placedAt: Date;
  actor: string;
}

export interface PlacedProduct {
  id: string;
  code: string;
  name: string;
  price: number;
}

export interface PlacedOrder {
  id: string;
  number: string;
  status: OrderStatus;
  total: number;
  items: { productCode: string; productName: string; unitPrice: number; requested: number; allocated: number }[];
}

export type PlaceOrderResult =
  | {
      kind: 'placed';
      order: PlacedOrder;
      product: PlacedProduct;
      allocation: Allocation;
      /** The tenant wants new orders pushed to its bound staff (Tenant.notifyNewOrders). */
      notifyStaff?: boolean;
    }
  | { kind: 'sold_out'; product: PlacedProduct; allocation: Allocation }
  | { kind: 'unknown_product'; code: string | null; quotedPhoto?: boolean };

interface ProductRow {
  id: string;
  code: string;
  name: string;
  price: number;
  stock: number;
}

/**
 * Reserves stock and creates the order in one transaction. The product row is locked
 * (SELECT ... FOR UPDATE), so concurrent orders for one product queue up and never oversell;
 * the daily order number comes from an atomic upsert, so no two orders share one. Running it
 * again for the same source event returns the order it already made.
 */
export async function placeOrder(db: Db, input: PlaceOrderInput): Promise<PlaceOrderResult> {
  return db.$transaction(async (tx) => {
    const existing = await findOrderBySourceEvent(tx as unknown as Db, input.tenantId, input.sourceEventId);
    if (existing) return existing;

    const products =
      input.target.type === 'newest'
        ? await tx.$queryRaw<ProductRow[]>`
            SELECT id, code, name, price, stock FROM products
            WHERE tenant_id = ${input.tenantId}::uuid AND is_public AND deleted_at IS NULL
            ORDER BY created_at DESC, code DESC LIMIT 1 FOR UPDATE`
        : input.target.type === 'code'
          ? await tx.$queryRaw<ProductRow[]>`
            SELECT id, code, name, price, stock FROM products
            WHERE tenant_id = ${input.tenantId}::uuid AND code = ${input.target.code}
              AND is_public AND deleted_at IS NULL
            FOR UPDATE`
          : await tx.$queryRaw<ProductRow[]>`
            SELECT p.id, p.code, p.name, p.price, p.stock FROM products p
            JOIN chat_product_photos photo ON photo.product_id = p.id AND photo.tenant_id = p.tenant_id
            WHERE p.tenant_id = ${input.tenantId}::uuid AND photo.message_id = ${input.target.messageId}
              AND p.is_public AND p.deleted_at IS NULL
            FOR UPDATE OF p`;
    const row = products[0];
    if (!row) {
      if (input.target.type === 'photo') return { kind: 'unknown_product', code: null, quotedPhoto: true };
      return { kind: 'unknown_product', code: input.target.type === 'code' ? input.target.code : null };
    }

    const product: PlacedProduct = { id: row.id, code: row.code, name: row.name, price: row.price };
    const allocation = allocateStock(row.stock, input.quantity);
    if (allocation.outcome === 'none') return { kind: 'sold_out', product, allocation };

    if (allocation.outcome !== 'unlimited') {
      await tx.$executeRaw`UPDATE products SET stock = ${allocation.stockAfter}, updated_at = now() WHERE id = ${row.id}::uuid`;
    }

    const [tenant] = await tx.$queryRaw<{ order_prefix: string; notify_new_orders: boolean }[]>`
      SELECT order_prefix, notify_new_orders FROM tenants WHERE id = ${input.tenantId}::uuid`;
    if (!tenant) throw new Error(`tenant ${input.tenantId} not found`);
    const day = taipeiDayKey(input.placedAt);
    const [sequence] = await tx.$queryRaw<{ value: number }[]>`
      INSERT INTO daily_sequences (tenant_id, kind, day, value)
      VALUES (${input.tenantId}::uuid, 'order_number', ${day}, 1)
      ON CONFLICT (tenant_id, kind, day) DO UPDATE SET value = daily_sequences.value + 1
      RETURNING value`;
    const number = formatOrderNumber(tenant.order_prefix, day, sequence!.value);
    const total = allocation.allocated * row.price;
    const orderId = uuidv7();

    await tx.$executeRaw`
      INSERT INTO orders (id, tenant_id, number, customer_id, status, total, source_event_id, source_message_id,
                          workflow_id, created_at, updated_at)
      VALUES (${orderId}::uuid, ${input.tenantId}::uuid, ${number}, ${input.customerId}::uuid,
              ${input.initialStatus}::order_status, ${total}, ${input.sourceEventId}, ${input.sourceMessageId ?? null},
              ${input.workflowId}, ${input.placedAt}, now())`;
    await tx.$executeRaw`
      INSERT INTO order_items (id, tenant_id, order_id, product_id, product_code, product_name, unit_price,
                               requested_quantity, allocated_quantity)
      VALUES (${uuidv7()}::uuid, ${input.tenantId}::uuid, ${orderId}::uuid, ${row.id}::uuid, ${row.code}, ${row.name},
              ${row.price}, ${input.quantity}, ${allocation.allocated})`;
    await tx.$executeRaw`
      INSERT INTO order_events (id, tenant_id, order_id, type, to_status, actor, data)
      VALUES (${uuidv7()}::uuid, ${input.tenantId}::uuid, ${orderId}::uuid, 'created', ${input.initialStatus}::order_status,
              ${input.actor}, ${JSON.stringify({ allocation, sourceEventId: input.sourceEventId })}::jsonb)`;
    await notifyOrderChanged(tx as unknown as Db, input.tenantId, orderId);

    return {
      kind: 'placed',
      product,
      allocation,
      notifyStaff: tenant.notify_new_orders,
      order: {
        id: orderId,
        number,
        status: input.initialStatus,
        total,
        items: [
          {
            productCode: row.code,
            productName: row.name,
            unitPrice: row.price,
            requested: input.quantity,
            allocated: allocation.allocated,
          },
        ],
      },
    };
  });
}

async function findOrderBySourceEvent(db: Db, tenantId: string, sourceEventId: string): Promise<PlaceOrderResult | null> {
  const order = await db.order.findUnique({
    where: { tenantId_sourceEventId: { tenantId, sourceEventId } },
    include: { items: true },
  });
  if (!order) return null;
  const item = order.items[0]!;
  const allocation = (
    await db.orderEvent.findFirst({ where: { orderId: order.id, type: 'created' }, select: { data: true } })
  )?.data as { allocation: Allocation } | null;
  const tenant = await db.tenant.findUnique({ where: { id: tenantId }, select: { notifyNewOrders: true } });
  return {
    kind: 'placed',
    notifyStaff: tenant?.notifyNewOrders ?? false,
    product: { id: item.productId, code: item.productCode, name: item.productName, price: item.unitPrice },
    allocation: allocation!.allocation,
    order: {
      id: order.id,
      number: order.number,
      status: order.status,
      total: order.total,
      items: order.items.map((i) => ({
        productCode: i.productCode,
        productName: i.productName,
        unitPrice: i.unitPrice,
        requested: i.requestedQuantity,
        allocated: i.allocatedQuantity,
      })),
    },
  };
}
