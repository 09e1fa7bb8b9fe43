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
import { createShop, type Shop } from '../../support/shops.ts';
import { reportOrder } from '../../support/report-orders.ts';

/**
 * 營運報表 in headless Chromium against the real server and the built app, for a restaurant with
 * two branches and a +1 order: each report page on a phone and a desktop, its chart's
 * screen-reader summary, the filters kept in the URL and the CSV link, the printed 日結, and a
 * member of one branch who sees only that branch. Screenshots in test-results/.
 */

let server: ApiServer;
let browser: Browser;
let shop: Shop;
let stack: Awaited<ReturnType<typeof startBrowserStack>> | undefined;
let asOwner: (options: Parameters<Browser['newContext']>[0]) => Promise<BrowserContext>;
const branches = { xinyi: '', daan: '' };
const now = new Date();
const today = lastTaipeiDays(now, 1).to;
const yesterday = lastTaipeiDays(now, 2).from;
/** An instant `minutes` into a Taipei day. */
const into = (day: string, minutes: number) => new Date(taipeiDayRange(day).start.getTime() + minutes * 60_000);

beforeAll(async () => {
  stack = await startBrowserStack('browser-reports');
  ({ server, browser } = stack);
  shop = await createShop(server.db, {
    slug: 'bento',
    name: '好食便當',
    prefix: 'BNTO',
    customer: { displayName: '王小明' },
  });
  const db = server.db;
  await db.tenant.update({ where: { id: shop.tenantId }, data: { kind: 'restaurant' } });
  const branch = (name: string) =>
    db.branch.create({
      data: { tenantId: shop.tenantId, name, address: '台北市信義區松仁路 100 號', phone: '0227221234' },
    });
  branches.xinyi = (await branch('信義店')).id;
  branches.daan = (await branch('大安店')).id;
  const product = async (code: string, name: string, price: number) => {
    const p = await db.product.create({ data: { tenantId: shop.tenantId, code, name, price, stock: -1 } });
    return { productId: p.id, code, name, price };
  };
  const rice = await product('261201001', '雞腿便當', 120);
  const tea = { ...(await product('261201002', '冬瓜茶', 30)), price: 40 };
  const big = [{ groupId: 'size', choiceId: 'big', groupName: '大小', name: '大杯', priceDelta: 10 }];
  const base = { tenantId: shop.tenantId, customerId: shop.customerId };

  // Today: 信義店 sells 240 (自取) and 250 (外送, NT$50 delivery); a +1 order paid then refunded.
  await reportOrder(db, {
    ...base,
    at: into(today, 1),
    status: 'completed',
    lines: [{ ...rice, qty: 2 }],
    branchId: branches.xinyi,
    pickupMethod: 'pickup',
  });
  await reportOrder(db, {
    ...base,
    at: into(today, 2),
    status: 'completed',
    lines: [
      { ...rice, qty: 1 },
      { ...tea, qty: 2, choices: big },
    ],
    branchId: branches.xinyi,
    pickupMethod: 'delivery',
    deliveryFee: 50,
  });
  const refunded = await reportOrder(db, { ...base, at: into(today, 3), status: 'paid', lines: [{ ...rice, qty: 1 }] });
  await db.order.update({ where: { id: refunded.id }, data: { status: 'cancelled' } });
  // Yesterday: 大安店 sells 40 (內用) and rejects 360.
  await reportOrder(db, {
    ...base,
    at: into(yesterday, 600),
    status: 'completed',
    lines: [{ ...tea, qty: 1, choices: big }],
    branchId: branches.daan,
    pickupMethod: 'dine_in',
  });
  await reportOrder(db, {
    ...base,
    at: into(yesterday, 601),
    status: 'rejected',
    lines: [{ ...rice, qty: 3 }],
    branchId: branches.daan,
    pickupMethod: 'pickup',
  });

  asOwner = await memberBrowser(server, browser, [shop.tenantId], { role: 'owner', displayName: '老闆娘' });
}, 240_000);

afterAll(async () => {
  await stack?.close();
});

const stat = async (page: WatchedPage, key: string) => oneLine(await page.locator(`[data-stat="${key}"]`).innerText());
/** The sentence a screen reader hears about a chart: what its aria-describedby names. */
async function chartSummary(page: WatchedPage, chart: ReturnType<WatchedPage['getByRole']>): Promise<string> {
  const id = await chart.getAttribute('aria-describedby');
  return oneLine((await page.locator(`[id="${id}"]`).textContent()) ?? '');
}
const shot = (page: WatchedPage, name: string) =>
  page.screenshot({ path: join(SCREENSHOTS, `admin-reports-${name}.png`), fullPage: true });

