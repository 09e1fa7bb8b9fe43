import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PHONE, SCREENSHOTS, adminMenu, memberBrowser, open, startBrowserStack } from '../admin-session.ts';
import type { ApiServer } from '../../support/api-server.ts';
import { mailsFor } from '../../support/mail.ts';
import { createShop, insertOrder, type Shop } from '../../support/shops.ts';
import { findNotificationSettings } from '../../../db/orders/notification-settings.ts';

/**
 * 訂單通知設定 in headless Chromium on a phone (zh-TW) against the real server and the built app:
 * a wrong address explained beside its field, saved, 「傳送測試」 answering per channel (the
 * e-mail arriving in mailpit, LINE saying why it could not send), and the order page's 🔔
 * chiming for a new order. Screenshots in test-results/notification-*.png.
 */

let server: ApiServer;
let browser: Browser;
let stack: Awaited<ReturnType<typeof startBrowserStack>> | undefined;
let shop: Shop;
let asOwner: (options: Parameters<Browser['newContext']>[0]) => Promise<BrowserContext>;

const ZH_PHONE = { ...PHONE, locale: 'zh-TW' };

beforeAll(async () => {
  stack = await startBrowserStack('browser-notify');
  ({ server, browser } = stack);
  shop = await createShop(server.db, { slug: 'amei-shop', name: '阿美小舖', prefix: 'AMEY' });
  asOwner = await memberBrowser(server, browser, [shop.tenantId], { role: 'owner', displayName: '阿美' });
}, 240_000);

afterAll(async () => {
  await stack?.close();
});

describe('訂單通知設定 on a phone', () => {
  it('saves e-mail notifications after pointing out a wrong address, and 傳送測試 answers per channel', async () => {
    const boss = `boss-${randomBytes(3).toString('hex')}@amei.test`;
    const context = await asOwner(ZH_PHONE);
    try {
      const page = await open(server, context, `/t/${shop.slug}/admin/orders`);
      const menu = await adminMenu(page);
      await menu.getByRole('link', { name: '訂單通知設定' }).tap();
      await page.waitForURL(`**/t/${shop.slug}/admin/settings/notifications`);
      await page.getByRole('heading', { level: 1, name: '訂單通知設定' }).waitFor();
      // Nobody has bound LINE yet: the page says how.
      await page.getByText('還沒有成員綁定 LINE。', { exact: false }).waitFor();

      await page.getByRole('switch', { name: '新訂單', exact: true }).check();
      await page.getByRole('checkbox', { name: '已支付' }).check();
      await page.getByRole('switch', { name: '電子郵件通知' }).check();
      const recipients = page.getByLabel('收件人');
      await recipients.fill('boss@');
      await page.getByRole('button', { name: '儲存', exact: true }).tap();
      await page.getByText('「boss@」不是有效的電子郵件').waitFor();
      expect(await recipients.getAttribute('aria-invalid')).toBe('true');
      expect(await server.db.orderNotificationSettings.count({ where: { tenantId: shop.tenantId } })).toBe(0);

      await recipients.fill(boss.toUpperCase());
      await page.getByRole('button', { name: '儲存', exact: true }).tap();
      await page.getByRole('status').getByText('已儲存通知設定。').waitFor();
      expect(await findNotificationSettings(server.db, shop.tenantId)).toMatchObject({
        newOrder: true,
        statusChanges: ['paid'],
        emailEnabled: true,
        emailRecipients: [boss],
      });

      await page.getByRole('button', { name: '傳送測試' }).tap();
      const results = page.getByTestId('test-results');
      await results.locator('[data-channel=email]').getByText('已送出（1 位）').waitFor();
      await results.locator('[data-channel=line]').getByText('失敗：沒有選擇要收 LINE 通知的成員').waitFor();
      await results.locator('[data-channel=sound]').getByText('已在這台裝置播放提示音').waitFor();
      const [mail] = await mailsFor(boss, 1);
      expect(mail!.subject).toBe('[阿美小舖] 【測試通知】阿美小舖 的訂單通知設定正常');
      await results.scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(SCREENSHOTS, 'notification-settings-tested-phone.png'), fullPage: true });

      await page.reload();
      await expect.poll(() => page.getByRole('switch', { name: '新訂單', exact: true }).isChecked()).toBe(true);
      expect(await page.getByLabel('收件人').inputValue()).toBe(boss);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      expect(page.errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('the order page chimes for a new order once the 🔔 is tapped', async () => {
    const context = await asOwner(ZH_PHONE);
    try {
      const page = await open(server, context, `/t/${shop.slug}/admin/orders`);
      await page.locator('[data-connection=live]').waitFor();
      const bell = page.getByRole('button', { name: '提示音關' });
      await bell.tap();
      const on = page.getByRole('button', { name: '提示音開' });
      expect(await on.getAttribute('aria-pressed')).toBe('true');
      // The tap itself plays it once, so the merchant knows what to listen for.
      await expect.poll(() => on.getAttribute('data-played')).toBe('1');
      const order = await insertOrder(server.db, shop, {});
      await page.locator(`li.card[data-order-id="${order.id}"]`).waitFor();
      await expect.poll(() => on.getAttribute('data-played')).toBe('2');
      await page.screenshot({ path: join(SCREENSHOTS, 'notification-bell-phone.png') });
      expect(page.errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
