import { randomUUID } from 'node:crypto';
import { lalamoveSignature } from '../../integrations/lalamove/signature.ts';
import type { LalamoveOrder, LalamoveSandboxStore } from './store.ts';

export interface LalamoveWebhook {
  apiKey: string;
  timestamp: number;
  signature: string;
  eventId: string;
  eventType: string;
  eventVersion: 'v3';
  data: Record<string, unknown>;
}

/** Builds a signed event for the order's account and POSTs it; retried like Lalamove (fewer, faster). */
export function sendEvent(store: LalamoveSandboxStore, order: LalamoveOrder, eventType: string, data: Record<string, unknown>): LalamoveWebhook | null {
  const account = store.accounts.get(order.apiKey);
  if (!account?.webhookUrl) return null;
  const timestamp = Math.floor(Date.now() / 1000);
  const path = new URL(account.webhookUrl).pathname;
  const body: LalamoveWebhook = {
    apiKey: account.apiKey,
    timestamp,
    signature: lalamoveSignature(account.apiSecret, String(timestamp), 'POST', path, JSON.stringify(data)),
    eventId: randomUUID().toUpperCase(),
    eventType,
    eventVersion: 'v3',
    data,
  };
  store.events.set(body.eventId, { apiKey: account.apiKey, orderId: order.orderId, body });
  void deliver(store, account.apiKey, body, order.orderId, 1);
  return body;
}

export function statusChanged(store: LalamoveSandboxStore, order: LalamoveOrder, previousStatus: string) {
  return sendEvent(store, order, 'ORDER_STATUS_CHANGED', {
    order: {
      orderId: order.orderId,
      scheduleAt: order.createdAt,
      shareLink: order.shareLink,
      market: 'TW',
      createdAt: order.createdAt,
      driverId: order.driverId,
      previousStatus,
      status: order.status,
    },
    updatedAt: new Date().toISOString(),
  });
}

/** POSTs the event to the account's webhook URL; Lalamove retries what was not answered 2xx. */
export async function deliver(store: LalamoveSandboxStore, apiKey: string, event: LalamoveWebhook, orderId: string, attempt: number): Promise<number | null> {
  const account = store.accounts.get(apiKey);
  if (!account?.webhookUrl) return null;
  let status: number | null;
  try {
    const response = await fetch(account.webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(event),
      signal: AbortSignal.timeout(10_000),
    });
    status = response.status;
  } catch {
    status = null;
  }
  store.webhooks.push({ eventId: event.eventId, eventType: event.eventType, orderId, status, at: new Date().toISOString() });
  if ((status === null || status >= 500) && attempt < 5) store.later(200 * 2 ** attempt, () => void deliver(store, apiKey, event, orderId, attempt + 1));
  return status;
}
