import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { joinMember } from '../../../db/members/members.ts';
import { createTag, setManualTags } from '../../../db/members/tags.ts';
import { lastTaipeiDays } from '../../../domain/insights/day-series.ts';
import { PRIVACY_NOTICE_VERSION } from '../../../domain/members/member-profile.ts';
import { taipeiDayRange } from '../../../domain/taipei-time.ts';
import type { OrderStatus } from '../../../domain/orders/order-status.ts';
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
 * 會員經營分析 and 會員標籤分析 in headless Chromium against the real server and the built app:
 * a member who ordered either side of last midnight (Taipei) and came back, a new member, a
 * customer who never joined; each page on a phone and a desktop, the charts' screen-reader
 * summaries, the period kept in the URL and the CSV link following it, the menu's two pages.
 * Screenshots in test-results/admin-member-analytics-*.png.
 */

let server: ApiServer;
let browser: Browser;
let shop: Shop;
let stack: Awaited<ReturnType<typeof startBrowserStack>> | undefined;
let asOwner: (options: Parameters<Browser['newContext']>[0]) => Promise<BrowserContext>;
const now = new Date();
const today = lastTaipeiDays(now, 1).to;
const yesterday = lastTaipeiDays(now, 2).from;
/** An instant `minutes` into a Taipei day. */
const into = (day: string, minutes: number) => new Date(taipeiDayRange(day).start.getTime() + minutes * 60_000);

