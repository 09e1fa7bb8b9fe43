import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, sessionCookie } from '../../support/browser.ts';
import { openRestaurant, type TestRestaurant } from '../../support/restaurant-orders.ts';
import { startStack, waitFor, type Stack } from '../../support/stack.ts';
import { placeUberOrder, uberControl, uberOrderAt, type UberStoreOf } from '../../support/ubereats.ts';
import { PHONE, SCREENSHOTS, hydrated, watchErrors, type WatchedPage } from '../admin-session.ts';

/**
 * Uber Eats 整合 in headless Chromium (zh-TW) against the whole product and the Uber Eats
 * sandbox: the owner connects the branch on a phone (BETA, the connection's health as it is,
 * the webhook URL to give Uber), an Uber Eats order arrives on the kitchen's board with its
 * badge and is accepted by a tap, which Uber hears. Screenshots in test-results/ubereats-*.png.
 */

let stack: Stack;
let browser: Browser;
let shop: TestRestaurant;

const TABLET = { viewport: { width: 1280, height: 800 }, hasTouch: true, locale: 'zh-TW' };
const ZH_PHONE = { ...PHONE, locale: 'zh-TW' };

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack({ ubereats: true }), launchChromium()]);
  shop = await openRestaurant(stack, '2300016101');
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function ownerPage(options: Parameters<Browser['newContext']>[0], path: string): Promise<WatchedPage> {
  const context: BrowserContext = await browser.newContext(options);
  await context.addCookies([sessionCookie(shop.owner, stack.apiUrl)]);
  const page = (await context.newPage()) as WatchedPage;
  page.errors = watchErrors(page);
  await page.goto(`${stack.apiUrl}/t/${shop.tenant.slug}/admin/${path}`);
  await hydrated(page);
  return page;
}

describe('Uber Eats 整合', () => {
  let store: UberStoreOf;

  it('connects the branch on a phone and shows the connection as it is', async () => {
    const page = await ownerPage(ZH_PHONE, 'settings/ubereats');
    await page.getByRole('heading', { level: 1, name: 'Uber Eats 整合' }).waitFor();
    await page.getByText('分店：信義店').waitFor();
    await page.getByText('BETA', { exact: true }).waitFor();
    await page.getByText('尚未連接').waitFor();

    await page.getByRole('button', { name: '儲存連線' }).tap();
    await page.getByText('請輸入Uber Eats 商店 ID').waitFor();
    expect(await stack.db.uberEatsConnection.count({ where: { tenantId: shop.tenant.id } })).toBe(0);

    store = {
      storeId: 'sandbox-store-xinyi',
      clientId: 'client-xinyi',
      clientSecret: 'secret-xinyi-0001',
      connectionId: '',
      webhookUrl: '',
    };
    await page.getByLabel('Uber Eats 商店 ID').fill(store.storeId);
    await page.getByLabel('Client ID').fill(store.clientId);
    await page.getByLabel('Client Secret').fill(store.clientSecret);
    await page.getByRole('switch', { name: '自動接單' }).tap();
    await page.getByRole('button', { name: '儲存連線' }).tap();
    await page.getByText('已儲存 Uber Eats 連線').waitFor();
    const webhook = await page.locator('code').innerText();
    const row = await stack.db.uberEatsConnection.findFirstOrThrow({ where: { tenantId: shop.tenant.id } });
    expect(webhook).toBe(`${stack.apiUrl}/webhooks/ubereats/${row.id}`);
    expect(row.autoAccept).toBe(false);
    await page.getByText('還沒取得').waitFor();
    expect(await page.getByLabel('Client Secret').inputValue()).toBe('');
    await page.screenshot({ path: join(SCREENSHOTS, 'ubereats-settings-phone.png'), fullPage: true });
    expect(page.errors).toEqual([]);
    store = { ...store, connectionId: row.id, webhookUrl: webhook };
    await uberControl(stack, 'POST', '/stores', { ...store, name: '信義店' });

    // 同步菜單: the branch's menu reaches the store on Uber Eats.
    await page.getByRole('button', { name: '同步菜單到 Uber Eats' }).tap();
    await page.getByRole('status').getByText('已開始同步', { exact: false }).waitFor();
    const pushed = await waitFor(
      'the menu on Uber Eats',
      async () =>
        (
          await uberControl<{ menu: { items: { title: { translations: { zh_tw: string } } }[] } | null }>(
            stack,
            'GET',
            `/stores/${store.storeId}`,
          )
        ).menu ?? undefined,
    );
    expect(pushed.items.map((i) => i.title.translations.zh_tw)).toContain('珍珠奶茶');
    await page.screenshot({ path: join(SCREENSHOTS, 'ubereats-menu-sync-phone.png'), fullPage: true });
    expect(page.errors).toEqual([]);
  });

  it('puts an Uber Eats order on the board with its badge; a tap accepts it on Uber', async () => {
    const page = await ownerPage(TABLET, 'order-board');
    await page.locator('[data-connection="live"]').waitFor();
    const { order } = await placeUberOrder(stack, shop, store, 1);
    const ours = await waitFor('order placed', () =>
      stack.db.order
        .findFirst({ where: { tenantId: shop.tenant.id, sourceEventId: `ubereats:${order.id}` } })
        .then((o) => o ?? undefined),
    );
    const card = page.locator(`article[data-order-id="${ours.id}"]`);
    await card.waitFor({ timeout: 15_000 });
    expect(await card.innerText()).toContain('Uber Eats');
    await page.screenshot({ path: join(SCREENSHOTS, 'ubereats-order-on-board.png') });
    await card.getByRole('button', { name: '接單' }).tap();
    await expect.poll(async () => (await uberOrderAt(stack, order.id)).current_state).toBe('ACCEPTED');
    await expect
      .poll(async () => (await stack.db.order.findUniqueOrThrow({ where: { id: ours.id } })).status)
      .toBe('accepted');

    const settings = await ownerPage(ZH_PHONE, 'settings/ubereats');
    await settings.getByText(/^有效，到/).waitFor();
    await settings.getByText('沒有錯誤').waitFor();
    await settings.screenshot({ path: join(SCREENSHOTS, 'ubereats-health-phone.png'), fullPage: true });
  });
});
