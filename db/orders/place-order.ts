import { v7 as uuidv7 } from 'uuid';
import { allocateStock, UNLIMITED_STOCK, type Allocation } from '../../domain/orders/stock.ts';
import { formatOrderNumber } from '../../domain/orders/order-number.ts';
import { taipeiDayKey } from '../../domain/taipei-time.ts';
import type { OrderStatus } from '../../domain/orders/order-status.ts';
import type { OrderTarget } from '../../domain/line-chat/chat-command.ts';
import { Prisma, type Db } from '../client.ts';
import { notifyOrdersChanged } from './order-changes.ts';
import { findNotificationSettings } from './notification-settings.ts';
import { pushesNewOrders, readNotificationSettings } from '../../domain/orders/notification-settings.ts';

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
      /** The shop wants new orders pushed (訂單通知設定: 新訂單 on, by LINE or e-mail). */
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
 * Reserves stock and creates the order in one transaction (placeOrders with one input).
 * Running it again for the same source event returns the order it already made.
 */
export async function placeOrder(db: Db, input: PlaceOrderInput): Promise<PlaceOrderResult> {
  return db.$transaction(async (tx) => (await placeOrders(tx as unknown as Db, input.tenantId, [input]))[0]!);
}

interface PlannedOrder {
  input: PlaceOrderInput;
  product: ProductRow;
  allocation: Allocation;
  orderId: string;
  day: string;
  number?: string;
}

/**
 * Places several orders of one shop inside the caller's transaction, in the order given (the
 * customers' own order, so the first to ask are the first served). Every product they name is
 * locked once (SELECT ... FOR UPDATE, in id order so that concurrent batches never deadlock),
 * its stock handed out one input at a time and written back once; the day's order numbers
 * come from one atomic upsert per Taipei day. An input whose source event already has an
 * order gets that order back. A burst of "+1"s for one product thus costs a handful of
 * statements instead of a transaction each queueing on the product's row lock.
 */
export async function placeOrders(tx: Db, tenantId: string, inputs: PlaceOrderInput[]): Promise<PlaceOrderResult[]> {
  if (inputs.length === 0) return [];
  const results = new Array<PlaceOrderResult | undefined>(inputs.length);
  const placedBefore = await tx.$queryRaw<{ source_event_id: string }[]>`
    SELECT source_event_id FROM orders
    WHERE tenant_id = ${tenantId}::uuid AND source_event_id IN (${Prisma.join(inputs.map((i) => i.sourceEventId))})`;
  const already = new Set(placedBefore.map((row) => row.source_event_id));
  for (const [index, input] of inputs.entries()) {
    if (already.has(input.sourceEventId))
      results[index] = (await findOrderBySourceEvent(tx, tenantId, input.sourceEventId))!;
  }

  const productOf = await lockTargetProducts(
    tx,
    tenantId,
    inputs.filter((input) => !already.has(input.sourceEventId)).map((input) => input.target),
  );
  const [tenant] = await tx.$queryRaw<{ order_prefix: string; notification_settings: unknown }[]>`
    SELECT t.order_prefix, s.settings AS notification_settings
    FROM tenants t LEFT JOIN order_notification_settings s ON s.tenant_id = t.id
    WHERE t.id = ${tenantId}::uuid`;
  if (!tenant) throw new Error(`tenant ${tenantId} not found`);
  const notifyStaff = pushesNewOrders(readNotificationSettings(tenant.notification_settings));

  const stockLeft = new Map<string, number>();
  const planned: PlannedOrder[] = [];
  for (const [index, input] of inputs.entries()) {
    if (results[index]) continue;
    const row = productOf.get(targetKey(input.target));
    if (!row) {
      results[index] =
        input.target.type === 'photo'
          ? { kind: 'unknown_product', code: null, quotedPhoto: true }
          : { kind: 'unknown_product', code: input.target.type === 'code' ? input.target.code : null };
      continue;
    }
    const allocation = allocateStock(stockLeft.get(row.id) ?? row.stock, input.quantity);
    stockLeft.set(row.id, allocation.stockAfter);
    const product: PlacedProduct = { id: row.id, code: row.code, name: row.name, price: row.price };
    if (allocation.outcome === 'none') {
      results[index] = { kind: 'sold_out', product, allocation };
      continue;
    }
    planned.push({ input, product: row, allocation, orderId: uuidv7(), day: taipeiDayKey(input.placedAt) });
    results[index] = { kind: 'placed', product, allocation, notifyStaff, order: null as never };
  }
  if (planned.length === 0) return results as PlaceOrderResult[];

  for (const [id, stock] of stockLeft) {
    if (stock !== UNLIMITED_STOCK)
      await tx.$executeRaw`UPDATE products SET stock = ${stock}, updated_at = now() WHERE id = ${id}::uuid`;
  }
  const days = Map.groupBy(planned, (order) => order.day);
  for (const [day, orders] of days) {
    const [sequence] = await tx.$queryRaw<{ value: number }[]>`
      INSERT INTO daily_sequences (tenant_id, kind, day, value)
      VALUES (${tenantId}::uuid, 'order_number', ${day}, ${orders.length})
      ON CONFLICT (tenant_id, kind, day) DO UPDATE SET value = daily_sequences.value + ${orders.length}
      RETURNING value`;
    const first = sequence!.value - orders.length + 1;
    orders.forEach((order, i) => (order.number = formatOrderNumber(tenant.order_prefix, day, first + i)));
  }
  await insertOrderRows(tx, tenantId, planned);

  for (const order of planned) {
    const index = inputs.indexOf(order.input);
    const placed = results[index] as Extract<PlaceOrderResult, { kind: 'placed' }>;
    placed.order = {
      id: order.orderId,
      number: order.number!,
      status: order.input.initialStatus,
      total: order.allocation.allocated * order.product.price,
      items: [
        {
          productCode: order.product.code,
          productName: order.product.name,
          unitPrice: order.product.price,
          requested: order.input.quantity,
          allocated: order.allocation.allocated,
        },
      ],
    };
  }
  return results as PlaceOrderResult[];
}

