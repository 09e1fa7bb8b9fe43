import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PHONE, SCREENSHOTS, adminMenu, memberBrowser, open, startBrowserStack } from '../admin-session.ts';
import type { ApiServer } from '../../support/api-server.ts';
import { createShop, insertOrder, type Shop } from '../../support/shops.ts';

/**
 * 系統設定 in headless Chromium on a phone (zh-TW) against the real server and the built app:
 * the owner finds it under 員工與系統管理, chooses 12 個月 and sees how many customers it would
 * anonymize, saves; then chooses English as the admin's default, and a member who never picked
 * a language sees the admin in English while one who picked 中文 keeps it. Screenshots in
 * test-results/system-settings-*.png.
 */

let server: ApiServer;
let browser: Browser;
let stack: Awaited<ReturnType<typeof startBrowserStack>> | undefined;
let shop: Shop;
let asOwner: (options: Parameters<Browser['newContext']>[0]) => Promise<BrowserContext>;
let asStaff: (options: Parameters<Browser['newContext']>[0]) => Promise<BrowserContext>;

const ZH_PHONE = { ...PHONE, locale: 'zh-TW' };
const monthsAgo = (months: number) => new Date(Date.now() - months * 31 * 86_400_000);

beforeAll(async () => {
  stack = await startBrowserStack('browser-system');
  ({ server, browser } = stack);
  shop = await createShop(server.db, { slug: 'amei-system', name: '阿美小舖', prefix: 'AMSY' });
  // Two customers who last ordered 14 and 20 months ago (the shop's own one has never ordered: created now).
  for (const [name, months] of [
    ['陳美玲', 14],
    ['王大明', 20],
  ] as const) {
    const customer = await server.db.customer.create({
      data: {
        tenantId: shop.tenantId,
        lineUserId: `U${randomBytes(16).toString('hex')}`,
        displayName: name,
        createdAt: monthsAgo(months + 1),
      },
    });
    await insertOrder(server.db, shop, { at: monthsAgo(months), status: 'shipped', customerId: customer.id });
  }
  asOwner = await memberBrowser(server, browser, [shop.tenantId], { role: 'owner', displayName: '阿美' });
  asStaff = await memberBrowser(server, browser, [shop.tenantId], { role: 'staff', displayName: '小華' });
}, 240_000);

afterAll(async () => {
  await stack?.close();
});

describe('系統設定 on a phone', () => {
  it('previews 12 個月 and saves it, then makes English the admin’s language for members who chose none', async () => {
    const context = await asOwner(ZH_PHONE);
    try {
      const page = await open(server, context, `/t/${shop.slug}/admin/orders`);
      const menu = await adminMenu(page);
      await menu.getByRole('link', { name: '系統設定' }).tap();
      await page.waitForURL(`**/t/${shop.slug}/admin/settings/system`);
      await page.getByRole('heading', { level: 1, name: '系統設定' }).waitFor();
      const preview = page.getByTestId('retention-preview');
      await preview.getByText('不自動清除：顧客資料會一直保留').waitFor();
      await page.getByTestId('retention-last-run').getByText('還沒有執行過自動匿名。').waitFor();
      // The order and receipt defaults stay on their own page.
      expect(await page.getByRole('link', { name: '訂單設定' }).last().getAttribute('href')).toBe(
        `/t/${shop.slug}/admin/settings/orders`,
      );

      await page.getByRole('radio', { name: '12 個月' }).check();
      await preview.getByText('這個期限會匿名 2 位顧客', { exact: false }).waitFor();
      await page.getByRole('radio', { name: '36 個月' }).check();
      await preview.getByText('這個期限不會匿名任何顧客', { exact: false }).waitFor();
      await page.getByRole('radio', { name: '12 個月' }).check();
      await preview.getByText('這個期限會匿名 2 位顧客', { exact: false }).waitFor();
      await page.getByRole('button', { name: '儲存', exact: true }).tap();
      await page.getByRole('status').getByText('已儲存系統設定。').waitFor();
      expect(
        await server.db.tenant.findUniqueOrThrow({
          where: { id: shop.tenantId },
          select: { customerRetentionMonths: true, adminLocale: true },
        }),
      ).toEqual({ customerRetentionMonths: 12, adminLocale: null });
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await page.screenshot({ path: join(SCREENSHOTS, 'system-settings-retention-phone.png'), fullPage: true });

      // English for everyone who has not chosen: the owner has not either, so the page turns English.
      await page.getByRole('radio', { name: 'English' }).check();
      await page.getByRole('button', { name: '儲存', exact: true }).tap();
      await page.getByRole('heading', { level: 1, name: 'System settings' }).waitFor();
      await page.getByRole('status').getByText('System settings saved.').waitFor();
      expect(await page.getByRole('radio', { name: '12 months' }).isChecked()).toBe(true);
      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'System settings' }).waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      await page.screenshot({ path: join(SCREENSHOTS, 'system-settings-english-phone.png'), fullPage: true });
      expect(page.errors).toEqual([]);
    } finally {
      await context.close();
    }

    // A member on a Chinese phone who never used the language switch: the shop's English.
    const staff = await asStaff(ZH_PHONE);
    try {
      const page = await open(server, staff, `/t/${shop.slug}/admin/orders`);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Orders');
      // Their own choice wins, and sticks.
      await page.getByRole('link', { name: '中文' }).tap();
      await page.waitForURL(/lang=zh-TW/);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('訂單管理');
      await page.goto(`${server.baseUrl}/t/${shop.slug}/admin/orders`);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('訂單管理');
      expect(page.errors).toEqual([]);
    } finally {
      await staff.close();
    }
  });
});
