import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { sendUberError } from './errors.ts';
import type { UberEatsSandboxStore, UberOrder, UberOrderItem } from './store.ts';
import { deliver, sendOrderEvent, sendStoreEvent, type UberWebhook } from './webhooks.ts';

type Body = Record<string, unknown>;

interface NewItem {
  /** The store's own ID of the item (Jiayi's product ID when the menu came from Jiayi). */
  external_data: string;
  title?: string;
  quantity?: number;
  /** NT$ a unit; Uber carries it in hundredths. */
  price?: number;
  options?: { group: string; choice: string; title?: string }[];
}

/**
 * The sandbox's own API (`/_sandbox`), for a person or a test: register a store and its app,
 * place an order as an eater would (Uber then sends `orders.notification`), cancel it as Uber,
 * redeliver an event, ask for the store's menu again, see what the store did (its status and
 * pushed menu), and inject faults on the Marketplace paths.
 */
export function registerControlRoutes(app: FastifyInstance, store: UberEatsSandboxStore, baseUrl: () => string): void {
  const sent = new Map<string, { storeId: string; event: UberWebhook }>();
  const emit = (order: UberOrder, type: string) => {
    const event = sendOrderEvent(store, baseUrl(), order, type);
    sent.set(event.event_id, { storeId: order.store.id, event });
    return event;
  };

  app.post('/_sandbox/stores', async (request) => {
    const body = (request.body ?? {}) as Body;
    const id = String(body.storeId ?? randomUUID());
    store.stores.set(id, {
      id,
      name: String(body.name ?? 'Sandbox store'),
      clientId: String(body.clientId ?? `client-${id}`),
      clientSecret: String(body.clientSecret ?? randomUUID()),
      webhookUrl: typeof body.webhookUrl === 'string' ? body.webhookUrl : null,
      status: { status: 'ONLINE', paused_until: null, reason: null },
      menu: null,
      pausedItems: [],
      tokenRequests: 0,
    });
    return store.stores.get(id);
  });

  app.get<{ Params: { id: string } }>('/_sandbox/stores/:id', async (request, reply) =>
    store.stores.get(request.params.id) ?? sendUberError(reply, 404, 'not_found', 'Store not found.'),
  );

  /** Uber asks for the store's menu again: `store.menu_refresh_request`. */
  app.post<{ Params: { id: string } }>('/_sandbox/stores/:id/menu-refresh', async (request, reply) => {
    if (!store.stores.has(request.params.id)) return sendUberError(reply, 404, 'not_found', 'Store not found.');
    const event = sendStoreEvent(store, baseUrl(), request.params.id, 'store.menu_refresh_request');
    sent.set(event.event_id, { storeId: request.params.id, event });
    return { eventId: event.event_id };
  });

  app.post('/_sandbox/orders', async (request, reply) => {
    const body = (request.body ?? {}) as Body;
    const target = store.stores.get(String(body.storeId));
    if (!target) return sendUberError(reply, 404, 'not_found', 'Store not found.');
    const items = ((body.items ?? []) as NewItem[]).map(cartItem);
    const order: UberOrder = {
      id: randomUUID(),
      display_id: randomUUID().slice(0, 5).toUpperCase(),
      external_reference_id: null,
      current_state: 'CREATED',
      type: body.type === 'PICK_UP' ? 'PICK_UP' : 'DELIVERY_BY_UBER',
      brand: 'UBER_EATS',
      store: { id: target.id, name: target.name },
      eater: { first_name: String(body.eater ?? 'Uber 顧客'), phone: '+886 2 5594 1234' },
      cart: { items, special_instructions: String(body.note ?? '') },
      payment: {
        charges: {
          total: { amount: items.reduce((sum, i) => sum + i.price.unit_price.amount * i.quantity, 0), currency_code: 'TWD' },
        },
      },
      placed_at: new Date().toISOString(),
      ...(body.scheduled && typeof body.readyAt === 'string' ? { estimated_ready_for_pickup_at: body.readyAt } : {}),
    };
    store.orders.set(order.id, order);
    store.later(store.acceptWindowMs, () => {
      if (order.current_state !== 'CREATED') return;
      order.current_state = 'CANCELED';
      order.cancel = { by: 'uber', reason: 'ORDER_NOT_ACCEPTED' };
      emit(order, 'orders.cancel');
    });
    // `deliver: false` keeps the notification back (a test sends it late, after Uber's cancel).
    if (body.deliver === false) return { order, eventId: null };
    const event = emit(order, body.scheduled ? 'orders.scheduled.notification' : 'orders.notification');
    return { order, eventId: event.event_id };
  });

  /** Uber's courier takes an accepted order: it is FINISHED at Uber (no event is sent, as on Uber). */
  app.post<{ Params: { id: string } }>('/_sandbox/orders/:id/pickup', async (request, reply) => {
    const order = store.orders.get(request.params.id);
    if (!order) return sendUberError(reply, 404, 'not_found', 'Order not found.');
    if (order.current_state !== 'ACCEPTED') return sendUberError(reply, 409, 'conflict', `Order is ${order.current_state}.`);
    order.current_state = 'FINISHED';
    return order;
  });

  app.get<{ Params: { id: string } }>('/_sandbox/orders/:id', async (request, reply) =>
    store.orders.get(request.params.id) ?? sendUberError(reply, 404, 'not_found', 'Order not found.'),
  );

  /** Uber cancels the order (the eater, or Uber's support) and sends `orders.cancel`. */
  app.post<{ Params: { id: string } }>('/_sandbox/orders/:id/cancel', async (request, reply) => {
    const order = store.orders.get(request.params.id);
    if (!order) return sendUberError(reply, 404, 'not_found', 'Order not found.');
    order.current_state = 'CANCELED';
    order.cancel = { by: 'uber', reason: String(((request.body ?? {}) as Body).reason ?? 'EATER_CANCELLED') };
    return { eventId: emit(order, 'orders.cancel').event_id };
  });

  /** Sends an event again exactly as before (same event_id, same signature). */
  app.post<{ Params: { eventId: string } }>('/_sandbox/events/:eventId/redeliver', async (request, reply) => {
    const found = sent.get(request.params.eventId);
    if (!found) return sendUberError(reply, 404, 'not_found', 'Event not found.');
    return { status: await deliver(store, found.storeId, found.event, 5) };
  });

  app.get('/_sandbox/deliveries', async () => store.deliveries);

  app.put('/_sandbox/settings', async (request) => {
    const body = (request.body ?? {}) as Body;
    if (typeof body.acceptWindowMs === 'number') store.acceptWindowMs = body.acceptWindowMs;
    return { acceptWindowMs: store.acceptWindowMs };
  });

  app.post('/_sandbox/faults', async (request) => {
    const body = (request.body ?? {}) as Body;
    store.faults.push({
      path: String(body.path ?? '/v1/*'),
      mode: body.mode === 'hang' ? 'hang' : 'error500',
      remaining: typeof body.count === 'number' ? body.count : null,
    });
    return { faults: store.faults };
  });

  app.delete('/_sandbox/faults', async () => {
    store.faults = [];
    return { faults: [] };
  });
}

function cartItem(item: NewItem): UberOrderItem {
  return {
    id: randomUUID(),
    title: item.title ?? item.external_data,
    external_data: item.external_data,
    quantity: item.quantity ?? 1,
    price: { unit_price: { amount: (item.price ?? 0) * 100, currency_code: 'TWD' } },
    selected_modifier_groups: (item.options ?? []).map((o) => ({
      id: randomUUID(),
      title: o.group,
      external_data: o.group,
      selected_items: [{ id: randomUUID(), title: o.title ?? o.choice, external_data: o.choice, quantity: 1 }],
    })),
  };
}
