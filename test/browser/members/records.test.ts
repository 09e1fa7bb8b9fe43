import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiServer } from '../../support/api-server.ts';
import { shopWithRecords } from '../../support/member-records.ts';
import {
  PHONE,
  SCREENSHOTS,
  hydrated,
  memberBrowser,
  menuLink,
  oneLine,
  open,
  startBrowserStack,
} from '../admin-session.ts';

/**
 * 點數 / 發券記錄 in headless Chromium on a phone against the real server and the built app: the
 * owner finds the page in the menu, reads an earned entry with its order, filters by kind, turns
 * to 發券記錄 and reads each issued coupon's source and fate, the used one with its order, and the
 * CSV link carries the filters. Screenshots in test-results/member-records-*.png.
 */
let server: ApiServer;
let browser: Browser;
let stack: Awaited<ReturnType<typeof startBrowserStack>> | undefined;
let records: Awaited<ReturnType<typeof shopWithRecords>>;
let asOwner: (options: Parameters<Browser['newContext']>[0]) => Promise<BrowserContext>;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  stack = await startBrowserStack('browser-member-records');
  ({ server, browser } = stack);
  records = await shopWithRecords(server.db);
  asOwner = await memberBrowser(server, browser, [records.shop.tenantId], { role: 'owner', displayName: '店長' });
}, 240_000);
afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await stack?.close();
});

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(SCREENSHOTS, `member-records-${name}.png`), fullPage: true });

describe('點數 / 發券記錄 on a phone', () => {
  it('shows an earned entry with its order and every issued coupon with its fate', async () => {
    const context = await asOwner({ ...PHONE, locale: 'zh-TW' });
    contexts.push(context);
    const page = await open(server, context, `/t/${records.shop.slug}/admin/members/records`);
    await page.getByRole('heading', { name: '點數 / 發券記錄', level: 1 }).waitFor();
    expect(await menuLink(page, '點數 / 發券記錄').count()).toBe(1);

    const earned = page.locator('li.card[data-entry-kind="earn"]');
    await earned.waitFor();
    expect(oneLine((await earned.textContent())!)).toMatch(/^累積 \+70 林美玲 · \d{4}\/\d{2}\/\d{2} \d{2}:\d{2}/);
    expect(await earned.getByRole('link', { name: records.order.number }).getAttribute('href')).toBe(
      `/t/${records.shop.slug}/admin/orders/${records.order.number}`,
    );
    expect(await page.locator('li.card[data-entry-kind="adjust"]').textContent()).toContain('生日禮');
    await shot(page, 'points-phone');

    await page.getByRole('combobox', { name: /^類型/ }).selectOption('earn');
    await page.getByRole('button', { name: '查詢' }).click();
    await expect.poll(() => page.locator('li.card[data-entry-kind]').count()).toBe(1);
    expect(await page.getByRole('link', { name: '匯出 CSV' }).getAttribute('href')).toBe(
      `/api/t/${records.shop.slug}/members/records/points.csv?kind=earn`,
    );

    await page.getByRole('link', { name: '發券記錄' }).click();
    const coupons = page.locator('li.card[data-coupon-status]');
    await expect.poll(() => coupons.count()).toBe(3);
    await hydrated(page);
    const used = page.locator('li.card[data-coupon-status="used"]');
    expect(oneLine((await used.textContent())!)).toContain('滿百折十 已使用 林美玲 · 手動');
    await used.getByRole('link', { name: records.order.number }).waitFor();
    expect(oneLine((await page.locator('li.card[data-coupon-status="unused"]').textContent())!)).toContain(
      '滿百折十 未使用 王大明 · 生日',
    );
    await shot(page, 'coupons-phone');

    await page.getByRole('combobox', { name: /^狀態/ }).selectOption('expired');
    await page.getByRole('button', { name: '查詢' }).click();
    await expect.poll(() => coupons.count()).toBe(1);
    expect(await coupons.first().textContent()).toContain('已過期');
    expect(await page.getByRole('link', { name: '匯出 CSV' }).getAttribute('href')).toBe(
      `/api/t/${records.shop.slug}/members/records/coupons.csv?status=expired`,
    );
    expect(page.errors).toEqual([]);
  });
});
