import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PHONE, SCREENSHOTS, adminMenu, memberBrowser, open, startBrowserStack } from '../admin-session.ts';
import type { ApiServer } from '../../support/api-server.ts';
import { createShop, insertOrder, type Shop } from '../../support/shops.ts';
import { getBusinessHours } from '../../../db/restaurant/business-hours.ts';
import { dayKeyToIsoDate, weekdayOfDayKey } from '../../../domain/insights/report-range.ts';
import { taipeiDayKey } from '../../../domain/taipei-time.ts';

/**
 * 營業時間設定 in headless Chromium on a phone (zh-TW) against the real server and the built app:
 * set a lunch break on Monday, copy it to the other days, add a special closed day, save, find
 * it all after a reload; then close a day an upcoming order is wanted on, see the order listed
 * and save anyway. Screenshots in test-results/hours-*.png.
 */

let server: ApiServer;
let browser: Browser;
let stack: Awaited<ReturnType<typeof startBrowserStack>> | undefined;
let shop: Shop;
let branchId: string;
let asOwner: (options: Parameters<Browser['newContext']>[0]) => Promise<BrowserContext>;

const ZH_PHONE = { ...PHONE, locale: 'zh-TW' };
const DAY_MS = 86_400_000;
/** A Taipei date `days` from today, YYYY-MM-DD. */
const inDays = (days: number) => dayKeyToIsoDate(taipeiDayKey(new Date(Date.now() + days * DAY_MS)));

beforeAll(async () => {
  stack = await startBrowserStack('browser-hours');
  ({ server, browser } = stack);
  shop = await createShop(server.db, { slug: 'rice-house', name: '阿美飯館', prefix: 'RCHS' });
  await server.db.tenant.update({ where: { id: shop.tenantId }, data: { kind: 'restaurant' } });
  // One branch: the header picks it without asking.
  const branch = await server.db.branch.create({
    data: { tenantId: shop.tenantId, name: '信義店', address: '台北市信義區松壽路 12 號', phone: '0227221234' },
  });
  branchId = branch.id;
  asOwner = await memberBrowser(server, browser, [shop.tenantId], { role: 'owner', displayName: '店主阿美' });
}, 240_000);

afterAll(async () => {
  await stack?.close();
});

