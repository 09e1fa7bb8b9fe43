import { createHmac, randomUUID } from 'node:crypto';
import type { UberEatsSandboxStore, UberOrder } from './store.ts';

/** `X-Uber-Signature`: lowercase hex HMAC-SHA256 of the raw body with the app's client secret. */
export function signUberPayload(body: string, clientSecret: string): string {
  return createHmac('sha256', clientSecret).update(body).digest('hex');
}

export interface UberWebhook {
  event_id: string;
  event_time: number;
  event_type: string;
  meta: { resource_id: string; status: string; user_id: string };
  resource_href: string;
}

/** Builds an event about an order and POSTs it, signed, to its store's webhook; retried like Uber (fewer, faster). */
export function sendOrderEvent(store: UberEatsSandboxStore, baseUrl: string, order: UberOrder, eventType: string): UberWebhook {
  const event: UberWebhook = {
    event_id: randomUUID(),
    event_time: Math.floor(Date.now() / 1000),
    event_type: eventType,
    meta: { resource_id: order.id, status: 'pos', user_id: order.store.id },
    resource_href: `${baseUrl}/v1/eats/order/${order.id}`,
  };
  void deliver(store, order.store.id, event, 1);
  return event;
}

/** Uber asks the store's integration for its menu again (`store.menu_refresh_request`). */
export function sendStoreEvent(store: UberEatsSandboxStore, baseUrl: string, storeId: string, eventType: string): UberWebhook {
  const event: UberWebhook = {
    event_id: randomUUID(),
    event_time: Math.floor(Date.now() / 1000),
    event_type: eventType,
    meta: { resource_id: storeId, status: 'pos', user_id: storeId },
    resource_href: `${baseUrl}/v1/eats/stores/${storeId}`,
  };
  void deliver(store, storeId, event, 1);
  return event;
}

/** Sends a stored event again as it was (Uber redelivers when unsure). */
export async function deliver(store: UberEatsSandboxStore, storeId: string, event: UberWebhook, attempt: number): Promise<number | null> {
  const target = store.stores.get(storeId);
  if (!target?.webhookUrl) return null;
  const body = JSON.stringify(event);
  let status: number | null;
  try {
    const response = await fetch(target.webhookUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-uber-signature': signUberPayload(body, target.clientSecret),
        'x-environment': 'sandbox',
      },
      body,
      signal: AbortSignal.timeout(10_000),
    });
    status = response.status;
  } catch {
    status = null;
  }
  store.deliveries.push({ eventId: event.event_id, eventType: event.event_type, orderId: event.meta.resource_id, status, at: new Date().toISOString() });
  if ((status === null || status >= 500) && attempt < 5) store.later(200 * 2 ** attempt, () => void deliver(store, storeId, event, attempt + 1));
  return status;
}
