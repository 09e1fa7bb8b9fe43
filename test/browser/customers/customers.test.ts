import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DESKTOP,
  PHONE,
  SCREENSHOTS,
  hydrated,
  memberBrowser,
  oneLine,
  open,
  startBrowserStack,
} from '../admin-session.ts';
import type { ApiServer } from '../../support/api-server.ts';
import { createShop, insertOrder, type NewOrder, type Shop } from '../../support/shops.ts';
import { byArea } from '../../support/permissions.ts';

/**
 * Seed 000's 顧客管理 in headless Chromium against the real server and the built app: find a
 * customer by name and by order number, the filters 有購買記錄 / 本月新加入 / VIP kept in the
 * URL, 載入更多, and one customer's figures and order history. Screenshots in test-results/.
 */

let server: ApiServer;
let browser: Browser;
let shop: Shop;
let crowd: Shop;
let stack: Awaited<ReturnType<typeof startBrowserStack>> | undefined;
let asOwner: (options: Parameters<Browser['newContext']>[0]) => Promise<BrowserContext>;
const ids: Record<string, string> = {};
let blockedOrder: NewOrder;
let xiaomingOrders: NewOrder[] = [];

beforeAll(async () => {
  stack = await startBrowserStack('browser-customers');
  ({ server, browser } = stack);
  shop = await createShop(server.db, {
    slug: 'kaori',
    name: '香織烘焙坊',
    prefix: 'KAXR',
    customer: { displayName: '王小明' },
  });
  ids['王小明'] = shop.customerId;
  const scone = await server.db.product.create({
    data: { tenantId: shop.tenantId, code: '260108002', name: '經典原味司康', price: 120, stock: -1 },
  });
  // 王小明: three purchases (2 jams on 1/2, 3 scones on 1/6, 1 jam on 1/10) and a cancelled order.
  xiaomingOrders = [
    await insertOrder(server.db, shop, { at: new Date('2026-01-02T04:00:00Z'), status: 'shipped', requested: 2 }),
    await insertOrder(server.db, shop, {
      at: new Date('2026-01-06T04:00:00Z'),
      status: 'paid',
      requested: 3,
      unitPrice: 120,
      productName: '經典原味司康',
      product: { id: scone.id, code: scone.code },
    }),
    await insertOrder(server.db, shop, { at: new Date('2026-01-10T04:00:00Z'), status: 'confirmed' }),
    await insertOrder(server.db, shop, { at: new Date('2026-01-11T04:00:00Z'), status: 'cancelled', requested: 5 }),
  ];
  // 常客阿珠: a VIP (ten purchases).
  const vip = await server.db.customer.create({
    data: { tenantId: shop.tenantId, lineUserId: 'U-vip', displayName: '常客阿珠' },
  });
  ids['常客阿珠'] = vip.id;
  for (let i = 0; i < 10; i++) {
    await insertOrder(server.db, shop, {
      at: new Date(Date.parse('2026-01-01T02:00:00Z') + i * 86_400_000),
      customerId: vip.id,
    });
  }
  // 陳大文 blocked the shop; he bought once.
  const blocked = await server.db.customer.create({
    data: {
      tenantId: shop.tenantId,
      lineUserId: 'U-blocked',
      displayName: '陳大文',
      blockedAt: new Date('2026-01-12T00:00:00Z'),
    },
  });
  ids['陳大文'] = blocked.id;
  blockedOrder = await insertOrder(server.db, shop, {
    at: new Date('2026-01-09T04:00:00Z'),
    customerId: blocked.id,
    status: 'paid',
  });
  // 老朋友 joined long ago and never bought.
  const old = await server.db.customer.create({
    data: {
      tenantId: shop.tenantId,
      lineUserId: 'U-old',
      displayName: '老朋友',
      createdAt: new Date('2024-05-01T00:00:00Z'),
    },
  });
  ids['老朋友'] = old.id;

  // Another shop with 55 customers (more than one page), whose owner is the same person.
  crowd = await createShop(server.db, { slug: 'crowd', name: '人潮商店', prefix: 'CRWD' });
  await server.db.customer.createMany({
    data: Array.from({ length: 54 }, (_, i) => ({
      tenantId: crowd.tenantId,
      lineUserId: `U-crowd-${i}`,
      displayName: `顧客${String(i).padStart(2, '0')}`,
      createdAt: new Date(Date.parse('2025-06-01T00:00:00Z') + i * 60_000),
    })),
  });

  asOwner = await memberBrowser(server, browser, [shop.tenantId, crowd.tenantId], {
    role: 'owner',
    displayName: '香織',
  });
}, 240_000);

