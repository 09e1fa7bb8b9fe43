import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { sendLalamoveError } from './errors.ts';
import { shownOrder } from './routes-api.ts';
import type { LalamoveOrder, LalamoveSandboxStore, LalamoveStatus } from './store.ts';
import { deliver, sendEvent, statusChanged, type LalamoveWebhook } from './webhooks.ts';

type Body = Record<string, unknown>;

/** The moves a driver can make, from the status each starts at. */
const MOVES: Record<string, { from: LalamoveStatus[]; to: LalamoveStatus }> = {
  ON_GOING: { from: ['ASSIGNING_DRIVER'], to: 'ON_GOING' },
  PICKED_UP: { from: ['ON_GOING'], to: 'PICKED_UP' },
  COMPLETED: { from: ['PICKED_UP'], to: 'COMPLETED' },
  // The driver gives the order up (Lalamove: REJECTED); the shop books again.
  REJECTED: { from: ['ON_GOING', 'ASSIGNING_DRIVER'], to: 'REJECTED' },
  // Nobody took it in time.
  EXPIRED: { from: ['ASSIGNING_DRIVER'], to: 'EXPIRED' },
};

/**
 * The sandbox's own API (`/_sandbox`), for a person or a test: register an account (key, secret,
 * webhook URL), move an order as its driver would (a driver takes it, picks up, delivers, or
 * gives it up), redeliver an event, see what was booked, shorten quotations, inject faults.
 */
export function registerControlRoutes(app: FastifyInstance, store: LalamoveSandboxStore): void {
  app.post('/_sandbox/accounts', async (request) => {
    const body = (request.body ?? {}) as Body;
    const apiKey = String(body.apiKey ?? `pk_test_${randomUUID().replace(/-/g, '')}`);
    store.accounts.set(apiKey, {
      apiKey,
      apiSecret: String(body.apiSecret ?? `sk_test_${randomUUID().replace(/-/g, '')}`),
      webhookUrl: typeof body.webhookUrl === 'string' ? body.webhookUrl : null,
    });
    return store.accounts.get(apiKey);
  });

  app.get<{ Params: { apiKey: string } }>('/_sandbox/accounts/:apiKey', async (request, reply) => {
    const account = store.accounts.get(request.params.apiKey);
    return account ?? sendLalamoveError(reply, 404, 'ERR_NOT_FOUND', 'Account not found');
  });

  app.get<{ Querystring: { apiKey?: string } }>('/_sandbox/orders', async (request) =>
    [...store.orders.values()].filter((o) => !request.query.apiKey || o.apiKey === request.query.apiKey).map(withDriver),
  );

  app.get<{ Params: { id: string } }>('/_sandbox/orders/:id', async (request, reply) => {
    const order = store.orders.get(request.params.id);
    return order ? withDriver(order) : sendLalamoveError(reply, 404, 'ERR_ORDER_NOT_FOUND', 'Order not found');
  });

  /** `{ to: ON_GOING | PICKED_UP | COMPLETED | REJECTED | EXPIRED }`: what the driver (or nobody) did. */
  app.post<{ Params: { id: string } }>('/_sandbox/orders/:id/move', async (request, reply) => {
    const order = store.orders.get(request.params.id);
    if (!order) return sendLalamoveError(reply, 404, 'ERR_ORDER_NOT_FOUND', 'Order not found');
    const to = String(((request.body ?? {}) as Body).to ?? '');
    const result = move(store, order, to);
    if (!result.ok) return sendLalamoveError(reply, 409, 'ERR_INVALID_STATUS', result.message);
    return { order: withDriver(order), eventIds: result.eventIds };
  });

  /** Sends an event again exactly as before (same eventId, same signature). */
  app.post<{ Params: { eventId: string } }>('/_sandbox/events/:eventId/redeliver', async (request, reply) => {
    const found = store.events.get(request.params.eventId);
    if (!found) return sendLalamoveError(reply, 404, 'ERR_NOT_FOUND', 'Event not found');
    return { status: await deliver(store, found.apiKey, found.body as LalamoveWebhook, found.orderId, 5) };
  });

  app.get('/_sandbox/webhooks', async () => store.webhooks);

  app.put('/_sandbox/settings', async (request) => {
    const body = (request.body ?? {}) as Body;
    if (typeof body.quotationTtlMs === 'number') store.quotationTtlMs = body.quotationTtlMs;
    return { quotationTtlMs: store.quotationTtlMs };
  });

  /** `{ method, path, mode: timeout_after | hang | 429 | 500 | expired, count }` */
  app.post('/_sandbox/faults', async (request) => {
    const body = (request.body ?? {}) as Body;
    const mode = ['timeout_after', 'hang', '429', '500', 'expired'].includes(String(body.mode)) ? (String(body.mode) as 'hang') : '500';
    store.faults.push({
      method: String(body.method ?? 'POST'),
      path: String(body.path ?? '/v3/orders'),
      mode,
      remaining: typeof body.count === 'number' ? body.count : null,
    });
    return { faults: store.faults };
  });

  app.delete('/_sandbox/faults', async () => {
    store.faults = [];
    return { faults: [] };
  });
}

function withDriver(order: LalamoveOrder) {
  return { ...shownOrder(order), createdAt: order.createdAt };
}

/** One driver step: the status changes and its webhooks go out (DRIVER_ASSIGNED first when a driver takes it). */
export function move(store: LalamoveSandboxStore, order: LalamoveOrder, to: string): { ok: true; eventIds: string[] } | { ok: false; message: string } {
  const rule = MOVES[to];
  if (!rule) return { ok: false, message: `to must be one of ${Object.keys(MOVES).join(', ')}` };
  if (!rule.from.includes(order.status)) return { ok: false, message: `The order is ${order.status}` };
  const previous = order.status;
  const events: (LalamoveWebhook | null)[] = [];
  if (rule.to === 'ON_GOING') {
    const driver = store.newDriver();
    order.driverId = driver.driverId;
    events.push(
      sendEvent(store, order, 'DRIVER_ASSIGNED', {
        driver: { driverId: driver.driverId, phone: driver.phone, name: driver.name, photo: driver.photo, plateNumber: driver.plateNumber },
        location: order.stops[0]!.coordinates,
        order: { orderId: order.orderId },
        updatedAt: new Date().toISOString(),
      }),
    );
  }
  order.status = rule.to;
  events.push(statusChanged(store, order, previous));
  return { ok: true, eventIds: events.flatMap((e) => (e ? [e.eventId] : [])) };
}
