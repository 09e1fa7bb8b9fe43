import { randomUUID } from 'node:crypto';
import { requestAs } from './auth.ts';
import type { TestRestaurant } from './restaurant-orders.ts';
import type { Stack } from './stack.ts';

export interface UberStoreOf {
  storeId: string;
  clientId: string;
  clientSecret: string;
  connectionId: string;
  webhookUrl: string;
}

/** The Uber Eats sandbox's control API. */
export async function uberControl<T = Record<string, unknown>>(stack: Stack, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${stack.ubereatsUrl}/_sandbox${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** The restaurant's branch connected (through its admin API) to a new store in the Uber Eats sandbox. */
export async function connectUberStore(stack: Stack, shop: TestRestaurant, autoAccept: boolean): Promise<UberStoreOf> {
  const store = { storeId: `store-${randomUUID()}`, clientId: `client-${randomUUID()}`, clientSecret: `secret-${randomUUID()}` };
  const saved = await requestAs(stack.apiUrl, shop.owner, 'PUT', `/api/t/${shop.tenant.slug}/branches/${shop.branchId}/ubereats`, {
    ...store,
    autoAccept,
  });
  if (saved.status !== 200) throw new Error(`connect: ${saved.status} ${JSON.stringify(saved.body)}`);
  const { connection, webhookUrl } = saved.body as { connection: { id: string }; webhookUrl: string };
  await uberControl(stack, 'POST', '/stores', { ...store, name: '信義店', webhookUrl });
  return { ...store, connectionId: connection.id, webhookUrl };
}

export interface SandboxUberOrder {
  id: string;
  current_state: string;
  preparation_status?: string;
  deny?: { explanation: string; code: string; out_of_stock_items: string[] };
  cancel?: { by: string; reason: string };
  cart: { items: { id: string; external_data: string }[] };
}

/** An eater's order of one 珍珠奶茶 (半糖) and `rice` 滷肉飯 in the sandbox; Uber sends orders.notification. */
export async function placeUberOrder(stack: Stack, shop: TestRestaurant, store: UberStoreOf, rice = 1, extra: Record<string, unknown> = {}) {
  return uberControl<{ order: SandboxUberOrder; eventId: string }>(stack, 'POST', '/orders', {
    storeId: store.storeId,
    items: [
      {
        external_data: shop.tea.id,
        title: '珍珠奶茶',
        price: 60,
        options: [{ group: shop.tea.sweetness, choice: shop.tea.half, title: '半糖' }],
      },
      ...(rice > 0 ? [{ external_data: shop.rice, title: '滷肉飯', price: 45, quantity: rice }] : []),
    ],
    ...extra,
  });
}

export const uberOrderAt = (stack: Stack, id: string) => uberControl<SandboxUberOrder>(stack, 'GET', `/orders/${id}`);
