import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayKeyToIsoDate } from '../../../domain/insights/report-range.ts';
import { taipeiDayKey } from '../../../domain/taipei-time.ts';
import { launchChromium, sessionCookie } from '../../support/browser.ts';
import {
  openRestaurant,
  pickupSlots,
  restaurantCustomer,
  teaCheckout,
  type TestRestaurant,
} from '../../support/restaurant-orders.ts';
import { startStack, waitFor, type Stack } from '../../support/stack.ts';
import { PHONE, SCREENSHOTS, hydrated, watchErrors, type WatchedPage } from '../admin-session.ts';

/**
 * 訂單處理 in headless Chromium (zh-TW) against the whole product: API, Temporal worker and LINE
 * sandbox as real processes. On a kitchen tablet in landscape a customer's order arrives live with
 * the chime and the menu's badge, and moves 接單 → 開始製作 → 出餐完成 → 已取餐 by taps (each a
 * Workflow Update); another is rejected with a reason; what arrives while offline shows up once
 * back online; the filters narrow the lanes; the order page has the same steps. On a phone,
 * 未來訂單總覽 adds up a coming day's items and 接單設定 explains a bad value and saves a good one.
 * Screenshots in test-results/order-board-*.png.
 */

let stack: Stack;
let browser: Browser;
let shop: TestRestaurant;

const TABLET = { viewport: { width: 1280, height: 800 }, hasTouch: true, locale: 'zh-TW' };
const ZH_PHONE = { ...PHONE, locale: 'zh-TW' };

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(), launchChromium()]);
  shop = await openRestaurant(stack, '2300001301', { handling: { acceptWithinMinutes: 10, remindAfterMinutes: 3 } });
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function ownerPage(options: Parameters<Browser['newContext']>[0], path: string): Promise<WatchedPage> {
  const context: BrowserContext = await browser.newContext(options);
  await context.addCookies([sessionCookie(shop.owner, stack.apiUrl)]);
  const page = (await context.newPage()) as WatchedPage;
  page.errors = watchErrors(page);
  await page.goto(`${stack.apiUrl}/t/${shop.tenant.slug}/admin/${path}`);
  await hydrated(page);
  return page;
}

/** A customer's pickup order of one 珍珠奶茶 (半糖, 加珍珠) for the slot at `index` from now. */
async function placeOrder(index = 0, extra: Record<string, unknown> = {}) {
  const { browser: customer } = await restaurantCustomer(stack, shop, '林小姐');
  const slots = (await pickupSlots(stack, shop)).filter((s) => !s.full);
  const placed = await customer.call(
    'POST',
    `/api/shop/${shop.tenant.slug}/restaurant-orders`,
    teaCheckout(shop, slots[index]!.start, extra),
  );
  expect(placed.status).toBe(201);
  const number = placed.body!.orderNumber as string;
  const order = await stack.db.order.findFirstOrThrow({ where: { tenantId: shop.tenant.id, number } });
  return { id: order.id, number, pickupNumber: placed.body!.pickupNumber as string };
}

const statusOf = async (id: string) => (await stack.db.order.findUniqueOrThrow({ where: { id } })).status;
const card = (page: Page, id: string) => page.locator(`article[data-order-id="${id}"]`);
const lane = (page: Page, name: string) => page.getByRole('region', { name: new RegExp(`^${name}`) });

