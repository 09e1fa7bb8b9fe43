import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastTaipeiDays } from '../../../domain/insights/day-series.ts';
import { taipeiDayRange } from '../../../domain/taipei-time.ts';
import {
  DESKTOP,
  PHONE,
  SCREENSHOTS,
  adminMenu,
  memberBrowser,
  oneLine,
  open,
  startBrowserStack,
  type WatchedPage,
} from '../admin-session.ts';
import type { ApiServer } from '../../support/api-server.ts';
import { createShop, insertOrder, type NewOrder, type Shop } from '../../support/shops.ts';

/**
 * Seed 000's 銷售分析 in headless Chromium against the real server and the built app: the
 * figures of the last 30 days match the orders the test wrote, the range changes (7 / 90 days,
 * a custom from/to, kept in the URL), the chart reads out a day by keyboard and by tap, and the
 * admin home is the dashboard for those who may see it. Screenshots in test-results/.
 */

let server: ApiServer;
let browser: Browser;
let shop: Shop;
let stack: Awaited<ReturnType<typeof startBrowserStack>> | undefined;
let asOwner: (options: Parameters<Browser['newContext']>[0]) => Promise<BrowserContext>;
let newest: NewOrder;
const now = new Date();
/** The Taipei day `n` days before today, and an instant early in it. */
const daysAgo = (n: number) => {
  const day = lastTaipeiDays(now, n + 1).from;
  return { day, at: new Date(taipeiDayRange(day).start.getTime() + (n + 1) * 60_000) };
};
const isoDate = (key: string) => `${key.slice(0, 4)}-${key.slice(4, 6)}-${key.slice(6, 8)}`;

beforeAll(async () => {
  stack = await startBrowserStack('browser-dashboard');
  ({ server, browser } = stack);
  shop = await createShop(server.db, {
    slug: 'sweets',
    name: '甜在心點心舖',
    prefix: 'SWTS',
    customer: { displayName: '王小明' },
  });
  const product = (code: string, name: string, price: number, stock: number, isPublic = true) =>
    server.db.product.create({ data: { tenantId: shop.tenantId, code, name, price, stock, isPublic } });
  const scone = await product('260108002', '經典原味司康', 120, 5);
  const cake = await product('260108003', '巴斯克乳酪蛋糕', 800, 0);
  await product('260108004', '中秋禮盒', 1200, 20, false);
  const lin = await server.db.customer.create({
    data: { tenantId: shop.tenantId, lineUserId: 'U-lin', displayName: '林小姐' },
  });
  const asScone = { product: { id: scone.id, code: scone.code }, productName: scone.name, unitPrice: 120 };
  const asCake = { product: { id: cake.id, code: cake.code }, productName: cake.name, unitPrice: 800 };

  await insertOrder(server.db, shop, { at: daysAgo(40).at, ...asScone, requested: 10, customerId: lin.id });
  await insertOrder(server.db, shop, { at: daysAgo(20).at, status: 'shipped' });
  await insertOrder(server.db, shop, { at: daysAgo(3).at, ...asCake, customerId: lin.id, status: 'paid' });
  await insertOrder(server.db, shop, { at: daysAgo(0).at, requested: 2 });
  await insertOrder(server.db, shop, { at: new Date(daysAgo(0).at.getTime() + 1000), ...asCake, status: 'cancelled' });
  newest = await insertOrder(server.db, shop, {
    at: new Date(daysAgo(0).at.getTime() + 2000),
    ...asScone,
    requested: 3,
  });

  asOwner = await memberBrowser(server, browser, [shop.tenantId], { role: 'owner', displayName: '阿甜' });
}, 240_000);

afterAll(async () => {
  await stack?.close();
});

const stat = async (page: WatchedPage, key: string) => oneLine(await page.locator(`[data-stat="${key}"]`).innerText());
const sellers = async (page: WatchedPage) =>
  (await page.getByRole('list', { name: '熱銷商品' }).getByRole('listitem').allInnerTexts()).map(oneLine);

