import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PHONE, SCREENSHOTS, adminMenu, memberBrowser, open, startBrowserStack } from '../admin-session.ts';
import type { ApiServer } from '../../support/api-server.ts';
import { createTenant } from '../../support/shops.ts';

/**
 * 日常營運 in headless Chromium (zh-TW) against the real server and the built app: on a kitchen
 * tablet, pause an item for today in a couple of taps and see the customer's menu show it as
 * unavailable, then resume it; on a phone, set a stock with a daily refill, −1 and 售完; the slot
 * limits explain a bad number beside the field. Screenshots in test-results/daily-ops-*.png.
 */

let server: ApiServer;
let browser: Browser;
let stack: Awaited<ReturnType<typeof startBrowserStack>> | undefined;
let shop: { id: string; slug: string };
let branchId: string;
let beefNoodles: string;
let wontons: string;
let asOwner: (options: Parameters<Browser['newContext']>[0]) => Promise<BrowserContext>;

const TABLET = {
  viewport: { width: 820, height: 1180 },
  isMobile: true,
  hasTouch: true,
  locale: 'zh-TW',
};
const ZH_PHONE = { ...PHONE, locale: 'zh-TW' };

/** The item as this branch's customers see it on the menu. */
async function customerSees(productId: string) {
  const response = await fetch(`${server.baseUrl}/api/menu/${shop.slug}?branch=${branchId}`);
  const menu = (await response.json()) as {
    categories: { items: { id: string; soldOut: boolean; unavailable: string | null }[] }[];
  };
  return menu.categories.flatMap((c) => c.items).find((i) => i.id === productId);
}

beforeAll(async () => {
  stack = await startBrowserStack('browser-daily-ops');
  ({ server, browser } = stack);
  shop = await createTenant(server.db, 'noodle-house', '阿城麵館');
  await server.db.tenant.update({ where: { id: shop.id }, data: { kind: 'restaurant' } });
  // One branch: the header picks it without asking.
  branchId = (
    await server.db.branch.create({
      data: { tenantId: shop.id, name: '信義店', address: '台北市信義區松壽路 12 號', phone: '0227221234' },
    })
  ).id;
  const noodles = await server.db.menuCategory.create({ data: { tenantId: shop.id, name: '麵食' } });
  const item = async (code: string, name: string) =>
    (
      await server.db.product.create({
        data: { tenantId: shop.id, code, name, price: 160, stock: -1, categoryId: noodles.id },
        select: { id: true },
      })
    ).id;
  beefNoodles = await item('261204001', '紅燒牛肉麵');
  wontons = await item('261204002', '鮮蝦餛飩麵');
  await server.db.optionGroup.create({
    data: {
      tenantId: shop.id,
      name: '加購',
      required: false,
      multiple: true,
      minSelect: 0,
      maxSelect: 1,
      choices: { create: { name: '加蛋', priceDelta: 15 } },
    },
  });
  asOwner = await memberBrowser(server, browser, [shop.id], { role: 'owner', displayName: '店主阿城' });
}, 240_000);

afterAll(async () => {
  await stack?.close();
});