describe('日營收總覽', () => {
  it('keeps sales, cancelled and refunded apart, with the chart read out, and prints the 日結 (desktop)', async () => {
    const context = await asOwner({ ...DESKTOP, locale: 'zh-TW' });
    try {
      const page = await open(server, context, `/t/${shop.slug}/admin/reports/daily`);
      expect(await page.title()).toBe('日營收總覽 · 好食便當 · 加一');
      expect(await stat(page, 'sales')).toContain('NT$530');
      expect(await stat(page, 'sales')).toContain('3 筆');
      expect(await stat(page, 'cancelled')).toContain('NT$360');
      expect(await stat(page, 'refunded')).toContain('NT$120');
      expect(await stat(page, 'average')).toContain('NT$177');
      const chart = page.getByRole('slider', { name: '每日成交金額' });
      expect(await chartSummary(page, chart)).toContain('成交 3 筆、共 NT$530');
      expect(await page.locator(`tr[data-day="${today}"] td[data-class="sales"]`).innerText()).toContain('NT$490');
      expect(await page.locator('tfoot td[data-class="refunded"]').innerText()).toContain('NT$120');
      expect(await page.getByRole('list', { name: '各取件方式成交' }).getByRole('listitem').count()).toBe(3);
      const csv = page.locator('a[data-export="reports/daily.csv"]');
      expect(await csv.getAttribute('href')).toMatch(
        /\/api\/t\/bento\/reports\/daily\.csv\?from=\d{4}-\d{2}-\d{2}&to=/,
      );
      await shot(page, 'daily-desktop');

      // On paper only the day's closing shows: today's sales, refunds and best sellers.
      await page.emulateMedia({ media: 'print' });
      const closing = page.locator(`article[data-closing="${today}"]`);
      expect(await closing.isVisible()).toBe(true);
      expect(await page.getByRole('slider', { name: '每日成交金額' }).isVisible()).toBe(false);
      const printed = oneLine(await closing.innerText());
      expect(printed).toContain('好食便當 · 日結單');
      expect(printed).toContain('成交 2 筆 NT$490');
      expect(printed).toContain('退款 1 筆 NT$120');
      expect(printed).toContain('雞腿便當 3 份 NT$360');
      await page.screenshot({ path: join(SCREENSHOTS, 'admin-reports-daily-closing-print.png') });
      expect(page.errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('reads on a phone, and the menu lists every report', async () => {
    const context = await asOwner({ ...PHONE, locale: 'zh-TW' });
    try {
      const page = await open(server, context, `/t/${shop.slug}/admin/reports/daily?days=7`);
      expect(await stat(page, 'sales')).toContain('NT$530');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await shot(page, 'daily-phone');
      const nav = await adminMenu(page);
      for (const name of ['交易明細', '日營收總覽', '產品銷售統計', '分店產品銷售統計']) {
        expect(await nav.getByRole('link', { name, exact: true }).count()).toBe(1);
      }
      await nav.getByRole('link', { name: '產品銷售統計', exact: true }).click();
      await page.waitForURL(`**/t/${shop.slug}/admin/reports/products`);
      expect(page.errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('交易明細', () => {
  it('lists every order and filters by status, with the CSV following the filter (phone)', async () => {
    const context = await asOwner({ ...PHONE, locale: 'zh-TW' });
    try {
      const page = await open(server, context, `/t/${shop.slug}/admin/reports/transactions`);
      expect(await page.locator('li.card').count()).toBe(5);
      expect(oneLine(await page.locator('.total').innerText())).toBe('符合條件：5 筆，合計 NT$1,010');
      expect(await page.locator('li.card [data-status="refunded"]').count()).toBe(1);
      const chart = page.getByRole('slider', { name: '每日成交金額' });
      expect(await chartSummary(page, chart)).toContain('符合條件的訂單共 5 筆、NT$1,010');
      await shot(page, 'transactions-phone');

      await page.getByLabel('訂單狀態').selectOption('completed');
      await page.getByRole('button', { name: '查詢' }).click();
      await page.waitForURL((url) => url.searchParams.get('status') === 'completed');
      await expect.poll(() => page.locator('li.card').count()).toBe(3);
      expect(oneLine(await page.locator('.total').innerText())).toBe('符合條件：3 筆，合計 NT$530');
      expect(await page.locator('a[data-export="reports/transactions.csv"]').getAttribute('href')).toContain(
        'status=completed',
      );
      expect(page.errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('shows the seed’s columns on a desktop, one branch at a time', async () => {
    const context = await asOwner({ ...DESKTOP, locale: 'zh-TW' });
    try {
      const page = await open(server, context, `/t/${shop.slug}/admin/reports/transactions?branch=${branches.daan}`);
      const headers = (await page.locator('table[data-list] thead th').allInnerTexts()).map(oneLine);
      expect(headers).toEqual([
        '訂單時間',
        '分店',
        'LINE mid',
        '取件方式',
        '取件號碼',
        '付款方式',
        '發票號碼',
        '希望送達',
        '結單時間',
        '訂單編號',
        '狀態',
        '金額',
      ]);
      const rows = (await page.locator('table[data-list] tbody tr').allInnerTexts()).map(oneLine);
      expect(rows).toHaveLength(2);
      expect(rows[0]).toContain('大安店');
      expect(rows[0]).toContain('自取');
      expect(rows[1]).toContain('內用');
      expect(await page.locator('select[name="branch"]').inputValue()).toBe(branches.daan);
      await shot(page, 'transactions-desktop');
      expect(page.errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('產品銷售統計 and 分店產品銷售統計', () => {
  it('ranks hot and slow sellers with options (desktop and phone)', async () => {
    for (const device of [DESKTOP, PHONE]) {
      const context = await asOwner({ ...device, locale: 'zh-TW' });
      try {
        const page = await open(server, context, `/t/${shop.slug}/admin/reports/products`);
        const hot = page.getByRole('figure', { name: '熱銷商品' });
        expect(await chartSummary(page, hot)).toContain('賣最多的是 雞腿便當，3 份、NT$360');
        expect((await hot.getByRole('listitem').allInnerTexts()).map(oneLine)).toEqual([
          '1 雞腿便當 3 份 261201001 · NT$360',
          '2 冬瓜茶 3 份 261201002 · NT$120',
        ]);
        // The shop's jam sold nothing: the slowest of all.
        expect(
          oneLine(await page.getByRole('figure', { name: '滯銷商品' }).getByRole('listitem').first().innerText()),
        ).toContain('手工草莓果醬 0 份');
        expect(oneLine(await page.locator('tr[data-product="261201002"]').innerText())).toContain('大小：大杯 3 份');
        await shot(page, `products-${device === PHONE ? 'phone' : 'desktop'}`);
        expect(page.errors).toEqual([]);
      } finally {
        await context.close();
      }
    }
  });

  it('puts the branches side by side (desktop and phone)', async () => {
    for (const device of [DESKTOP, PHONE]) {
      const context = await asOwner({ ...device, locale: 'zh-TW' });
      try {
        const page = await open(server, context, `/t/${shop.slug}/admin/reports/branch-products`);
        const chart = page.getByRole('figure', { name: '各分店成交金額' });
        expect(await chartSummary(page, chart)).toContain('商品銷售最多的分店是 信義店，NT$440');
        expect((await page.locator('table thead th').allInnerTexts()).map(oneLine)).toEqual([
          '商品',
          '信義店',
          '大安店',
          '合計',
        ]);
        expect(oneLine(await page.locator('tr[data-product="261201002"]').innerText())).toBe(
          '冬瓜茶 261201002 2 NT$80 1 NT$40 3 NT$120',
        );
        await shot(page, `branch-products-${device === PHONE ? 'phone' : 'desktop'}`);
        expect(page.errors).toEqual([]);
      } finally {
        await context.close();
      }
    }
  });
});

describe('a member of one branch', () => {
  it('sees only that branch in every report, and cannot ask for another', async () => {
    const asXinyi = await memberBrowser(server, browser, [shop.tenantId], { role: 'manager', displayName: '信義店長' });
    const staff = await server.db.staff.findFirstOrThrow({
      where: { tenantId: shop.tenantId, displayName: '信義店長' },
    });
    await server.db.staff.update({ where: { id: staff.id }, data: { allBranches: false } });
    await server.db.staffBranch.create({
      data: { tenantId: shop.tenantId, staffId: staff.id, branchId: branches.xinyi },
    });
    const context = await asXinyi({ ...PHONE, locale: 'zh-TW' });
    try {
      const page = await open(server, context, `/t/${shop.slug}/admin/reports/daily`);
      expect(await stat(page, 'sales')).toContain('NT$490');
      expect(await stat(page, 'refunded')).toContain('NT$0');
      // One branch: nothing to choose.
      expect(await page.locator('select[name="branch"]').count()).toBe(0);
      await open(server, context, `/t/${shop.slug}/admin/reports/transactions?branch=${branches.daan}`, 403);
      expect(page.errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
