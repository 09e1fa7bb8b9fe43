import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../client.ts';

/**
 * Uber Eats webhook events, stored once by event_id (Uber's retries are dropped by the unique
 * key) and claimed for dispatch with SKIP LOCKED, so several servers can dispatch side by side.
 */
export interface StoredUberEatsEvent {
  id: string;
  event_id: string;
  event_type: string;
  connection_id: string;
  tenant_id: string;
  resource_id: string;
  attempts: number;
}

/** Stores the event unless it is already stored; says whether it was new. */
export async function storeUberEatsEvent(
  db: Db,
  event: { eventId: string; eventType: string; connectionId: string; tenantId: string; resourceId: string; payload: unknown },
): Promise<boolean> {
  const inserted = await db.$executeRaw`
    INSERT INTO ubereats_webhook_events (id, event_id, connection_id, tenant_id, event_type, resource_id, payload)
    VALUES (${uuidv7()}::uuid, ${event.eventId}, ${event.connectionId}::uuid, ${event.tenantId}::uuid, ${event.eventType},
            ${event.resourceId}, ${JSON.stringify(event.payload)}::jsonb)
    ON CONFLICT (event_id) DO NOTHING`;
  return inserted > 0;
}

export async function claimUberEatsEvents(db: Db, claimMs: number, batch: number): Promise<StoredUberEatsEvent[]> {
  return db.$queryRaw<StoredUberEatsEvent[]>`
    UPDATE ubereats_webhook_events SET attempts = attempts + 1, claimed_until = now() + ${`${claimMs} milliseconds`}::interval
    WHERE id IN (
      SELECT id FROM ubereats_webhook_events
      WHERE dispatched_at IS NULL AND (claimed_until IS NULL OR claimed_until < now())
      ORDER BY received_at LIMIT ${batch}
      FOR UPDATE SKIP LOCKED)
    RETURNING id, event_id, event_type, connection_id::text, tenant_id::text, resource_id, attempts`;
}

export async function markUberEatsEventDispatched(db: Db, id: string): Promise<void> {
  await db.$executeRaw`
    UPDATE ubereats_webhook_events SET dispatched_at = now(), claimed_until = NULL, last_error = NULL WHERE id = ${id}::uuid`;
}

export async function markUberEatsEventFailed(db: Db, id: string, backoffMs: number, error: string): Promise<void> {
  await db.$executeRaw`
    UPDATE ubereats_webhook_events SET claimed_until = now() + ${`${backoffMs} milliseconds`}::interval, last_error = ${error}
    WHERE id = ${id}::uuid`;
}

/** How many events the shop's connection has stored (tests and the health line count them). */
export async function countUberEatsEvents(db: Db, tenantId: string, connectionId: string): Promise<number> {
  return db.uberEatsWebhookEvent.count({ where: { tenantId, connectionId } });
}