const targetKey = (target: OrderTarget) =>
  target.type === 'newest' ? 'newest' : target.type === 'code' ? `code:${target.code}` : `photo:${target.messageId}`;

/** The public products the targets name, locked, by targetKey. */
async function lockTargetProducts(tx: Db, tenantId: string, targets: OrderTarget[]): Promise<Map<string, ProductRow>> {
  const ids = new Map<string, string>();
  if (targets.some((t) => t.type === 'newest')) {
    const [newest] = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM products WHERE tenant_id = ${tenantId}::uuid AND is_public AND deleted_at IS NULL
      ORDER BY created_at DESC, code DESC LIMIT 1`;
    if (newest) ids.set('newest', newest.id);
  }
  const codes = [...new Set(targets.flatMap((t) => (t.type === 'code' ? [t.code] : [])))];
  if (codes.length > 0) {
    const rows = await tx.$queryRaw<{ id: string; code: string }[]>`
      SELECT id, code FROM products WHERE tenant_id = ${tenantId}::uuid AND code IN (${Prisma.join(codes)})
        AND is_public AND deleted_at IS NULL`;
    for (const row of rows) ids.set(`code:${row.code}`, row.id);
  }
  const photos = [...new Set(targets.flatMap((t) => (t.type === 'photo' ? [t.messageId] : [])))];
  if (photos.length > 0) {
    const rows = await tx.$queryRaw<{ id: string; message_id: string }[]>`
      SELECT p.id, photo.message_id FROM products p
      JOIN chat_product_photos photo ON photo.product_id = p.id AND photo.tenant_id = p.tenant_id
      WHERE p.tenant_id = ${tenantId}::uuid AND photo.message_id IN (${Prisma.join(photos)})
        AND p.is_public AND p.deleted_at IS NULL`;
    for (const row of rows) ids.set(`photo:${row.message_id}`, row.id);
  }
  if (ids.size === 0) return new Map();
  const locked = await tx.$queryRaw<ProductRow[]>`
    SELECT id, code, name, price, stock FROM products
    WHERE id IN (${Prisma.join([...new Set(ids.values())].map((id) => Prisma.sql`${id}::uuid`))})
      AND is_public AND deleted_at IS NULL
    ORDER BY id FOR UPDATE`;
  const byId = new Map(locked.map((row) => [row.id, row]));
  const products = new Map<string, ProductRow>();
  for (const [key, id] of ids) {
    const row = byId.get(id);
    if (row) products.set(key, row);
  }
  return products;
}

/** The orders, their items and 'created' events in three statements, and the live pages told. */
async function insertOrderRows(tx: Db, tenantId: string, planned: PlannedOrder[]): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO orders (id, tenant_id, number, customer_id, status, total, source_event_id, source_message_id,
                        workflow_id, created_at, updated_at)
    VALUES ${Prisma.join(
      planned.map(
        ({
          input,
          orderId,
          number,
          allocation,
          product,
        }) => Prisma.sql`(${orderId}::uuid, ${tenantId}::uuid, ${number!},
          ${input.customerId}::uuid, ${input.initialStatus}::order_status, ${allocation.allocated * product.price},
          ${input.sourceEventId}, ${input.sourceMessageId ?? null}, ${input.workflowId}, ${input.placedAt}, now())`,
      ),
    )}`;
  await tx.$executeRaw`
    INSERT INTO order_items (id, tenant_id, order_id, product_id, product_code, product_name, unit_price,
                             requested_quantity, allocated_quantity)
    VALUES ${Prisma.join(
      planned.map(
        ({ input, orderId, allocation, product }) => Prisma.sql`(${uuidv7()}::uuid, ${tenantId}::uuid, ${orderId}::uuid,
          ${product.id}::uuid, ${product.code}, ${product.name}, ${product.price}, ${input.quantity}, ${allocation.allocated})`,
      ),
    )}`;
  await tx.$executeRaw`
    INSERT INTO order_events (id, tenant_id, order_id, type, to_status, actor, data)
    VALUES ${Prisma.join(
      planned.map(
        ({
          input,
          orderId,
          allocation,
        }) => Prisma.sql`(${uuidv7()}::uuid, ${tenantId}::uuid, ${orderId}::uuid, 'created',
          ${input.initialStatus}::order_status, ${input.actor},
          ${JSON.stringify({ allocation, sourceEventId: input.sourceEventId })}::jsonb)`,
      ),
    )}`;
  await notifyOrdersChanged(
    tx,
    tenantId,
    planned.map((order) => order.orderId),
  );
}

async function findOrderBySourceEvent(
  db: Db,
  tenantId: string,
  sourceEventId: string,
): Promise<PlaceOrderResult | null> {
  const order = await db.order.findUnique({
    where: { tenantId_sourceEventId: { tenantId, sourceEventId } },
    include: { items: true },
  });
  if (!order) return null;
  const item = order.items[0]!;
  const allocation = (
    await db.orderEvent.findFirst({ where: { orderId: order.id, type: 'created' }, select: { data: true } })
  )?.data as { allocation: Allocation } | null;
  return {
    kind: 'placed',
    notifyStaff: pushesNewOrders(await findNotificationSettings(db, tenantId)),
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
