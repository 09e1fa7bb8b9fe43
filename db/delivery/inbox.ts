import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../client.ts';

/**
 * The delivery partner's webhook events, stored once by eventId (its redeliveries are dropped by
 * the unique key) and claimed for dispatch with SKIP LOCKED, so several servers can dispatch.
 */
export interface StoredDeliveryEvent {
  id: string;
  event_id: string;
  event_type: string;
  settings_id: string;
  tenant_id: string;
  partner_order_id: string;
  payload: unknown;
  attempts: number;
}

/** Stores the event unless it is already stored; says whether it was new. */
export async function storeDeliveryEvent(
  db: Db,
  event: { eventId: string; eventType: string; settingsId: string; tenantId: string; partnerOrderId: string; payload: unknown },
): Promise<boolean> {
  const inserted = await db.$executeRaw`
    INSERT INTO delivery_webhook_events (id, event_id, settings_id, tenant_id, event_type, partner_order_id, payload)
    VALUES (${uuidv7()}::uuid, ${event.eventId}, ${event.settingsId}::uuid, ${event.tenantId}::uuid, ${event.eventType},
            ${event.partnerOrderId}, ${JSON.stringify(event.payload)}::jsonb)
    ON CONFLICT (event_id) DO NOTHING`;
  return inserted > 0;
}

export async function claimDeliveryEvents(db: Db, claimMs: number, batch: number): Promise<StoredDeliveryEvent[]> {
  return db.$queryRaw<StoredDeliveryEvent[]>`
    UPDATE delivery_webhook_events SET attempts = attempts + 1, claimed_until = now() + ${`${claimMs} milliseconds`}::interval
    WHERE id IN (
      SELECT id FROM delivery_webhook_events
      WHERE dispatched_at IS NULL AND (claimed_until IS NULL OR claimed_until < now())
      ORDER BY received_at LIMIT ${batch}
      FOR UPDATE SKIP LOCKED)
    RETURNING id, event_id, event_type, settings_id::text, tenant_id::text, partner_order_id, payload, attempts`;
}

export async function markDeliveryEventDispatched(db: Db, id: string): Promise<void> {
  await db.$executeRaw`
    UPDATE delivery_webhook_events SET dispatched_at = now(), claimed_until = NULL, last_error = NULL WHERE id = ${id}::uuid`;
}

export async function markDeliveryEventFailed(db: Db, id: string, backoffMs: number, error: string): Promise<void> {
  await db.$executeRaw`
    UPDATE delivery_webhook_events SET claimed_until = now() + ${`${backoffMs} milliseconds`}::interval, last_error = ${error}
    WHERE id = ${id}::uuid`;
}
