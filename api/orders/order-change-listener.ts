import pg from 'pg';
import type { Logger } from 'pino';
import { z } from 'zod';
import { ORDER_CHANGES_CHANNEL, type OrderChangeKind } from '../../db/orders/order-changes.ts';

/** What a subscriber hears: one order changed, or "you may have missed some: reload". */
export type OrderChangeEvent = { type: 'order'; orderId: string; kind?: OrderChangeKind } | { type: 'resync' };

export interface OrderChangeListener {
  /**
   * Calls `onEvent` for every committed change of this tenant's orders. Resolves once the
   * LISTEN is in place (so a change committed after it resolves is never missed while the
   * connection stays up); returns the unsubscribe function.
   */
  subscribe(tenantId: string, onEvent: (event: OrderChangeEvent) => void): Promise<() => void>;
  /** True while the LISTEN connection is up (when false, subscribers get `resync` once it is). */
  isListening(): boolean;
  /** Number of live subscriptions (for tests and diagnostics). */
  subscriberCount(): number;
  close(): Promise<void>;
}

export interface OrderChangeListenerOptions {
  databaseUrl: string;
  log: Pick<Logger, 'warn' | 'error' | 'debug'>;
  /** First reconnect delay; doubles up to maxRetryMs. */
  retryMs?: number;
  maxRetryMs?: number;
}

const notificationSchema = z.object({
  tenantId: z.string().min(1),
  orderId: z.string().min(1),
  kind: z.enum(['remind', 'due']).optional(),
});

function parseNotification(payload: string | undefined): z.infer<typeof notificationSchema> | null {
  if (!payload) return null;
  try {
    const parsed = notificationSchema.safeParse(JSON.parse(payload));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * ONE dedicated PostgreSQL connection per server process doing `LISTEN order_changes`, fanned
 * out in memory to the live admin pages by tenant. Writers `pg_notify` inside their
 * transactions (db/orders/order-changes.ts), so a page hears of a change only once it is committed.
 *
 * The connection is opened lazily by the first subscriber and kept while the process runs.
 * When it drops, it is reopened with backoff and every subscriber gets a `resync` event,
 * because notifications sent while nobody listened are gone for good.
 */
export function createOrderChangeListener(options: OrderChangeListenerOptions): OrderChangeListener {
  const { databaseUrl, log } = options;
  const retryMs = options.retryMs ?? 500;
  const maxRetryMs = options.maxRetryMs ?? 15_000;
  const subscribers = new Map<string, Set<(event: OrderChangeEvent) => void>>();

  let client: pg.Client | null = null;
  /** The pending or established connection; null when idle or after a failure. */
  let connecting: Promise<pg.Client> | null = null;
  let retryTimer: NodeJS.Timeout | null = null;
  let attempt = 0;
  let closed = false;
  /** Set once a connection was lost or failed: the next one must tell subscribers to reload. */
  let missedSome = false;
  /** Clients already given up on ('error' and 'end' usually both fire). */
  const lost = new WeakSet<pg.Client>();

  const fanOut = (tenantId: string, event: OrderChangeEvent) => {
    for (const fn of subscribers.get(tenantId) ?? []) {
      try {
        fn(event);
      } catch (error) {
        log.warn({ err: error, tenantId }, 'order change subscriber threw');
      }
    }
  };

  const broadcast = (event: OrderChangeEvent) => {
    for (const tenantId of subscribers.keys()) fanOut(tenantId, event);
  };

  const connect = (): Promise<pg.Client> => {
    if (connecting) return connecting;
    const next = new pg.Client({ connectionString: databaseUrl, application_name: 'jiayi-order-changes' });
    connecting = (async () => {
      next.on('notification', (message) => {
        if (message.channel !== ORDER_CHANGES_CHANNEL) return;
        const payload = parseNotification(message.payload);
        if (!payload) {
          log.warn({ payload: message.payload }, 'ignored malformed order_changes notification');
          return;
        }
        fanOut(payload.tenantId, {
          type: 'order',
          orderId: payload.orderId,
          ...(payload.kind ? { kind: payload.kind } : {}),
        });
      });
      next.on('error', (error) => onConnectionLost(next, error));
      next.on('end', () => onConnectionLost(next, new Error('connection ended')));
      await next.connect();
      await next.query(`LISTEN ${pg.escapeIdentifier(ORDER_CHANGES_CHANNEL)}`);
      if (closed) {
        await next.end().catch(() => {});
        throw new Error('order change listener is closed');
      }
      client = next;
      attempt = 0;
      if (missedSome) broadcast({ type: 'resync' });
      missedSome = false;
      return next;
    })();
    connecting.catch((error: unknown) => {
      if (client !== next) onConnectionLost(next, error);
    });
    return connecting;
  };

  const onConnectionLost = (which: pg.Client, error: unknown) => {
    if (closed || lost.has(which)) return;
    lost.add(which);
    missedSome = true;
    which.end().catch(() => {});
    if (client === which) client = null;
    connecting = null;
    const delay = Math.min(maxRetryMs, retryMs * 2 ** attempt);
    attempt += 1;
    log.warn({ err: error, retryInMs: delay }, 'order change listener lost its connection; reconnecting');
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = setTimeout(() => {
      retryTimer = null;
      if (!closed && subscribers.size > 0) connect().catch(() => {});
    }, delay);
    retryTimer.unref();
  };

  return {
    async subscribe(tenantId, onEvent) {
      if (closed) throw new Error('order change listener is closed');
      let set = subscribers.get(tenantId);
      if (!set) {
        set = new Set();
        subscribers.set(tenantId, set);
      }
      set.add(onEvent);
      const unsubscribe = () => {
        const current = subscribers.get(tenantId);
        if (!current) return;
        current.delete(onEvent);
        if (current.size === 0) subscribers.delete(tenantId);
      };
      try {
        await connect();
      } catch (error) {
        // The retry loop keeps trying; the subscriber stays registered and will get 'resync'.
        log.warn({ err: error }, 'order change listener could not connect yet');
      }
      return unsubscribe;
    },
    isListening() {
      return client !== null && !closed;
    },
    subscriberCount() {
      let n = 0;
      for (const set of subscribers.values()) n += set.size;
      return n;
    },
    async close() {
      closed = true;
      subscribers.clear();
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = null;
      const pending = connecting;
      connecting = null;
      const current = client ?? (pending ? await pending.catch(() => null) : null);
      client = null;
      if (current) {
        lost.add(current);
        await current.end().catch(() => {});
      }
    },
  };
}
