import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, sessionCookie } from '../../support/browser.ts';
import { openRestaurant, type TestRestaurant } from '../../support/restaurant-orders.ts';
import { startStack, type Stack } from '../../support/stack.ts';
import { PHONE, SCREENSHOTS, hydrated, watchErrors, type WatchedPage } from '../admin-session.ts';

/**
 * 外送物流設定 in headless Chromium (zh-TW) on a phone: the owner sets 信義店's Lalamove key and
 * secret, the vehicle, who pays and when to book; a missing key is refused next to its field;
 * once saved the secret is gone from the page, the webhook URL to give Lalamove is shown, and the
 * audit log has the change. Screenshots in test-results/delivery-*.png.
 */

let stack: Stack;
let browser: Browser;
let shop: TestRestaurant;

const ZH_PHONE = { ...PHONE, locale: 'zh-TW' };

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(), launchChromium()]);
  shop = await openRestaurant(stack, '2300016301');
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function ownerPage(path: string): Promise<WatchedPage> {
  const context: BrowserContext = await browser.newContext(ZH_PHONE);
  await context.addCookies([sessionCookie(shop.owner, stack.apiUrl)]);
  const page = (await context.newPage()) as WatchedPage;
  page.errors = watchErrors(page);
  await page.goto(`${stack.apiUrl}/t/${shop.tenant.slug}/admin/${path}`);
  await hydrated(page);
  return page;
}

describe('外送物流設定', () => {
  it('is set on a phone: the secret sealed and never shown, the webhook URL given (and set at Lalamove when it takes the key), booking before the slot', async () => {
    const page = await ownerPage('settings/delivery');
    await page.getByRole('heading', { level: 1, name: '外送物流設定' }).waitFor();
    await page.getByText('分店：信義店').waitFor();

    await page.getByRole('button', { name: '儲存設定' }).tap();
    await page.getByText('請輸入API Key').waitFor();
    expect(await stack.db.deliverySettings.count({ where: { tenantId: shop.tenant.id } })).toBe(0);
    await page.screenshot({ path: join(SCREENSHOTS, 'delivery-settings-refused-phone.png'), fullPage: true });

    await page.getByLabel('API Key').fill('pk_test_xinyi');
    await page.getByLabel('API Secret').fill('sk_test_xinyi_0001');
    await page.getByLabel('車型').selectOption('CAR');
    await page.getByLabel('顧客支付（外送員向顧客收取）').check();
    await page.getByLabel('送達時段前幾分鐘叫車').check();
    await page.getByLabel('提前幾分鐘叫車').fill('45');
    await page.getByRole('button', { name: '儲存設定' }).tap();
    // Saving sets the webhook URL at Lalamove; this key is not Lalamove's, so the page says so
    // and gives the URL to enter by hand.
    await page.getByText('已儲存，但沒能把通知網址設定到 Lalamove', { exact: false }).waitFor();

    const row = await stack.db.deliverySettings.findFirstOrThrow({ where: { tenantId: shop.tenant.id, branchId: shop.branchId } });
    expect(row).toMatchObject({ partner: 'lalamove', apiKey: 'pk_test_xinyi', serviceType: 'CAR', feePaidBy: 'customer', bookWhen: 'before_slot', bookMinutesBefore: 45 });
    expect(row.apiSecretSealed).not.toContain('sk_test_xinyi_0001');
    expect(await page.locator('code').innerText()).toBe(`${stack.apiUrl}/webhooks/lalamove/${row.id}`);
    expect(await page.getByLabel('API Secret').inputValue()).toBe('');
    await page.getByText('已保存；留空就沿用原本的').waitFor();
    await page.getByText('通知網址沒有設定成功', { exact: false }).waitFor();
    expect(await stack.db.auditLog.count({ where: { tenantId: shop.tenant.id, action: 'branch.delivery_settings' } })).toBe(1);
    await page.screenshot({ path: join(SCREENSHOTS, 'delivery-settings-phone.png'), fullPage: true });
    expect(page.errors).toEqual([]);
  });
});
