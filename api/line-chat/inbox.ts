import type { Logger } from 'pino';
import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../../db/client.ts';
import { Prisma } from '../../db/client.ts';
import { jsonbSafe } from '../../db/jsonb.ts';
import type { LineWebhookEvent } from '../../integrations/line/webhook-schema.ts';
import type { InboxOrders, InboxRow } from './inbox-orders.ts';
import { laneCommandOf } from './lane-command.ts';

/**
 * How long a dispatcher may hold an event before another one takes it over. Short enough that
 * a "+1" left by a crashed process is answered while its reply token is still good; running an
 * event twice is harmless (its order, answer and workflow are each made once).
 */
const CLAIM_MS = 20_000;
/** Sweep for events left by a crashed process or a failed attempt even when nobody wakes us. */
const SWEEP_MS = 2_000;
const BATCH = 100;
/**
 * Events are taken this long after they arrive, in LINE-timestamp order: deliveries overtake
 * each other by a few hundred milliseconds, and in a live sale the first to type must be the
 * first served, not the first whose delivery happened to land.
 */
const FAIRNESS_WINDOW_MS = 300;
/** Stored rows carry PostgreSQL's time, taken a little before we hear they are stored. */
const CLOCK_SLACK_MS = 5;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const IN_FLIGHT = 32;

/**
 * Stores deliveries' events; LINE's redeliveries hit the unique (tenant, webhookEventId) key
 * and are dropped. Deliveries arriving within a few milliseconds of each other share one
 * INSERT (a live sale's thousand "+1"s a second cost PostgreSQL tens of statements, not a
 * thousand), and each caller learns how many of its own events were new once it is committed.
 * Characters PostgreSQL cannot hold are stored as U+FFFD (jsonbSafe) rather than refusing the
 * event: it is signed and otherwise valid, and a customer's message must not vanish for one
 * character.
 */
export function createLineEventStore(db: Db, options: { windowMs?: number; maxRows?: number } = {}) {
  const windowMs = options.windowMs ?? 3;
  const maxRows = options.maxRows ?? 500;
  type Waiting = {
    tenantId: string;
    events: LineWebhookEvent[];
    resolve: (stored: number) => void;
    reject: (error: unknown) => void;
  };
  let queue: Waiting[] = [];
  let rows = 0;
  let timer: NodeJS.Timeout | null = null;

  async function flush(): Promise<void> {
    const batch = queue;
    queue = [];
    rows = 0;
    if (timer) clearTimeout(timer);
    timer = null;
    try {
      const values = batch.flatMap((w) =>
        w.events.map(
          (e) =>
            Prisma.sql`(${uuidv7()}::uuid, ${w.tenantId}::uuid, ${e.webhookEventId}, ${JSON.stringify(e)}::jsonb,
              ${laneCommandOf(e) !== null})`,
        ),
      );
      const inserted = await db.$queryRaw<{ tenant_id: string; webhook_event_id: string }[]>`
        INSERT INTO line_webhook_events (id, tenant_id, webhook_event_id, payload, order_command)
        VALUES ${Prisma.join(values)}
        ON CONFLICT (tenant_id, webhook_event_id) DO NOTHING
        RETURNING tenant_id, webhook_event_id`;
      const fresh = new Set(inserted.map((row) => `${row.tenant_id}/${row.webhook_event_id}`));
      for (const w of batch) {
        // One delivery may repeat an event id; it was stored once.
        const ids = new Set(w.events.map((e) => `${w.tenantId}/${e.webhookEventId}`));
        w.resolve([...ids].filter((id) => fresh.delete(id)).length);
      }
    } catch (error) {
      for (const w of batch) w.reject(error);
    }
  }

  return {
    /** Resolves with how many of `events` were new, once they are committed. */
    store(tenantId: string, events: LineWebhookEvent[]): Promise<number> {
      if (events.length === 0) return Promise.resolve(0);
      return new Promise<number>((resolve, reject) => {
        queue.push({ tenantId, events: events.map(jsonbSafe), resolve, reject });
        rows += events.length;
        if (rows >= maxRows) void flush();
        else timer ??= setTimeout(() => void flush(), windowMs);
      });
    },
  };
}
export type LineEventStore = ReturnType<typeof createLineEventStore>;

type ClaimedEvent = InboxRow;

export type LineEventHandler = (tenantId: string, event: LineWebhookEvent) => Promise<unknown>;

/**
 * Hands stored events to `handle`, oldest first, many at a time. Claims use FOR UPDATE SKIP
 * LOCKED, so several server processes can dispatch side by side; a failed event is retried
 * with backoff and its error kept on the row for operators.
 */
