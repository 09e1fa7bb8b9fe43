import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../client.ts';

/**
 * Stripe's webhook events, stored once by event ID (a redelivery is dropped by the unique key)
 * and claimed for dispatch with SKIP LOCKED, so several servers can dispatch side by side.
 */
export interface StoredStripeEvent {
  id: string;
  event_id: string;
  type: string;
  account: string | null;
  payload: Record<string, unknown>;
  attempts: number;
}

/** Stores the event unless it is already stored; says whether it was new. */
export async function storeStripeEvent(
  db: Db,
  event: { id: string; type: string; account: string | null; payload: unknown },
): Promise<boolean> {
  const inserted = await db.$executeRaw`
    INSERT INTO stripe_webhook_events (id, event_id, type, account, payload)
    VALUES (${uuidv7()}::uuid, ${event.id}, ${event.type}, ${event.account}, ${JSON.stringify(event.payload)}::jsonb)
    ON CONFLICT (event_id) DO NOTHING`;
  return inserted > 0;
}

export async function claimStripeEvents(db: Db, claimMs: number, batch: number): Promise<StoredStripeEvent[]> {
  return db.$queryRaw<StoredStripeEvent[]>`
    UPDATE stripe_webhook_events SET attempts = attempts + 1, claimed_until = now() + ${`${claimMs} milliseconds`}::interval
    WHERE id IN (
      SELECT id FROM stripe_webhook_events
      WHERE dispatched_at IS NULL AND (claimed_until IS NULL OR claimed_until < now())
      ORDER BY received_at LIMIT ${batch}
      FOR UPDATE SKIP LOCKED)
    RETURNING id, event_id, type, account, payload, attempts`;
}

export async function markStripeEventDispatched(db: Db, id: string, tenantId: string | null): Promise<void> {
  await db.$executeRaw`
    UPDATE stripe_webhook_events SET dispatched_at = now(), claimed_until = NULL, last_error = NULL, tenant_id = ${tenantId}::uuid
    WHERE id = ${id}::uuid`;
}

export async function markStripeEventFailed(db: Db, id: string, backoffMs: number, error: string): Promise<void> {
  await db.$executeRaw`
    UPDATE stripe_webhook_events SET claimed_until = now() + ${`${backoffMs} milliseconds`}::interval, last_error = ${error}
    WHERE id = ${id}::uuid`;
}