beforeAll(async () => {
  stack = await startBrowserStack('browser-member-analytics');
  ({ server, browser } = stack);
  const db = server.db;
  shop = await createShop(db, {
    slug: 'corner-cafe',
    name: '巷口咖啡',
    prefix: 'CAFE',
    customer: { displayName: '王小明' },
  });
  const customer = async (displayName: string) =>
    (await db.customer.create({ data: { tenantId: shop.tenantId, lineUserId: `U-${displayName}`, displayName } })).id;
  const join = async (customerId: string, phone: string, at: Date) =>
    (
      await joinMember(
        db,
        shop.tenantId,
        customerId,
        { phone, birthday: null, gender: 'female', consent: true, consentVersion: PRIVACY_NOTICE_VERSION },
        at,
      )
    ).memberId;
  const order = (customerId: string, at: Date, status: OrderStatus, price: number) =>
    reportOrder(db, {
      tenantId: shop.tenantId,
      customerId,
      at,
      status,
      lines: [{ productId: shop.productId, code: '260108001', name: '手工草莓果醬', price, qty: 1 }],
    });

  // 王小明 joined yesterday and ordered at 23:59 and again at midnight: a member who came back.
  const ming = await join(shop.customerId, '0912000001', into(yesterday, 10));
  await order(shop.customerId, into(yesterday, 23 * 60 + 59), 'completed', 200);
  await order(shop.customerId, into(today, 0), 'shipped', 300);
  // 陳美玲 joined at midnight; her only order was cancelled.
  const meiling = await customer('陳美玲');
  const newcomer = await join(meiling, '0912000002', into(today, 0));
  await order(meiling, into(today, 5), 'cancelled', 999);
  // 路人 never joined.
  await order(await customer('路人'), into(today, 1), 'completed', 100);

  const regulars = await createTag(db, shop.tenantId, { name: '常客', rule: null });
  const fresh = await createTag(db, shop.tenantId, { name: '新朋友', rule: null });
  await setManualTags(db, shop.tenantId, ming, [regulars!.id]);
  await setManualTags(db, shop.tenantId, newcomer, [fresh!.id]);

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
  page.screenshot({ path: join(SCREENSHOTS, `admin-member-analytics-${name}.png`), fullPage: true });

describe('會員經營分析', () => {
  it('shows new, active and repeat members and member revenue, the charts read out (desktop and phone)', async () => {
    for (const device of [DESKTOP, PHONE]) {
      const context = await asOwner({ ...device, locale: 'zh-TW' });
      try {
        const page = await open(server, context, `/t/${shop.slug}/admin/members/analytics`);
        expect(await page.title()).toBe('會員經營分析 · 巷口咖啡 · 加一');
        expect(await stat(page, 'new')).toContain('2 位');
        expect(await stat(page, 'active')).toContain('1 位');
        expect(await stat(page, 'repurchase')).toContain('100%');
        expect(await stat(page, 'member-revenue')).toContain('NT$500');
        // 500 of 600.
        expect(await stat(page, 'member-revenue')).toContain('占營收 83.3%');
        expect(await stat(page, 'non-member-revenue')).toContain('NT$100');
        expect(await stat(page, 'member-average')).toContain('NT$250');

        const joins = page.getByRole('slider', { name: '每日新會員' });
        expect(await chartSummary(page, joins)).toContain('新加入 2 位會員，最多是');
        const revenue = page.getByRole('slider', { name: '每日會員營收' });
        expect(await chartSummary(page, revenue)).toContain('會員完成 2 筆、共 NT$500');
        const split = page.getByRole('figure', { name: '會員與非會員營收' });
        expect(await chartSummary(page, split)).toContain(
          '會員營收 NT$500（83.3%），客單價 NT$250；非會員營收 NT$100，客單價 NT$100',
        );
        // Either side of midnight, each on its own day.
        expect(await page.locator(`tr[data-day="${yesterday}"] td[data-figure="member"]`).innerText()).toContain(
          'NT$200',
        );
        expect(await page.locator(`tr[data-day="${today}"] td[data-figure="member"]`).innerText()).toContain('NT$300');
        expect(await page.locator(`tr[data-day="${today}"] td[data-figure="new"]`).innerText()).toBe('1');
        expect(await page.locator('a[data-export="members/analytics.csv"]').getAttribute('href')).toMatch(
          /\/api\/t\/corner-cafe\/members\/analytics\.csv\?from=\d{4}-\d{2}-\d{2}&to=/,
        );
        if (device === PHONE) {
          expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
        }
        await shot(page, device === PHONE ? 'phone' : 'desktop');
        expect(page.errors).toEqual([]);
      } finally {
        await context.close();
      }
    }
  });

  it('keeps 今天 in the URL, and the CSV follows (phone)', async () => {
    const context = await asOwner({ ...PHONE, locale: 'zh-TW' });
    try {
      const page = await open(server, context, `/t/${shop.slug}/admin/members/analytics`);
      await page.getByRole('button', { name: '今天', exact: true }).click();
      await page.waitForURL((url) => url.searchParams.get('range') === 'today');
      await expect.poll(() => stat(page, 'member-revenue')).toContain('NT$300');
      expect(await stat(page, 'new')).toContain('1 位');
      // 王小明 ordered once today: nobody came back today.
      expect(await stat(page, 'repurchase')).toContain('0%');
      const isoToday = `${today.slice(0, 4)}-${today.slice(4, 6)}-${today.slice(6, 8)}`;
      expect(await page.locator('a[data-export="members/analytics.csv"]').getAttribute('href')).toContain(
        `from=${isoToday}&to=${isoToday}`,
      );
      expect(await page.getByRole('button', { name: '今天', exact: true }).getAttribute('aria-pressed')).toBe('true');
      expect(page.errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('會員標籤分析', () => {
  it("ranks tags by their members' spend, with the chart read out and every member below (desktop and phone)", async () => {
    for (const device of [DESKTOP, PHONE]) {
      const context = await asOwner({ ...device, locale: 'zh-TW' });
      try {
        const page = await open(server, context, `/t/${shop.slug}/admin/members/tag-analytics?range=7d`);
        const chart = page.getByRole('figure', { name: '各標籤會員營收' });
        expect(await chartSummary(page, chart)).toContain('營收最高的標籤是「常客」，NT$500，1 位會員');
        expect((await chart.getByRole('listitem').allInnerTexts()).map(oneLine)).toEqual([
          '1 常客 NT$500 1 位 · 2 筆 · 客單價 NT$250',
          '2 新朋友 NT$0 1 位 · 0 筆 · 客單價 NT$0',
        ]);
        expect(oneLine(await page.locator('tr[data-tag="常客"]').innerText())).toContain('手動標籤');
        expect(oneLine(await page.locator('tfoot tr').innerText())).toContain('全部會員');
        expect(await page.locator('a[data-export="members/analytics/tags.csv"]').count()).toBe(1);
        await shot(page, `tags-${device === PHONE ? 'phone' : 'desktop'}`);
        if (device === PHONE) {
          expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
          const nav = await adminMenu(page);
          for (const name of ['會員經營分析', '會員標籤分析']) {
            expect(await nav.getByRole('link', { name, exact: true }).count()).toBe(1);
          }
          await nav.getByRole('link', { name: '會員經營分析', exact: true }).click();
          await page.waitForURL(`**/t/${shop.slug}/admin/members/analytics`);
        }
        expect(page.errors).toEqual([]);
      } finally {
        await context.close();
      }
    }
  });
});