describe('訂單處理 on a kitchen tablet', () => {
  it('shows a new order live with the chime and badge, moves it on by taps, rejects another with a reason', async () => {
    const page = await ownerPage(TABLET, 'order-board');
    await page.getByRole('heading', { level: 1, name: '訂單處理' }).waitFor();
    await page.getByText('目前沒有新訂單').waitFor();
    await page.locator('[data-connection="live"]').waitFor();
    // The browser may only play sound after a tap: the 🔔 toggle is that tap (and rings once).
    const bell = page.getByRole('button', { name: /提示音/ });
    await bell.tap();
    await expect.poll(() => bell.getAttribute('data-played')).toBe('1');

    // A customer orders: no reload, the order is on the board, the chime rings, the badge counts.
    const first = await placeOrder(0);
    const firstCard = card(page, first.id);
    await firstCard.waitFor({ timeout: 15_000 });
    await expect.poll(() => bell.getAttribute('data-played')).toBe('2');
    expect(await lane(page, '新訂單').locator('article').count()).toBe(1);
    const text = await firstCard.innerText();
    expect(text).toContain(first.pickupNumber);
    expect(text).toContain('自取');
    expect(text).toContain('珍珠奶茶');
    expect(text).toContain('半糖、加珍珠');
    expect(text).toMatch(/\d+:\d\d 內要接單/);
    const badge = page.getByRole('navigation', { name: '管理選單' }).locator('[data-badge]');
    await expect.poll(() => badge.innerText()).toContain('1');
    await expect.poll(() => page.title()).toMatch(/^\(1\) 訂單處理/);
    // Big touch targets for a kitchen.
    const accept = firstCard.getByRole('button', { name: '接單' });
    expect((await accept.boundingBox())!.height).toBeGreaterThanOrEqual(48);
    await page.screenshot({ path: join(SCREENSHOTS, 'order-board-new-tablet.png') });

    // 接單 with a preparation time, then 開始製作, 出餐完成 and 已取餐: one tap each.
    await firstCard.getByRole('combobox', { name: `${first.pickupNumber} 的備餐時間` }).selectOption('15');
    await accept.tap();
    await expect.poll(() => statusOf(first.id)).toBe('accepted');
    await lane(page, '製作中').locator(`article[data-order-id="${first.id}"][data-status="accepted"]`).waitFor();
    await expect.poll(() => badge.count()).toBe(0);
    await card(page, first.id).getByRole('button', { name: '開始製作' }).tap();
    await expect.poll(() => statusOf(first.id)).toBe('preparing');
    await card(page, first.id).getByRole('button', { name: '出餐完成' }).tap();
    await lane(page, '可取餐').locator(`article[data-order-id="${first.id}"]`).waitFor();
    expect(await statusOf(first.id)).toBe('ready');
    await page.screenshot({ path: join(SCREENSHOTS, 'order-board-ready-tablet.png') });
    await card(page, first.id).getByRole('button', { name: '已取餐' }).tap();
    await expect.poll(() => statusOf(first.id)).toBe('completed');
    await expect.poll(() => card(page, first.id).count()).toBe(0);

    // 拒單 asks why: nothing is sent without a reason; a usual one is a tap.
    const second = await placeOrder(0);
    await card(page, second.id).waitFor({ timeout: 15_000 });
    await card(page, second.id).getByRole('button', { name: '拒單' }).tap();
    const dialog = page.getByRole('dialog', { name: `拒絕訂單 ${second.pickupNumber}` });
    await dialog.getByRole('button', { name: '確認拒單' }).tap();
    await dialog.getByText('請選一個原因或自己填寫').waitFor();
    expect(await statusOf(second.id)).toBe('pending');
    await dialog.getByRole('button', { name: '目前訂單太多' }).tap();
    await page.screenshot({ path: join(SCREENSHOTS, 'order-board-reject-tablet.png') });
    await dialog.getByRole('button', { name: '確認拒單' }).tap();
    await expect.poll(() => statusOf(second.id)).toBe('rejected');
    await expect.poll(() => dialog.count()).toBe(0);
    expect((await stack.db.order.findUniqueOrThrow({ where: { id: second.id } })).rejectReason).toBe('目前訂單太多');

    // Today's finished orders are one tap away.
    await page.getByRole('button', { name: '今日已結束' }).tap();
    const done = page.getByRole('region', { name: '今日已結束' });
    await done.locator(`article[data-order-id="${first.id}"][data-status="completed"]`).waitFor();
    await done.locator(`article[data-order-id="${second.id}"][data-status="rejected"]`).waitFor();

    // A flaky kitchen network: reading the board fails while offline (it says so, and keeps what
    // it shows); back online, it reads again and what arrived meanwhile is there.
    await page.context().setOffline(true);
    const later = await placeOrder(8);
    const soon = await placeOrder(0);
    await page.evaluate(() => dispatchEvent(new Event('focus')));
    const unstable = page.getByRole('alert').filter({ hasText: '網路不穩' });
    await unstable.waitFor();
    await page.context().setOffline(false);
    await expect.poll(() => unstable.count()).toBe(0);

    // Filters: by time (an order for later than the hour) and by method.
    await page.getByRole('button', { name: /^全部 / }).tap();
    await card(page, later.id).waitFor({ timeout: 15_000 });
    await card(page, soon.id).waitFor();
    await page.getByRole('button', { name: '一小時內' }).tap();
    await expect.poll(() => card(page, later.id).count()).toBe(0);
    expect(await card(page, soon.id).count()).toBe(1);
    await page.getByRole('button', { name: '稍後' }).tap();
    await card(page, later.id).waitFor();
    expect(await card(page, soon.id).count()).toBe(0);
    await page.getByRole('button', { name: '全部時段' }).tap();
    await page.getByRole('button', { name: '外送' }).tap();
    await expect.poll(() => page.locator('article[data-order-id]').count()).toBe(0);
    await page.getByRole('button', { name: '全部方式' }).tap();
    await page.getByRole('button', { name: /^新訂單 / }).tap();
    await expect.poll(() => page.locator('section[data-lane]').count()).toBe(1);
    expect(await page.locator('article[data-order-id]').count()).toBe(2);
    await page.screenshot({ path: join(SCREENSHOTS, 'order-board-filtered-tablet.png'), fullPage: true });

    // The order page shows the same order with its options and the same next steps.
    await card(page, soon.id)
      .getByRole('link', { name: `訂單 ${soon.number}` })
      .click();
    await page.waitForURL(`**/admin/orders/${soon.number}`);
    const panel = page.getByRole('region', { name: '餐廳訂單' });
    await panel.waitFor();
    expect(await panel.locator('[data-restaurant-order]').innerText()).toContain(soon.pickupNumber);
    expect(await panel.innerText()).toContain('半糖、加珍珠');
    // Its items read as a meal's: the line with its options, quantity and price, not a +1 allocation.
    const items = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: '品項' }) });
    expect(await items.locator('tr[data-line]').count()).toBe(1);
    expect(await items.locator('tr[data-line]').innerText()).toContain('半糖、加珍珠');
    expect(await items.getByRole('columnheader', { name: '配貨' }).count()).toBe(0);
    await panel.getByRole('button', { name: '接單' }).tap();
    await expect.poll(() => statusOf(soon.id)).toBe('accepted');
    await panel.locator('[data-status="accepted"]').waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'order-board-order-page-tablet.png'), fullPage: true });
    // Only the reads refused while offline, on purpose.
    expect(page.errors.filter((e) => !e.includes('ERR_INTERNET_DISCONNECTED'))).toEqual([]);
    await page.context().close();
  });
});