afterAll(async () => {
  await stack?.close();
});

describe('顧客管理 (/t/:tenant/admin/customers)', () => {
  it('finds a customer by name on a phone and opens their figures and history', async () => {
    const context = await asOwner({ ...PHONE, locale: 'zh-TW' });
    try {
      const page = await open(server, context, `/t/${shop.slug}/admin/customers`);
      expect(await page.title()).toBe('顧客管理 · 香織烘焙坊 · 加一');
      const cards = page.locator('ul.cards li.card');
      expect(await cards.count()).toBe(4);
      // Marks: VIP and blocked.
      expect(await page.locator(`li.card[data-customer-id="${ids['常客阿珠']}"] [data-tag="vip"]`).textContent()).toBe(
        'VIP',
      );
      expect(
        await page.locator(`li.card[data-customer-id="${ids['陳大文']}"] [data-tag="blocked"]`).textContent(),
      ).toBe('已封鎖');
      expect(oneLine(await page.locator(`li.card[data-customer-id="${ids['王小明']}"]`).innerText())).toContain(
        '購買 3 次 · 共 NT$1,410',
      );
      await page.screenshot({ path: join(SCREENSHOTS, 'admin-customers-phone.png'), fullPage: true });

      await page.getByRole('searchbox', { name: '搜尋顧客名稱或訂單編號' }).fill('小明');
      await page.waitForURL((url) => url.searchParams.get('q') === '小明');
      await expect.poll(() => cards.count()).toBe(1);
      await cards.first().getByRole('link').click();
      await page.waitForURL(`**/t/${shop.slug}/admin/customers/${ids['王小明']}`);

      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('王小明');
      const stat = async (key: string) => oneLine(await page.locator(`[data-stat="${key}"]`).innerText());
      expect(await stat('orders')).toBe('購買次數 3 次');
      expect(await stat('spent')).toBe('消費總額 NT$1,410'); // 700 + 360 + 350; the cancelled order is no purchase
      expect(await stat('average')).toBe('平均客單價 NT$470');
      expect(await stat('last')).toBe('最後購買日 2026/01/10');
      expect(await stat('frequency')).toBe('購買頻率 平均每 4 天');
      // Most bought, as bars: 3 jams (2 + 1) and 3 scones, a tie in code order.
      const bars = page.getByRole('list', { name: '最常購買的商品' }).getByRole('listitem');
      expect(await bars.count()).toBe(2);
      expect(oneLine(await bars.nth(0).innerText())).toBe('1 手工草莓果醬 3 件 代碼 260108001');
      expect(oneLine(await bars.nth(1).innerText())).toBe('2 經典原味司康 3 件 代碼 260108002');
      // The history: every order, newest first, each a link to its page.
      const history = page.locator('li[data-order-number]');
      expect(await history.count()).toBe(4);
      for (const order of xiaomingOrders) {
        const link = page.getByRole('link', { name: order.number });
        expect(await link.getAttribute('href')).toBe(`/t/${shop.slug}/admin/orders/${order.number}`);
      }
      expect(await history.first().getAttribute('data-order-number')).toBe(xiaomingOrders[3]!.number);
      expect(oneLine(await history.first().innerText())).toContain('已售完/取消');
      await page.screenshot({ path: join(SCREENSHOTS, 'admin-customer-detail-phone.png'), fullPage: true });

      await page.getByRole('link', { name: '← 回到顧客列表' }).click();
      await page.waitForURL(`**/t/${shop.slug}/admin/customers`);
      expect(page.errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('finds a customer by order number on a desktop, and keeps the filters in the URL', async () => {
    const context = await asOwner({ ...DESKTOP, locale: 'zh-TW' });
    try {
      const page = await open(server, context, `/t/${shop.slug}/admin/customers`);
      const rows = page.locator('div.table-wrap tbody tr');
      const names = async () => (await rows.locator('th a').allInnerTexts()).sort();
      expect(await rows.count()).toBe(4);
      await page.screenshot({ path: join(SCREENSHOTS, 'admin-customers-desktop.png') });

      await page.getByRole('searchbox', { name: '搜尋顧客名稱或訂單編號' }).fill(blockedOrder.number.toLowerCase());
      await expect.poll(names).toEqual(['陳大文']);
      expect(oneLine(await rows.first().innerText())).toContain('已封鎖');
      await page.getByRole('searchbox').fill('');
      await expect.poll(names).toHaveLength(4);

      const filters = page.getByRole('group', { name: '篩選顧客' });
      await filters.getByRole('button', { name: 'VIP' }).click();
      await page.waitForURL((url) => url.searchParams.get('filter') === 'vip');
      await expect.poll(names).toEqual(['常客阿珠']);
      await filters.getByRole('button', { name: '有購買記錄' }).click();
      await expect.poll(names).toEqual(['常客阿珠', '王小明', '陳大文'].sort());
      await filters.getByRole('button', { name: '本月新加入' }).click();
      await page.waitForURL((url) => url.searchParams.get('filter') === 'new_this_month');
      await expect.poll(names).toEqual(['常客阿珠', '王小明', '陳大文'].sort()); // not 老朋友 (2024)
      expect(await names()).not.toContain('老朋友');

      // A reload (or a shared link) shows the same list; Back returns to the previous filter.
      await page.reload();
      await hydrated(page); // Back before hydration changes the URL without a client navigation
      expect(await filters.getByRole('button', { name: '本月新加入' }).getAttribute('aria-pressed')).toBe('true');
      expect(await names()).not.toContain('老朋友');
      await page.goBack();
      await page.waitForURL((url) => url.searchParams.get('filter') === 'purchased');
      await expect
        .poll(async () => filters.getByRole('button', { name: '有購買記錄' }).getAttribute('aria-pressed'))
        .toBe('true');
      // A search link with a name in it shows its text in the box.
      await page.goto(`${server.baseUrl}/t/${shop.slug}/admin/customers?q=${encodeURIComponent('阿珠')}`);
      await hydrated(page);
      expect(await page.getByRole('searchbox').inputValue()).toBe('阿珠');
      expect(await names()).toEqual(['常客阿珠']);
      await page.getByRole('searchbox').fill('沒有這個人');
      await page.getByRole('heading', { name: '沒有符合的顧客' }).waitFor();
      expect(page.errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('loads more customers with the cursor, without repeats', async () => {
    const context = await asOwner({ ...PHONE, locale: 'zh-TW' });
    try {
      const page = await open(server, context, `/t/${crowd.slug}/admin/customers`);
      const cards = page.locator('ul.cards li.card');
      expect(await cards.count()).toBe(50);
      await page.getByRole('button', { name: '載入更多' }).click();
      await expect.poll(() => cards.count()).toBe(55); // 54 + the shop's first customer
      const seen = await cards.evaluateAll((items) => items.map((item) => item.getAttribute('data-customer-id')));
      expect(new Set(seen).size).toBe(55);
      await page.getByText('共 55 位顧客').waitFor();
      expect(page.errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('shows another shop’s customer as not found, and staff without access get no page', async () => {
    const context = await asOwner({ ...DESKTOP, locale: 'zh-TW' });
    try {
      // 王小明 belongs to 香織烘焙坊, not to 人潮商店 (the same owner).
      const page = await open(server, context, `/t/${crowd.slug}/admin/customers/${ids['王小明']}`, 404);
      await page.getByRole('heading', { name: '找不到這個頁面' }).waitFor();
    } finally {
      await context.close();
    }
    const asStaff = await memberBrowser(server, browser, [shop.tenantId], {
      role: 'staff',
      displayName: '工讀生',
      permissions: byArea({ customers: 'none' }),
    });
    const staff = await asStaff({ ...DESKTOP, locale: 'zh-TW' });
    try {
      const page = await open(server, staff, `/t/${shop.slug}/admin/orders`);
      const nav = page.getByRole('navigation', { name: '管理選單' });
      expect(await nav.getByRole('link').allInnerTexts()).toEqual(['商品管理', 'LINE 設定', '訂單管理', '線上客服']);
      await open(server, staff, `/t/${shop.slug}/admin/customers`, 403);
    } finally {
      await staff.close();
    }
  });
});
