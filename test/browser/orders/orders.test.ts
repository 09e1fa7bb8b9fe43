import { join } from 'node:path';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../db/client.ts';
import type { ApiServer } from '../../support/api-server.ts';
import { createShop, insertOrder, type NewOrder, type Shop } from '../../support/shops.ts';
import {
  DESKTOP,
  PHONE,
  SCREENSHOTS,
  hydrated,
  memberBrowser,
  openPage,
  startBrowserStack,
  type ContextOptions,
} from '../admin-session.ts';

/**
 * The merchant's order list in a real (headless) Chromium, served by the real server with the
 * built SvelteKit app (built in beforeAll into a temporary directory; JIAYI_SKIP_WEB_BUILD=1
 * serves the existing web/build instead).
 * Screenshots go to test-results/ for a person to look at.
 */

let server: ApiServer;
let browser: Browser;
let shop: Shop;
let bigShop: Shop;
let emptyShop: Shop;
let saleShop: Shop;
let firstOrder: NewOrder;
let stack: Awaited<ReturnType<typeof startBrowserStack>> | undefined;
/** A browser context with the owner's session cookie. */
let signedIn: (options: ContextOptions) => Promise<BrowserContext>;

/**
 * "A customer orders": today a direct write as the order activity does it (with pg_notify);
 * later the same step sends a signed LINE webhook and lets Temporal place the order.
 */
async function customerPlacesOrder(target: Shop, details: Parameters<typeof insertOrder>[2] = {}): Promise<NewOrder> {
  return insertOrder(server.db, target, details);
}

beforeAll(async () => {
  stack = await startBrowserStack('browser');
  ({ server, browser } = stack);

  shop = await createShop(server.db, {
    slug: 'meiling',
    name: '美玲的手作小舖',
    prefix: 'BXAB',
    customer: { displayName: '王小明', pictureUrl: null },
  });
  // 2026-01-08 06:05 UTC is 14:05 in Taipei.
  firstOrder = await insertOrder(server.db, shop, {
    at: new Date('2026-01-08T06:05:00.000Z'),
    status: 'confirmed',
    requested: 3,
    allocated: 2,
  });
  const otherCustomer = await server.db.customer.create({
    data: { tenantId: shop.tenantId, lineUserId: 'U-browser-2', displayName: 'Amy 陳' },
  });
  const statuses = ['paid', 'shipped', 'cancelled', 'needs_attention', 'pending'] as const;
  for (const [i, status] of statuses.entries()) {
    await insertOrder(server.db, shop, {
      at: new Date(Date.parse('2026-01-08T06:10:00.000Z') + i * 7 * 60_000),
      status,
      customerId: i % 2 ? otherCustomer.id : shop.customerId,
      productName: i % 2 ? '經典原味司康（6 入）' : '手工草莓果醬',
      unitPrice: i % 2 ? 480 : 350,
      requested: i + 1,
    });
  }

  bigShop = await createShop(server.db, { slug: 'big-shop', name: '大量訂單商店', prefix: 'CDEF' });
  for (let i = 0; i < 53; i++) {
    await insertOrder(server.db, bigShop, { at: new Date(Date.parse('2026-01-01T00:00:00.000Z') + i * 60_000) });
  }
  emptyShop = await createShop(server.db, { slug: 'new-shop', name: '剛開張的小店', prefix: 'DEFG' });
  saleShop = await createShop(server.db, { slug: 'live-sale', name: '直播小舖', prefix: 'EFGH' });
  for (let i = 0; i < 3; i++) await insertOrder(server.db, saleShop, { at: new Date(Date.now() - (10 - i) * 60_000) });

  // The merchant who opens these pages: owner of the four shops, signed in (a session cookie).
  const shops = [shop, bigShop, emptyShop, saleShop].map((s) => s.tenantId);
  signedIn = await memberBrowser(server, browser, shops, {
    role: 'owner',
    displayName: '美玲',
  });
}, 240_000);

afterAll(async () => {
  await stack?.close();
});

const open = (context: BrowserContext, path: string): Promise<Page> => openPage(server, context, path);

async function waitUntilLive(page: Page) {
  await page.locator('[data-connection="live"]').waitFor({ timeout: 10_000 });
}