export function createLineInboxDispatcher(deps: {
  db: Db;
  log: Logger;
  handle: LineEventHandler;
  orders?: InboxOrders;
}) {
  let running = false;
  let stopped = false;
  let wakeUp: (() => void) | null = null;
  let loop: Promise<void> | null = null;
  /** When this process stored events no claim could take yet (too young), oldest first. */
  const storedAt: number[] = [];

  async function claim(): Promise<ClaimedEvent[]> {
    // Whatever was stored before this instant minus the window is taken by this claim.
    const cutoff = Date.now() - FAIRNESS_WINDOW_MS;
    while (storedAt.length > 0 && storedAt[0]! <= cutoff) storedAt.shift();
    return deps.db.$queryRaw<ClaimedEvent[]>`
      UPDATE line_webhook_events SET attempts = attempts + 1, claimed_until = now() + ${`${CLAIM_MS} milliseconds`}::interval
      WHERE id IN (
        SELECT id FROM line_webhook_events
        WHERE dispatched_at IS NULL AND (claimed_until IS NULL OR claimed_until < now())
          AND received_at <= now() - ${`${FAIRNESS_WINDOW_MS} milliseconds`}::interval
        -- jsonb's own order (numbers by value): no stored row, however odd, can make this fail.
        ORDER BY payload->'timestamp', received_at LIMIT ${BATCH}
        FOR UPDATE SKIP LOCKED)
      RETURNING id, tenant_id, payload, attempts, order_outcome, reply_attempted_at, answer_delivery`;
  }

  async function dispatch(event: ClaimedEvent): Promise<void> {
    try {
      await deps.handle(event.tenant_id, event.payload);
      await deps.db.$executeRaw`
        UPDATE line_webhook_events SET dispatched_at = now(), claimed_until = NULL, last_error = NULL
        WHERE id = ${event.id}::uuid`;
    } catch (error) {
      const backoffMs = Math.min(60_000, 500 * 2 ** Math.min(event.attempts, 7));
      deps.log.warn(
        {
          err: error,
          tenantId: event.tenant_id,
          webhookEventId: event.payload.webhookEventId,
          attempts: event.attempts,
        },
        'LINE event dispatch failed; will retry',
      );
      await deps.db.$executeRaw`
        UPDATE line_webhook_events
        SET claimed_until = now() + ${`${backoffMs} milliseconds`}::interval, last_error = ${String(error)}
        WHERE id = ${event.id}::uuid`;
    }
  }

  /** Dispatches until nothing is claimable. */
  async function drain(): Promise<void> {
    for (;;) {
      const claimed = await claim();
      if (claimed.length === 0) return;
      // "+1"s first, placed and answered together; the rest one handler at a time.
      const batch = deps.orders ? await deps.orders.take(claimed) : claimed;
      let next = 0;
      await Promise.all(
        Array.from({ length: Math.min(IN_FLIGHT, batch.length) }, async () => {
          while (next < batch.length) await dispatch(batch[next++]!);
        }),
      );
    }
  }

  /** How long until the oldest event this process stored and no claim took is old enough. */
  const untilOldEnough = () =>
    storedAt.length === 0 ? null : Math.max(0, storedAt[0]! + FAIRNESS_WINDOW_MS + CLOCK_SLACK_MS - Date.now());

  async function run(): Promise<void> {
    while (!stopped) {
      // Events stored are taken the moment they leave the fairness window.
      const wait = untilOldEnough();
      if (wait) await pause(wait);
      try {
        await drain();
      } catch (error) {
        deps.log.error({ err: error }, 'LINE inbox sweep failed');
      }
      if (stopped) break;
      if (untilOldEnough() !== null) continue;
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
      if (running) return;
      running = true;
      loop = (deps.orders?.warm() ?? Promise.resolve()).then(run);
    },
    /** Called after new events are stored: dispatch them once they are old enough, not at the next sweep. */
    wake() {
      const now = Date.now();
      // Stores a few milliseconds apart share one entry, the latest, so none is left to the sweep.
      if (storedAt.length > 0 && now - storedAt.at(-1)! < CLOCK_SLACK_MS) storedAt[storedAt.length - 1] = now;
      else storedAt.push(now);
      wakeUp?.();
    },
    async stop() {
      stopped = true;
      wakeUp?.();
      await loop;
      await deps.orders?.idle();
    },
  };
}
export type LineInboxDispatcher = ReturnType<typeof createLineInboxDispatcher>;
