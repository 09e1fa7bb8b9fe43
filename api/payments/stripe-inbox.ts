import type { Logger } from 'pino';
import type { Db } from '../../db/client.ts';
import {
  claimStripeEvents,
  markStripeEventDispatched,
  markStripeEventFailed,
  type StoredStripeEvent,
} from '../../db/payments/stripe-inbox.ts';
import { createInboxDispatcher } from '../inbox-dispatcher.ts';

/** How long a dispatcher holds an event before another may take it over. */
const CLAIM_MS = 30_000;
const BATCH = 50;

/** Handles one stored event; resolves with the shop it concerned (null: none, acknowledged). */
export type StripeEventHandler = (event: StoredStripeEvent) => Promise<string | null>;

/**
 * Hands stored Stripe events to `handle`, oldest first and one at a time, so a shop's events
 * reach its workflow in arrival order. A failed event is retried with backoff and its error kept
 * on the row for operators; a handled one is marked with its shop.
 */
export function createStripeInboxDispatcher(deps: { db: Db; log: Logger; handle: StripeEventHandler }) {
  return createInboxDispatcher(deps, {
    name: 'Stripe',
    claim: () => claimStripeEvents(deps.db, CLAIM_MS, BATCH),
    handle: deps.handle,
    done: (id, tenantId) => markStripeEventDispatched(deps.db, id, tenantId),
    failed: (id, backoffMs, error) => markStripeEventFailed(deps.db, id, backoffMs, error),
  });
}
export type StripeInboxDispatcher = ReturnType<typeof createStripeInboxDispatcher>;
