import { randomUUID } from 'node:crypto';
import { requestAs } from './auth.ts';
import { pickupSlots, teaCheckout, type TestRestaurant } from './restaurant-orders.ts';
import type { Stack } from './stack.ts';
import type { CustomerBrowser } from './storefront.ts';

export interface LalamoveAccountOf {
  apiKey: string;
  apiSecret: string;
  settingsId: string;
  webhookUrl: string;
}

export interface SandboxLalamoveOrder {
  orderId: string;
  status: string;
  driverId: string;
  shareLink: string;
  metadata: Record<string, string>;
  createdAt: string;
}

/** The Lalamove sandbox's control API. */
export async function lalamoveControl<T = Record<string, unknown>>(stack: Stack, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${stack.lalamoveUrl}/_sandbox${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/**
 * 信義店 located, a Lalamove sandbox account opened, and the branch's 外送物流設定 saved with it
 * through the admin API, which sets the branch's webhook URL at Lalamove.
 */
export async function connectLalamove(stack: Stack, shop: TestRestaurant): Promise<LalamoveAccountOf> {
  await stack.db.branch.update({ where: { id: shop.branchId }, data: { latitude: 25.0330, longitude: 121.5654 } });
  const account = { apiKey: `pk_test_${randomUUID().replace(/-/g, '')}`, apiSecret: `sk_test_${randomUUID().replace(/-/g, '')}` };
  await lalamoveControl(stack, 'POST', '/accounts', account);
  const saved = await requestAs(stack.apiUrl, shop.owner, 'PUT', `/api/t/${shop.tenant.slug}/branches/${shop.branchId}/delivery-settings`, {
    partner: 'lalamove',
    ...account,
    serviceType: 'MOTORCYCLE',
    feePaidBy: 'shop',
    bookWhen: 'on_accept',
    bookMinutesBefore: 30,
  });
  if (saved.status !== 200) throw new Error(`delivery settings: ${saved.status} ${JSON.stringify(saved.body)}`);
  const { settings, webhookUrl, webhookRegistered } = saved.body as { settings: { id: string }; webhookUrl: string; webhookRegistered: boolean };
  if (!webhookRegistered) throw new Error('the webhook URL was not set at Lalamove');
  return { ...account, settingsId: settings.id, webhookUrl };
}

/** A customer's 外送 order of one 珍珠奶茶 to 台北市政府 (1 km from 信義店), on the first delivery slot. */
export async function placeDeliveryOrder(stack: Stack, shop: TestRestaurant, browser: CustomerBrowser) {
  const [slot] = await pickupSlots(stack, shop, 'delivery');
  const placed = await browser.call(
    'POST',
    `/api/shop/${shop.tenant.slug}/restaurant-orders`,
    teaCheckout(shop, slot!.start, { method: 'delivery', delivery: { address: '台北市信義區市府路 1 號', lat: 25.0375, lng: 121.5637 } }),
  );
  if (placed.status !== 201) throw new Error(`order: ${placed.status} ${JSON.stringify(placed.body)}`);
  return stack.db.order.findFirstOrThrow({ where: { tenantId: shop.tenant.id, number: placed.body!.orderNumber as string } });
}

/** The sandbox's orders booked for one of Jiayi's orders, oldest first. */
export async function lalamoveOrdersFor(stack: Stack, account: LalamoveAccountOf, orderId: string) {
  const all = await lalamoveControl<SandboxLalamoveOrder[]>(stack, 'GET', `/orders?apiKey=${account.apiKey}`);
  return all.filter((o) => o.metadata.jiayiOrderId === orderId);
}