describe('銷售分析 (/t/:tenant/admin/dashboard)', () => {
  it('opens as the admin home and shows the last 30 days (desktop)', async () => {
    const context = await asOwner({ ...DESKTOP, locale: 'zh-TW' });
    try {
      const page = await open(server, context, `/t/${shop.slug}/admin`);
      expect(new URL(page.url()).pathname).toBe(`/t/${shop.slug}/admin/dashboard`);
      expect(await page.title()).toBe('銷售分析 · 甜在心點心舖 · 加一');
      expect(await page.getByRole('button', { name: '近 30 天' }).getAttribute('aria-pressed')).toBe('true');
      const range = lastTaipeiDays(now, 30);
      expect(await page.locator('.period').getAttribute('data-range')).toBe(`${range.from}-${range.to}`);

      // 5 orders in 30 days (the cancelled one counts as an order, not as revenue).
      expect(await stat(page, 'orders')).toBe('訂單數 5 筆');
      expect(await stat(page, 'revenue')).toBe('營業額 NT$2,210'); // 350 + 800 + 700 + 360
      expect(await stat(page, 'customers')).toBe('下單顧客 2 位');
      expect(await stat(page, 'products')).toBe('銷售中商品 3 / 4 庫存不足 1 · 已售完 1');
      // Best sellers: jam 3 (NT$1,050) ahead of scones 3 (NT$360), then the cake.
      expect(await sellers(page)).toEqual([
        '1 手工草莓果醬 3 件 代碼 260108001 · NT$1,050',
        '2 經典原味司康 3 件 代碼 260108002 · NT$360',
        '3 巴斯克乳酪蛋糕 1 件 代碼 260108003 · NT$800',
      ]);
      // Recent orders, newest first, each linking to its page.
      const recent = page.locator('li[data-order-number]');
      expect(await recent.count()).toBe(5);
      expect(await recent.first().getAttribute('data-order-number')).toBe(newest.number);
      expect(await page.getByRole('link', { name: newest.number }).getAttribute('href')).toBe(
        `/t/${shop.slug}/admin/orders/${newest.number}`,
      );

      // The chart: a summary, a hidden table of the 30 days, a keyboard readout of today.
      const chart = page.getByRole('slider', { name: '每日營業額' });
      expect(await page.locator('figure table tbody tr').count()).toBe(30);
      const summary = await page.locator(`#${await chart.getAttribute('aria-describedby')}`).textContent();
      expect(summary).toContain('營業額共 NT$2,210');
      await chart.focus();
      await page.keyboard.press('End');
      const readout = page.locator('figcaption.readout');
      await expect.poll(() => readout.getAttribute('data-selected-day')).toBe(range.to);
      expect(oneLine(await readout.innerText())).toMatch(/^\d+\/\d+（[日一二三四五六]）：NT\$1,060，3 筆訂單$/);
      await page.keyboard.press('ArrowLeft');
      await page.keyboard.press('ArrowLeft');
      await page.keyboard.press('ArrowLeft');
      await expect.poll(() => readout.getAttribute('data-selected-day')).toBe(daysAgo(3).day);
      expect(oneLine(await readout.innerText())).toContain('NT$800，1 筆訂單');
      expect(await chart.getAttribute('aria-valuetext')).toContain('NT$800');
      await page.screenshot({ path: join(SCREENSHOTS, 'admin-dashboard-desktop.png'), fullPage: true });
      expect(page.errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('changes the range: 7 and 90 days, and a custom from/to kept in the URL', async () => {
    const context = await asOwner({ ...DESKTOP, locale: 'zh-TW' });
    try {
      const page = await open(server, context, `/t/${shop.slug}/admin/dashboard`);
      await page.getByRole('button', { name: '近 7 天' }).click();
      await page.waitForURL((url) => url.searchParams.get('days') === '7');
      await expect.poll(() => stat(page, 'orders')).toBe('訂單數 4 筆');
      expect(await stat(page, 'revenue')).toBe('營業額 NT$1,860');
      expect(await page.locator('figure table tbody tr').count()).toBe(7);

      await page.getByRole('button', { name: '近 90 天' }).click();
      await page.waitForURL((url) => url.searchParams.get('days') === '90');
      await expect.poll(() => stat(page, 'orders')).toBe('訂單數 6 筆');
      expect(await stat(page, 'revenue')).toBe('營業額 NT$3,410');
      expect((await sellers(page))[0]).toBe('1 經典原味司康 13 件 代碼 260108002 · NT$1,560');
      await page.screenshot({ path: join(SCREENSHOTS, 'admin-dashboard-90-days-desktop.png') });

      // Custom: just the day 20 days ago. A reversed range is refused first.
      await page.getByRole('button', { name: '自訂' }).click();
      const day = isoDate(daysAgo(20).day);
      await page.getByLabel('開始日期').fill(isoDate(daysAgo(10).day));
      await page.getByLabel('結束日期').fill(day);
      await page.getByRole('button', { name: '套用' }).click();
      await page.getByRole('alert').getByText('結束日期不能早於開始日期').waitFor();
      await page.locator('form.custom').screenshot({ path: join(SCREENSHOTS, 'admin-dashboard-custom-range.png') });
      await page.getByLabel('開始日期').fill(day);
      await page.getByRole('button', { name: '套用' }).click();
      await page.waitForURL((url) => url.searchParams.get('from') === day && url.searchParams.get('to') === day);
      await expect.poll(() => stat(page, 'orders')).toBe('訂單數 1 筆');
      expect(await stat(page, 'revenue')).toBe('營業額 NT$350');
      // The link (or a reload) shows the same range.
      await page.reload();
      expect(await stat(page, 'revenue')).toBe('營業額 NT$350');
      expect(await page.getByRole('button', { name: '自訂' }).getAttribute('aria-pressed')).toBe('true');
      expect(await page.getByLabel('開始日期').inputValue()).toBe(day);
      expect(await page.locator('.period').textContent()).toContain(day.replaceAll('-', '/'));
      expect(page.errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('reads a day by tapping the chart on a phone, and the menu leads to every page', async () => {
    const context = await asOwner({ ...PHONE, locale: 'zh-TW' });
    try {
      const page = await open(server, context, `/t/${shop.slug}/admin/dashboard`);
      const chart = page.getByRole('slider', { name: '每日營業額' });
      const box = (await chart.boundingBox())!;
      // The last column is today's, at the right edge.
      await chart.tap({ position: { x: box.width - 14, y: box.height / 2 } });
      const readout = page.locator('figcaption.readout');
      await expect.poll(() => readout.getAttribute('data-selected-day')).toBe(lastTaipeiDays(now, 1).to);
      expect(oneLine(await readout.innerText())).toContain('NT$1,060');
      await page.screenshot({ path: join(SCREENSHOTS, 'admin-dashboard-phone.png'), fullPage: true });

      const nav = await adminMenu(page);
      expect(await nav.getByRole('link').allInnerTexts()).toEqual([
        '店家設定',
        '商品管理',
        'LINE 設定',
        '訂單設定',
        '訂單通知設定',
        '收款金流設定',
        '訂單管理',
        '銷售分析',
        '交易明細',
        '日營收總覽',
        '產品銷售統計',
        '顧客',
        '會員列表',
        '點數規則設定',
        'VIP 等級管理',
        '會員標籤',
        '促銷活動設定',
        '優惠碼設定',
        '優惠券管理',
        '自動發送設定',
        '點數 / 發券記錄',
        '會員經營分析',
        '會員標籤分析',
        '團隊',
        '打卡出勤管理',
        '系統設定',
        '線上客服',
      ]);
      expect(await nav.getByRole('link', { name: '銷售分析' }).getAttribute('aria-current')).toBe('page');
      // The open menu fits the phone: nothing widens the page.
      expect((await nav.boundingBox())!.width).toBeLessThanOrEqual(390);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await nav.getByRole('link', { name: 'LINE 設定' }).click();
      await page.waitForURL(`**/t/${shop.slug}/admin/settings/line`);
      await (await adminMenu(page)).getByRole('link', { name: '顧客' }).click();
      await page.waitForURL(`**/t/${shop.slug}/admin/customers`);
      expect(page.errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('speaks English when asked', async () => {
    const context = await asOwner({ ...PHONE, locale: 'zh-TW' });
    try {
      const page = await open(server, context, `/t/${shop.slug}/admin/dashboard?lang=en`);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Sales analytics');
      expect(await stat(page, 'orders')).toBe('Orders 5');
      expect(await stat(page, 'products')).toBe('Products on sale 3 / 4 1 low in stock · 1 sold out');
      const chart = page.getByRole('slider', { name: 'Revenue per day' });
      await chart.focus();
      await page.keyboard.press('End');
      expect(oneLine(await page.locator('figcaption.readout').innerText())).toMatch(
        /^\w{3} \d+\/\d+ · NT\$1,060 · 3 orders$/,
      );
      expect(
        await page.getByRole('list', { name: 'Best sellers' }).getByRole('listitem').first().innerText(),
      ).toContain('3 units');
      await page.screenshot({ path: join(SCREENSHOTS, 'admin-dashboard-phone-en.png'), fullPage: true });
      expect(page.errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('staff who may not see analytics land on the orders and get no dashboard', async () => {
    const asStaff = await memberBrowser(server, browser, [shop.tenantId], { role: 'staff', displayName: '小幫手' });
    const context = await asStaff({ ...PHONE, locale: 'zh-TW' });
    try {
      const page = await open(server, context, `/t/${shop.slug}/admin`);
      expect(new URL(page.url()).pathname).toBe(`/t/${shop.slug}/admin/orders`);
      const nav = await adminMenu(page);
      expect(await nav.getByRole('link').allInnerTexts()).toEqual([
        '商品管理',
        'LINE 設定',
        '訂單管理',
        '顧客',
        '會員列表',
        '點數規則設定',
        'VIP 等級管理',
        '會員標籤',
        '促銷活動設定',
        '優惠碼設定',
        '優惠券管理',
        '自動發送設定',
        '點數 / 發券記錄',
        '會員經營分析',
        '會員標籤分析',
        '線上客服',
      ]);
      await open(server, context, `/t/${shop.slug}/admin/dashboard`, 403);
    } finally {
      await context.close();
    }
  });
});