describe('營業時間設定 on a phone', () => {
  it('sets a break, copies it to the other days, adds a special closed day and keeps them after a reload', async () => {
    const context = await asOwner(ZH_PHONE);
    try {
      const page = await open(server, context, `/t/${shop.slug}/admin/orders`);
      const menu = await adminMenu(page);
      await menu.getByRole('link', { name: '營業時間設定' }).tap();
      await page.waitForURL(`**/t/${shop.slug}/admin/settings/hours`);
      await page.getByRole('heading', { level: 1, name: '營業時間設定' }).waitFor();
      await page.getByText('這間分店還沒儲存過營業時間').waitFor();

      const monday = page.getByRole('listitem', { name: '週一' });
      await monday.getByLabel('結束').first().fill('14:00');
      await monday.getByRole('button', { name: '+ 新增時段' }).tap();
      expect(await monday.getByLabel('開始').nth(1).inputValue()).toBe('17:00');
      await monday.getByLabel('結束').nth(1).fill('21:00');
      await monday.getByRole('button', { name: '複製到其他天' }).tap();
      // Sunday stays as it was.
      await monday.getByLabel('週日').uncheck();
      await monday.getByRole('button', { name: '複製', exact: true }).tap();
      await page.getByText('已把週一的時段複製到 5 天，記得儲存。').waitFor();
      await monday.scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(SCREENSHOTS, 'hours-week-phone.png') });
      const saturday = page.getByRole('listitem', { name: '週六' });
      expect(await saturday.getByLabel('開始').count()).toBe(2);

      // A special day with its date left empty is pointed out beside it.
      const holiday = inDays(8);
      await page.getByRole('button', { name: '+ 新增特殊日期' }).tap();
      await page.getByLabel('備註').fill('中秋節公休');
      await page.getByRole('button', { name: '儲存營業時間' }).tap();
      await page.getByText('請選擇日期（例如 2026-09-25）').waitFor();
      expect(await server.db.branchBusinessHours.count()).toBe(0);
      await page.getByLabel(/^日期/).fill(holiday);
      await page.getByRole('button', { name: '儲存營業時間' }).tap();
      await page.getByRole('status').getByText('已儲存「信義店」的營業時間。').waitFor();
      await page.screenshot({ path: join(SCREENSHOTS, 'hours-saved-phone.png'), fullPage: true });

      const { hours } = await getBusinessHours(server.db, shop.tenantId, branchId);
      const lunchDinner = [
        { start: '11:00', end: '14:00' },
        { start: '17:00', end: '21:00' },
      ];
      expect(hours.week).toEqual([[{ start: '11:00', end: '20:00' }], ...Array.from({ length: 6 }, () => lunchDinner)]);
      expect(hours.special).toEqual([{ date: holiday, closed: true, periods: [], note: '中秋節公休' }]);

      await page.reload();
      await page.getByRole('heading', { level: 1, name: '營業時間設定' }).waitFor();
      await expect.poll(() => page.getByLabel(/^日期/).inputValue()).toBe(holiday);
      expect(await page.getByLabel('備註').inputValue()).toBe('中秋節公休');
      expect(await page.getByLabel('整天公休').isChecked()).toBe(true);
      expect(await page.getByRole('listitem', { name: '週三' }).getByLabel('開始').nth(1).inputValue()).toBe('17:00');
      expect(await page.getByText('這間分店還沒儲存過營業時間').count()).toBe(0);
      // The preview says one of the two, by the rules the API uses.
      await page.getByText(/現在營業中|休息中/).waitFor();
      // Phone first: nothing wider than the screen.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      expect(page.errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('lists an upcoming order the new hours leave out and saves once the merchant confirms', async () => {
    // An order wanted at lunch on the next Wednesday (at least tomorrow).
    let day = 1;
    while (weekdayOfDayKey(taipeiDayKey(new Date(Date.now() + day * DAY_MS))) !== 3) day++;
    const wednesday = inDays(day);
    const order = await insertOrder(server.db, shop);
    await server.db.order.update({
      where: { id: order.id },
      data: { branchId, wantedAt: new Date(`${wednesday}T12:00:00+08:00`) },
    });

    const context = await asOwner(ZH_PHONE);
    try {
      const page = await open(server, context, `/t/${shop.slug}/admin/settings/hours`);
      const wed = page.getByRole('listitem', { name: '週三' });
      await expect.poll(() => wed.getByLabel('開始').count()).toBe(2);
      await wed.getByRole('button', { name: '移除週三 11:00–14:00' }).tap();
      await wed.getByRole('button', { name: '移除週三 17:00–21:00' }).tap();
      await wed.getByText('公休').waitFor();
      await page.getByRole('button', { name: '儲存營業時間' }).tap();

      const dialog = page.getByRole('alertdialog', { name: '有 1 筆預訂單不在新的營業時間內' });
      await dialog.waitFor();
      await dialog.getByText(order.number).waitFor();
      await dialog.getByText(`${wednesday.replaceAll('-', '/')} 12:00`).waitFor();
      // Shown where the merchant is, not at the end of a long page.
      await expect
        .poll(() => dialog.evaluate((el) => el.getBoundingClientRect().bottom <= window.innerHeight))
        .toBe(true);
      await page.screenshot({ path: join(SCREENSHOTS, 'hours-orders-outside-phone.png') });
      expect((await getBusinessHours(server.db, shop.tenantId, branchId)).hours.week[3]).toHaveLength(2);

      await dialog.getByRole('button', { name: '仍要儲存' }).tap();
      await page.getByRole('status').getByText('已儲存「信義店」的營業時間。').waitFor();
      expect((await getBusinessHours(server.db, shop.tenantId, branchId)).hours.week[3]).toEqual([]);
      expect(await page.getByRole('alertdialog').count()).toBe(0);
      // The browser logs the warning it was answered with; nothing else went wrong.
      expect(page.errors).toEqual(['Failed to load resource: the server responded with a status of 409 (Conflict)']);
    } finally {
      await context.close();
    }
  });

  it('shows staff who may only look the hours, locked, with no save button', async () => {
    const asStaff = await memberBrowser(server, browser, [shop.tenantId], { role: 'staff', displayName: '小林' });
    const context = await asStaff(ZH_PHONE);
    try {
      const page = await open(server, context, `/t/${shop.slug}/admin/settings/hours`);
      await page.getByText('你可以查看營業時間；修改需要「門市設定」的管理權限。').waitFor();
      const tuesday = page.getByRole('listitem', { name: '週二' });
      expect(await tuesday.getByLabel('開始').first().isDisabled()).toBe(true);
      expect(await page.getByRole('button', { name: '儲存營業時間' }).count()).toBe(0);
      expect(page.errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