describe('the order list (/t/:tenant/admin/orders)', () => {
  it('on a phone: cards with the zh-TW status, Taipei time, allocation, and new orders appear live', async () => {
    const context = await signedIn({ ...PHONE, locale: 'zh-TW' });
    try {
      const page = await open(context, `/t/${shop.slug}/admin/orders`);
      expect(await page.title()).toBe('訂單管理 · 美玲的手作小舖 · 加一');
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('訂單管理');
      // Signed in: the shop, the member and their role above the tabs.
      await page.locator('.shopbar').getByText('店主').waitFor();

      // Phones get cards, not the table.
      expect(await page.locator('table.orders-table').isVisible()).toBe(false);
      const card = page.locator(`li.card[data-order-id="${firstOrder.id}"]`);
      await card.waitFor();
      const text = (await card.innerText()).replace(/\s+/g, ' ');
      expect(text).toContain(firstOrder.number);
      expect(text).toContain('王小明');
      expect(text).toContain('已購買');
      expect(text).toContain('2026/01/08 14:05');
      expect(text).toContain('手工草莓果醬 × 2');
      expect(text).toContain('(訂 3，配 2)');
      expect(text).toContain('NT$700');
      const link = card.getByRole('link', { name: /在 Temporal 查看流程/ });
      expect(await link.getAttribute('href')).toMatch(
        /^http:\/\/127\.0\.0\.1:8233\/namespaces\/default\/workflows\/order-line-test-/,
      );

      // Newest first; every status has its label.
      const numbers = await page.locator('li.card .number').allInnerTexts();
      expect(numbers).toHaveLength(6);
      expect(numbers.at(-1)).toBe(firstOrder.number);
      for (const label of ['未購入', '已購買', '已售完/取消', '已支付', '已出貨', '其他/請諮詢']) {
        expect(await page.locator('li.card [data-status]').getByText(label, { exact: true }).count()).toBe(1);
      }

      await waitUntilLive(page);
      await page.screenshot({ path: join(SCREENSHOTS, 'admin-orders-phone.png'), fullPage: true });

      // A customer orders while the page is open: it appears at the top, without a reload.
      await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
      const arrived = await customerPlacesOrder(shop, { productName: '限量抹茶生乳捲', unitPrice: 520, requested: 2 });
      const newCard = page.locator(`li.card[data-order-id="${arrived.id}"]`);
      await newCard.waitFor({ timeout: 10_000 });
      expect((await page.locator('li.card .number').first().innerText()).trim()).toBe(arrived.number);
      expect((await newCard.innerText()).replace(/\s+/g, ' ')).toContain('限量抹茶生乳捲 × 2');
      expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
      await page
        .getByRole('status')
        .filter({ hasText: `新訂單：${arrived.number}` })
        .waitFor({ state: 'attached' });

      // A status change elsewhere updates the row in place.
      await server.db.$transaction(async (tx) => {
        await tx.order.update({ where: { id: arrived.id }, data: { status: 'paid' } });
        await tx.$executeRaw`SELECT pg_notify('order_changes', ${JSON.stringify({ tenantId: shop.tenantId, orderId: arrived.id })})`;
      });
      await newCard.locator('[data-status="paid"]').waitFor({ timeout: 10_000 });

      await page.screenshot({ path: join(SCREENSHOTS, 'admin-orders-phone-live.png') });
      expect((page as Page & { errors: string[] }).errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('on a wide screen: a table with every column', async () => {
    const context = await signedIn({ ...DESKTOP, locale: 'zh-TW' });
    try {
      const page = await open(context, `/t/${shop.slug}/admin/orders`);
      const table = page.locator('table.orders-table');
      await table.waitFor();
      expect(await page.locator('ol.cards').isVisible()).toBe(false);
      expect(await table.locator('thead th').allInnerTexts()).toEqual([
        '訂單編號',
        '顧客',
        '品項',
        '金額',
        '狀態',
        '時間',
      ]);
      const row = table.locator(`tr[data-order-id="${firstOrder.id}"]`);
      const cells = (await row.locator('th, td').allInnerTexts()).map((c) => c.replace(/\s+/g, ' ').trim());
      expect(cells).toEqual([
        `${firstOrder.number} 在 Temporal 查看流程 （另開新分頁）`,
        '王 王小明', // the avatar (initial, no picture), then the name
        '手工草莓果醬 × 2 (訂 3，配 2)',
        'NT$700',
        '已購買',
        '2026/01/08 14:05',
      ]);
      await waitUntilLive(page);
      await page.screenshot({ path: join(SCREENSHOTS, 'admin-orders-desktop.png'), fullPage: true });
      expect((page as Page & { errors: string[] }).errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('shows 50 orders first and loads the rest with 載入更多', async () => {
    const context = await signedIn({ ...DESKTOP, locale: 'zh-TW' });
    try {
      const page = await open(context, `/t/${bigShop.slug}/admin/orders`);
      const rows = page.locator('table.orders-table tbody tr');
      await rows.first().waitFor();
      expect(await rows.count()).toBe(50);
      // The rows are server-rendered; the button works once the page has hydrated.
      await hydrated(page);
      await page.getByRole('button', { name: '載入更多' }).click();
      await page.getByText('已顯示全部 53 筆訂單').waitFor();
      expect(await rows.count()).toBe(53);
      const numbers = await page.locator('table.orders-table tbody .number').allInnerTexts();
      expect(new Set(numbers).size).toBe(53);
    } finally {
      await context.close();
    }
  });

  it('a live sale: a batch of 60 orders shows the newest page at once, not read one by one', async () => {
    const context = await signedIn({ ...PHONE, locale: 'zh-TW' });
    try {
      const page = await open(context, `/t/${saleShop.slug}/admin/orders`);
      await waitUntilLive(page);
      expect(await page.locator('li.card').count()).toBe(3);
      const orderReads: string[] = [];
      page.on('request', (request) => {
        const path = new URL(request.url()).pathname;
        if (/^\/api\/t\/live-sale\/orders\/[0-9a-f-]{36}$/.test(path)) orderReads.push(path);
      });
      // As the +1 lane places a batch: one transaction, every order's change told at its commit.
      const placed = await server.db.$transaction(
        async (tx) => {
          const orders: NewOrder[] = [];
          for (let i = 0; i < 60; i++) orders.push(await insertOrder(tx as unknown as Db, saleShop));
          return orders;
        },
        { timeout: 30_000 },
      );
      await page.locator(`li.card[data-order-id="${placed.at(-1)!.id}"]`).waitFor({ timeout: 10_000 });
      await expect.poll(() => page.locator('li.card').count()).toBe(50);
      const numbers = await page.locator('li.card .number').allInnerTexts();
      expect(numbers).toEqual(
        placed
          .slice(-50)
          .reverse()
          .map((o) => o.number),
      );
      await page
        .getByRole('status')
        .filter({ hasText: `新訂單：${placed.at(-1)!.number}` })
        .waitFor({ state: 'attached' });
      expect(orderReads).toEqual([]);
      // The rest, and the three from before, are one tap away.
      await page.getByRole('button', { name: '載入更多' }).click();
      await page.getByText('已顯示全部 63 筆訂單').waitFor();
      expect((page as Page & { errors: string[] }).errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('finds orders by part of the number or the customer name, filters by status, and says when none match', async () => {
    const context = await signedIn({ ...PHONE, locale: 'zh-TW' });
    try {
      const page = await open(context, `/t/${shop.slug}/admin/orders`);
      const cards = page.locator('li.card');
      await cards.first().waitFor();
      await waitUntilLive(page);
      const search = page.getByPlaceholder('搜尋訂單編號或顧客名稱');
      const numbers = () => page.locator('li.card .number').allInnerTexts();

      // Part of an order number (typing: the list follows after a short pause, no button).
      await search.fill(firstOrder.number.slice(-9));
      await expect.poll(numbers, { timeout: 5_000 }).toEqual([firstOrder.number]);

      // Part of the customer's LINE name: Amy 陳 has the shipped and the needs-attention order.
      await search.fill('Amy');
      await expect
        .poll(
          () =>
            page.locator('li.card [data-status]').evaluateAll((els) => els.map((el) => el.getAttribute('data-status'))),
          { timeout: 5_000 },
        )
        .toEqual(['needs_attention', 'shipped']);

      // And a status on top of it.
      const filters = page.getByRole('group', { name: '依狀態篩選訂單' });
      for (const label of ['全部', '未購入', '已購買', '已售完/取消', '已支付', '已出貨', '其他/請諮詢']) {
        await filters.getByRole('button', { name: label, exact: true }).waitFor();
      }
      // A +1 seller is offered only a +1 order's statuses, not the kitchen's.
      expect(await filters.getByRole('button').count()).toBe(7);
      await filters.getByRole('button', { name: '已出貨', exact: true }).click();
      await expect
        .poll(
          () =>
            page.locator('li.card [data-status]').evaluateAll((els) => els.map((el) => el.getAttribute('data-status'))),
          { timeout: 5_000 },
        )
        .toEqual(['shipped']);
      expect(await filters.getByRole('button', { name: '已出貨', exact: true }).getAttribute('aria-pressed')).toBe(
        'true',
      );

      // Nothing matches: a clear empty state, not the "no orders yet" one.
      await filters.getByRole('button', { name: '已支付', exact: true }).click();
      await page.getByRole('heading', { name: '沒有符合的訂單' }).waitFor({ timeout: 5_000 });
      expect(await cards.count()).toBe(0);
      expect(await page.getByRole('heading', { name: '目前還沒有訂單' }).count()).toBe(0);
      await page.screenshot({ path: join(SCREENSHOTS, 'admin-orders-search-empty-phone.png') });

      // Only the status: every paid order of the shop, and nothing else.
      await search.fill('');
      await page.locator('li.card [data-status="paid"]').first().waitFor({ timeout: 5_000 });
      const statuses = await page
        .locator('li.card [data-status]')
        .evaluateAll((els) => els.map((el) => el.getAttribute('data-status')));
      expect(statuses.length).toBeGreaterThan(0);
      expect(new Set(statuses)).toEqual(new Set(['paid']));
      await page.screenshot({ path: join(SCREENSHOTS, 'admin-orders-filter-phone.png') });

      // Back to 全部: the whole list again.
      await filters.getByRole('button', { name: '全部', exact: true }).click();
      await expect.poll(async () => (await numbers()).length, { timeout: 5_000 }).toBeGreaterThanOrEqual(6);
      expect((page as Page & { errors: string[] }).errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('has a friendly empty state, and the first order of a new shop appears live', async () => {
    const context = await signedIn({ ...PHONE, locale: 'zh-TW' });
    try {
      const page = await open(context, '/t/new-shop/admin/orders');
      await page.getByRole('heading', { name: '目前還沒有訂單' }).waitFor();
      await waitUntilLive(page);
      await page.screenshot({ path: join(SCREENSHOTS, 'admin-orders-empty-phone.png') });
      const arrived = await customerPlacesOrder(emptyShop);
      await page.locator(`li.card[data-order-id="${arrived.id}"]`).waitFor({ timeout: 10_000 });
      expect(await page.getByRole('heading', { name: '目前還沒有訂單' }).count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  it('speaks English when asked (?lang=en, then the cookie), Chinese by default', async () => {
    const context = await signedIn({ ...DESKTOP, locale: 'zh-TW' });
    try {
      const page = await open(context, `/t/${shop.slug}/admin/orders?lang=en`);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Orders');
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      await page.locator('table.orders-table').getByText('Purchased', { exact: true }).waitFor();
      await page.screenshot({ path: join(SCREENSHOTS, 'admin-orders-desktop-en.png') });
      // The choice sticks (cookie) without the query.
      await page.goto(`${server.baseUrl}/t/${shop.slug}/admin/orders`);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Orders');
      // The switcher goes back to Chinese.
      await page.getByRole('link', { name: '中文' }).click();
      await page.waitForURL(/lang=zh-TW/);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('訂單管理');
    } finally {
      await context.close();
    }
    const english = await signedIn({ ...DESKTOP, locale: 'en-US' });
    try {
      const page = await open(english, `/t/${shop.slug}/admin/orders`);
      // Accept-Language: en-US → English, with no cookie or query.
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Orders');
    } finally {
      await english.close();
    }
  });

  it('redirects /t/:tenant/admin to the dashboard (owners), says so for unknown shops, and has a landing page', async () => {
    const context = await signedIn({ ...PHONE, locale: 'zh-TW' });
    try {
      const page = await context.newPage();
      await page.goto(`${server.baseUrl}/t/${shop.slug}/admin`);
      expect(new URL(page.url()).pathname).toBe(`/t/${shop.slug}/admin/dashboard`);

      const missing = await page.goto(`${server.baseUrl}/t/no-such-shop/admin/orders`);
      expect(missing?.status()).toBe(404);
      await page.getByText('找不到這個商店，請確認網址是否正確。').waitFor();

      await page.goto(`${server.baseUrl}/`);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('加一 Jiayi');
      const demo = await page.getByRole('link', { name: /示範商店/ }).getAttribute('href');
      expect(new URL(demo!, page.url()).pathname).toBe('/t/demo/admin/orders');
      await page.screenshot({ path: join(SCREENSHOTS, 'landing-phone.png') });
    } finally {
      await context.close();
    }
  });
});
