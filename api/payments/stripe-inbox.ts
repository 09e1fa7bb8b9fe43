import type { Logger } from 'pino';
import type { Db } from '../../db/client.ts';
import {
  claimStripeEvents,
  markStripeEventDispatched,
  markStripeEventFailed,
  type StoredStripeEvent,
} from '../../db/payments/stripe-inbox.ts';

/** How long a dispatcher holds an event before another may take it over. */
const CLAIM_MS = 30_000;
/** Sweep for events left by a crashed process or a failed attempt, even when nobody wakes us. */
const SWEEP_MS = 2_000;
const BATCH = 50;

/** Handles one stored event; resolves with the shop it concerned (null: none, acknowledged). */
export type StripeEventHandler = (event: StoredStripeEvent) => Promise<string | null>;

/**
 * Hands stored Stripe events to `handle`, oldest first. A failed event is retried with backoff
 * and its error kept on the row for operators; a handled one is marked with its shop.
 */
export function createStripeInboxDispatcher(deps: { db: Db; log: Logger; handle: StripeEventHandler }) {
  let stopped = false;
  let wakeUp: (() => void) | null = null;
  let woken = false;
  let loop: Promise<void> | null = null;

  async function dispatch(event: StoredStripeEvent): Promise<void> {
    try {
      const tenantId = await deps.handle(event);
      await markStripeEventDispatched(deps.db, event.id, tenantId);
    } catch (error) {
      const backoffMs = Math.min(60_000, 500 * 2 ** Math.min(event.attempts, 7));
      deps.log.warn({ err: error, eventId: event.event_id, type: event.type, attempts: event.attempts }, 'Stripe event dispatch failed; will retry');
      await markStripeEventFailed(deps.db, event.id, backoffMs, String(error));
    }
  }

  async function run(): Promise<void> {
    while (!stopped) {
      woken = false;
      try {
        for (;;) {
          const claimed = await claimStripeEvents(deps.db, CLAIM_MS, BATCH);
          if (claimed.length === 0) break;
          // In arrival order, one at a time: a shop's events reach its workflow in that order.
          for (const event of claimed) await dispatch(event);
        }
      } catch (error) {
        deps.log.error({ err: error }, 'Stripe inbox sweep failed');
      }
      if (stopped || woken) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, SWEEP_MS);
        wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wakeUp = null;
    }
  }

  return {
    start() {
      loop ??= run();
    },
    wake() {
      woken = true;
      wakeUp?.();
    },
    async stop() {
      stopped = true;
      wakeUp?.();
      await loop;
    },
  };
}
export type StripeInboxDispatcher = ReturnType<typeof createStripeInboxDispatcher>;