describe('未來訂單總覽 and 接單設定 on a phone', () => {
  it('adds up a coming day’s items for preparation, and saves the branch’s order handling', async () => {
    // Two orders for the day after tomorrow: 珍珠奶茶 ×2 (半糖 ×2、加珍珠 ×2) to prepare. Not tomorrow:
    // late in a Taipei evening the tablet test's orders take tomorrow's first slots.
    const coming = dayKeyToIsoDate(taipeiDayKey(new Date(Date.now() + 2 * 24 * 3600_000)));
    const response = await fetch(
      `${stack.apiUrl}/api/shop/${shop.tenant.slug}/branches/${shop.branchId}/order-slots?method=pickup&date=${coming}`,
    );
    const slots = ((await response.json()) as { slots: { start: string; full: boolean }[] }).slots.filter(
      (s) => !s.full,
    );
    const { browser: customer } = await restaurantCustomer(stack, shop, '陳先生');
    for (const slot of [slots[60]!, slots[61]!]) {
      const placed = await customer.call(
        'POST',
        `/api/shop/${shop.tenant.slug}/restaurant-orders`,
        teaCheckout(shop, slot.start),
      );
      expect(placed.status).toBe(201);
    }

    // The board on a phone: the lanes one under the other, the page no wider than the screen.
    const page = await ownerPage(ZH_PHONE, 'order-board');
    await page.locator('article[data-order-id]').first().waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'order-board-phone.png') });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    await page.getByRole('link', { name: '未來訂單總覽' }).first().tap();
    await page.getByRole('heading', { level: 1, name: '未來訂單總覽' }).waitFor();
    const day = page.locator(`section[data-day="${coming}"]`);
    await day.waitFor();
    const prep = day.locator('[data-prep]');
    const totals = (await prep.innerText()).replace(/\s+/g, ' ');
    expect(totals).toMatch(/珍珠奶茶（(加珍珠 ×2、半糖 ×2|半糖 ×2、加珍珠 ×2)） ×2/);
    expect(await day.locator('li[data-order-id]').count()).toBe(2);
    await page.screenshot({ path: join(SCREENSHOTS, 'order-board-future-phone.png'), fullPage: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    // 接單設定: a reminder later than the limit is explained beside the field; a good one saves.
    await page.goto(`${stack.apiUrl}/t/${shop.tenant.slug}/admin/settings/order-handling`);
    await hydrated(page);
    await page.getByRole('heading', { level: 1, name: '接單設定' }).waitFor();
    const within = page.getByLabel('接單時限（分鐘）');
    const remind = page.getByLabel('提醒店員（下單後幾分鐘）');
    await within.fill('5');
    await remind.fill('8');
    await page.getByRole('button', { name: '儲存設定' }).tap();
    await page.getByText('提醒時間要比接單時限短').waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'order-board-handling-error-phone.png'), fullPage: true });
    await remind.fill('2');
    await page.getByRole('switch', { name: '新訂單自動接單' }).tap();
    await page.getByLabel('取餐前幾分鐘用 LINE 提醒顧客').fill('20');
    await page.getByRole('button', { name: '儲存設定' }).tap();
    await page.getByText('已儲存接單設定').waitFor();
    await waitFor('the saved handling', async () => {
      const row = await stack.db.branchOrderHandling.findFirst({ where: { branchId: shop.branchId } });
      return row?.acceptWithinMinutes === 5 && row;
    });
    expect(await stack.db.branchOrderHandling.findFirstOrThrow({ where: { branchId: shop.branchId } })).toMatchObject({
      acceptWithinMinutes: 5,
      remindAfterMinutes: 2,
      autoAccept: true,
      pickupReminderMinutes: 20,
    });
    expect(page.errors).toEqual([]);
    await page.context().close();
  });
});
