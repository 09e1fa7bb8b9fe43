import type { Db } from '../client.ts';

/** PostgreSQL channel that carries "this tenant's orders changed" to live admin pages. */
export const ORDER_CHANGES_CHANNEL = 'order_changes';

/**
 * What a live page may do beyond reloading the order: a kitchen board chimes again for an order
 * still waiting to be accepted (`remind`) or due in the kitchen (`due`).
 */
export type OrderChangeKind = 'remind' | 'due';

/** Sent inside the writing transaction, so listeners hear of a change only once it is committed. */
export async function notifyOrderChanged(
  db: Db,
  tenantId: string,
  orderId: string,
  kind?: OrderChangeKind,
): Promise<void> {
  await db.$executeRaw`SELECT pg_notify(${ORDER_CHANGES_CHANNEL}, ${JSON.stringify({ tenantId, orderId, ...(kind ? { kind } : {}) })})`;
}

/** notifyOrderChanged for many orders in one statement. */
export async function notifyOrdersChanged(db: Db, tenantId: string, orderIds: string[]): Promise<void> {
  if (orderIds.length === 0) return;
  await db.$executeRaw`
    SELECT pg_notify(${ORDER_CHANGES_CHANNEL}, json_build_object('tenantId', ${tenantId}::text, 'orderId', id)::text)
    FROM unnest(${orderIds}::text[]) AS id`;
}