describe('暫停銷售 on a kitchen tablet', () => {
  it('pauses an item for today, the customer menu shows it unavailable, and one tap sells it again', async () => {
    const context = await asOwner(TABLET);
    try {
      const page = await open(server, context, `/t/${shop.slug}/admin/orders`);
      const menu = await adminMenu(page);
      await menu.getByRole('link', { name: '暫停銷售' }).tap();
      await page.waitForURL(`**/t/${shop.slug}/admin/daily/pauses`);
      await page.getByRole('heading', { level: 1, name: '暫停銷售' }).waitFor();
      await page.getByText('分店：信義店').waitFor();
      // Items by category and option choices by group.
      await page.getByRole('heading', { name: '麵食' }).waitFor();
      await page.getByRole('heading', { name: '加購與選項・加購' }).waitFor();

      await page.getByRole('searchbox', { name: '搜尋品項' }).fill('牛肉');
      await expect.poll(() => page.getByRole('button', { name: '暫停「鮮蝦餛飩麵」' }).count()).toBe(0);
      const pause = page.getByRole('button', { name: '暫停「紅燒牛肉麵」' });
      // Big touch targets.
      expect((await pause.boundingBox())!.height).toBeGreaterThanOrEqual(48);
      await pause.tap();
      await page.getByRole('button', { name: '到幾點' }).tap();
      await page.getByLabel('恢復時間').waitFor();
      await page.screenshot({ path: join(SCREENSHOTS, 'daily-ops-pause-choose-tablet.png') });
      await page.getByRole('button', { name: '今天（明天自動恢復）' }).tap();
      await page.locator('[aria-live]').getByText('已暫停「紅燒牛肉麵」。').waitFor();

      // On top, under 暫停中, with the time left and 恢復販售.
      await page.getByRole('heading', { name: '暫停中（1）' }).waitFor();
      await page
        .getByText(/明天 00:00 自動恢復（還有 .+）/)
        .first()
        .waitFor();
      await page.getByRole('searchbox', { name: '搜尋品項' }).fill('');
      await page.screenshot({ path: join(SCREENSHOTS, 'daily-ops-paused-tablet.png'), fullPage: true });

      expect(await customerSees(beefNoodles)).toMatchObject({ soldOut: true, unavailable: 'paused' });
      expect(await customerSees(wontons)).toMatchObject({ soldOut: false, unavailable: null });

      await page.getByRole('button', { name: '恢復販售「紅燒牛肉麵」' }).first().tap();
      await page.locator('[aria-live]').getByText('「紅燒牛肉麵」恢復販售。').waitFor();
      await expect.poll(() => page.getByRole('heading', { name: /暫停中/ }).count()).toBe(0);
      expect(await customerSees(beefNoodles)).toMatchObject({ soldOut: false, unavailable: null });
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(820);
      expect(page.errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('庫存管理 on a phone', () => {
  it('sets 3 left with a daily refill of 10, takes one, and marks it sold out for customers', async () => {
    const context = await asOwner(ZH_PHONE);
    try {
      const page = await open(server, context, `/t/${shop.slug}/admin/daily/stock`);
      await page.getByRole('heading', { level: 1, name: '庫存管理' }).waitFor();
      await page.getByRole('button', { name: '設定「鮮蝦餛飩麵」的庫存' }).tap();
      await page.getByLabel('今天剩下幾份').fill('3');
      await page.getByLabel('每天自動補貨').check();
      await page.getByLabel('每天補到幾份').fill('-5');
      await page.getByRole('button', { name: '儲存' }).tap();
      // The server's words, beside the field, before anything is sent.
      await page.getByText('每日補貨數量不能小於 0').waitFor();
      await page.getByLabel('每天補到幾份').fill('10');
      await page.getByRole('button', { name: '儲存' }).tap();
      await page.getByText('剩 3 份 · 每日補 10 份').waitFor();

      await page.getByRole('button', { name: '少 1 份：鮮蝦餛飩麵' }).tap();
      await page.getByText('剩 2 份 · 每日補 10 份').waitFor();
      await page.getByRole('button', { name: '把「鮮蝦餛飩麵」設為售完' }).tap();
      await page.getByText('售完 · 每日補 10 份').waitFor();
      await page.screenshot({ path: join(SCREENSHOTS, 'daily-ops-stock-phone.png'), fullPage: true });

      expect(await customerSees(wontons)).toMatchObject({ soldOut: true, unavailable: 'sold_out' });
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      expect(page.errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('產能限制 on a phone', () => {
  it('refuses 0 orders per slot beside the field, then saves 20', async () => {
    const context = await asOwner(ZH_PHONE);
    try {
      const page = await open(server, context, `/t/${shop.slug}/admin/daily/capacity`);
      await page.getByRole('heading', { level: 1, name: '產能限制' }).waitFor();
      const field = page.getByLabel('每個時段最多幾張訂單');
      await field.fill('0');
      await page.getByRole('button', { name: '儲存' }).first().tap();
      await page.getByText('每個時段最多訂單數不能小於 1').waitFor();
      expect(await field.getAttribute('aria-invalid')).toBe('true');
      await field.fill('20');
      await page.getByRole('button', { name: '儲存' }).first().tap();
      await page.locator('[aria-live]').getByText('已儲存。').waitFor();
      await page.getByLabel('「紅燒牛肉麵」每個時段最多幾份').fill('12');
      await page.getByRole('button', { name: '儲存' }).nth(1).tap();
      await expect
        .poll(() =>
          server.db.branchItemStock.findFirst({ where: { productId: beefNoodles }, select: { maxPerSlot: true } }),
        )
        .toEqual({ maxPerSlot: 12 });
      expect(await server.db.branchCapacity.findFirst({ select: { maxOrdersPerSlot: true } })).toEqual({
        maxOrdersPerSlot: 20,
      });
      await page.screenshot({ path: join(SCREENSHOTS, 'daily-ops-capacity-phone.png'), fullPage: true });
      expect(page.errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
