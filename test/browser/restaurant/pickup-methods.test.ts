import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PHONE, SCREENSHOTS, adminMenu, memberBrowser, open, startBrowserStack } from '../admin-session.ts';
import type { ApiServer } from '../../support/api-server.ts';
import { createTenant } from '../../support/shops.ts';
import { getPickupMethods } from '../../../db/restaurant/pickup-methods.ts';

/**
 * 取件方式設定 in headless Chromium on a phone (zh-TW) against the real server and the built app:
 * switch delivery on, the same zh-TW field error as the server, set a radius and tables, save,
 * and find it all after a reload. Screenshots in test-results/pickup-*.png.
 */

let server: ApiServer;
let browser: Browser;
let stack: Awaited<ReturnType<typeof startBrowserStack>> | undefined;
let shop: { id: string; slug: string };
let branchId: string;
let asOwner: (options: Parameters<Browser['newContext']>[0]) => Promise<BrowserContext>;

const ZH_PHONE = { ...PHONE, locale: 'zh-TW' };

beforeAll(async () => {
  stack = await startBrowserStack('browser-pickup');
  ({ server, browser } = stack);
  shop = await createTenant(server.db, 'noodle-house', '阿城麵館');
  await server.db.tenant.update({ where: { id: shop.id }, data: { kind: 'restaurant' } });
  // One branch: the header picks it without asking.
  const branch = await server.db.branch.create({
    data: {
      tenantId: shop.id,
      name: '信義店',
      address: '台北市信義區松壽路 12 號',
      phone: '0227221234',
      latitude: 25.036,
      longitude: 121.5669,
    },
  });
  branchId = branch.id;
  asOwner = await memberBrowser(server, browser, [shop.id], { role: 'owner', displayName: '店主阿城' });
}, 240_000);

afterAll(async () => {
  await stack?.close();
});

describe('取件方式設定 on a phone', () => {
  it('switches delivery on, explains a bad radius, saves radius and tables, and keeps them after a reload', async () => {
    const context = await asOwner(ZH_PHONE);
    try {
      const page = await open(server, context, `/t/${shop.slug}/admin/orders`);
      const menu = await adminMenu(page);
      await menu.getByRole('link', { name: '取件方式設定' }).tap();
      await page.waitForURL(`**/t/${shop.slug}/admin/settings/pickup`);
      await page.getByRole('heading', { level: 1, name: '取件方式設定' }).waitFor();
      await page.getByText('分店：信義店').waitFor();

      // Pickup on by default, delivery and dine-in off: their fields hidden.
      expect(await page.getByRole('switch', { name: '自取' }).isChecked()).toBe(true);
      const delivery = page.getByRole('switch', { name: '外送' });
      expect(await delivery.isChecked()).toBe(false);
      expect(await page.getByLabel('外送半徑（公尺）').count()).toBe(0);

      await delivery.tap();
      const radius = page.getByLabel('外送半徑（公尺）');
      await radius.fill('50');
      await page.getByRole('button', { name: '儲存取件方式' }).tap();
      // The browser's check, with the server's words; nothing saved.
      await page.getByText('外送半徑（公尺）不能小於 100').waitFor();
      expect(await radius.getAttribute('aria-invalid')).toBe('true');
      expect(await server.db.branchPickupMethods.count()).toBe(0);

      await radius.fill('2500');
      await page.getByLabel('外送運費（NT$）').fill('50');
      await page.getByRole('switch', { name: '內用' }).tap();
      const tables = page.getByLabel('桌號');
      await tables.fill('A1-A5, 吧台');
      await page.getByText('共 6 桌：A1 A2 A3 A4 A5 吧台').waitFor();
      await page.getByRole('button', { name: '儲存取件方式' }).tap();
      await page.getByRole('status').getByText('已儲存「信義店」的取件方式。').waitFor();
      await page.screenshot({ path: join(SCREENSHOTS, 'pickup-saved-phone.png'), fullPage: true });

      const saved = await getPickupMethods(server.db, shop.id, branchId);
      expect(saved).toMatchObject({
        deliveryEnabled: true,
        deliveryRadiusMetres: 2500,
        deliveryFee: 50,
        dineInEnabled: true,
        tables: ['A1', 'A2', 'A3', 'A4', 'A5', '吧台'],
      });

      await page.reload();
      await page.getByRole('heading', { level: 1, name: '取件方式設定' }).waitFor();
      await expect.poll(() => page.getByRole('switch', { name: '外送' }).isChecked()).toBe(true);
      expect(await page.getByLabel('外送半徑（公尺）').inputValue()).toBe('2500');
      expect(await page.getByLabel('桌號').inputValue()).toBe('A1 A2 A3 A4 A5 吧台');
      // Phone first: nothing wider than the screen.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      expect(page.errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('delivers by zones: a zone without a fee is pointed out beside it, then saved', async () => {
    const context = await asOwner(ZH_PHONE);
    try {
      const page = await open(server, context, `/t/${shop.slug}/admin/settings/pickup`);
      await expect.poll(() => page.getByRole('switch', { name: '外送' }).isChecked()).toBe(true);
      await page.getByLabel('依區域（各區自訂運費與低消）').check();
      await page.getByRole('button', { name: '+ 新增區域' }).tap();
      await page.getByLabel('區域名稱').fill('信義區');
      await page.getByLabel('低消（NT$）').fill('200');
      await page.getByRole('button', { name: '儲存取件方式' }).tap();
      await page.getByText('區域運費（NT$）必須是整數').waitFor();
      expect(await page.locator('input[name=zoneFee]').getAttribute('aria-invalid')).toBe('true');
      await page.locator('input[name=zoneFee]').fill('40');
      await page.getByRole('button', { name: '儲存取件方式' }).tap();
      await page.getByRole('status').getByText('已儲存「信義店」的取件方式。').waitFor();
      await page.screenshot({ path: join(SCREENSHOTS, 'pickup-zones-phone.png'), fullPage: true });
      expect(await getPickupMethods(server.db, shop.id, branchId)).toMatchObject({
        deliveryArea: 'zones',
        deliveryZones: [{ name: '信義區', fee: 40, minimumOrder: 200 }],
        // The radius stays for when the merchant switches back.
        deliveryRadiusMetres: 2500,
      });
      expect(page.errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('shows staff who may only look the settings, locked, with no save button', async () => {
    const asStaff = await memberBrowser(server, browser, [shop.id], { role: 'staff', displayName: '小林' });
    const context = await asStaff(ZH_PHONE);
    try {
      const page = await open(server, context, `/t/${shop.slug}/admin/settings/pickup`);
      await page.getByText('你可以查看取件方式；修改需要「門市設定」的管理權限。').waitFor();
      expect(await page.getByRole('switch', { name: '外送' }).isDisabled()).toBe(true);
      expect(await page.getByRole('button', { name: '儲存取件方式' }).count()).toBe(0);
      expect(page.errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
