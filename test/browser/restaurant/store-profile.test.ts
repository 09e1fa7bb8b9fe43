import { join } from 'node:path';
import sharp from 'sharp';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, PHONE, SCREENSHOTS, memberBrowser, open, startBrowserStack } from '../admin-session.ts';
import type { ApiServer } from '../../support/api-server.ts';
import { createTenant } from '../../support/shops.ts';
import { getStoreProfile } from '../../../db/restaurant/store-profile.ts';

/**
 * 店家設定's store profile in headless Chromium on a phone (zh-TW) against the real server and
 * the built app: upload a logo (cropped, shown in the preview), write an announcement, pick a
 * colour and see the preview follow, be told a too-light custom colour is unreadable, save.
 * Screenshots in test-results/store-profile-*.png.
 */

let server: ApiServer;
let browser: Browser;
let stack: Awaited<ReturnType<typeof startBrowserStack>> | undefined;
let shop: { id: string; slug: string };
let asOwner: (options: Parameters<Browser['newContext']>[0]) => Promise<BrowserContext>;

const ZH_PHONE = { ...PHONE, locale: 'zh-TW' };

beforeAll(async () => {
  stack = await startBrowserStack('browser-store-profile');
  ({ server, browser } = stack);
  shop = await createTenant(server.db, 'noodle-house', '阿城麵館');
  await server.db.tenant.update({ where: { id: shop.id }, data: { kind: 'restaurant' } });
  asOwner = await memberBrowser(server, browser, [shop.id], { role: 'owner', displayName: '店主阿城' });
}, 240_000);

afterAll(async () => {
  await stack?.close();
});

describe('店家資料 on a phone', () => {
  it('uploads a logo, announces, picks a colour with a live preview, refuses an unreadable one, and saves', async () => {
    const context = await asOwner(ZH_PHONE);
    try {
      const page = await open(server, context, `/t/${shop.slug}/admin/settings/shop`);
      await page.getByRole('heading', { name: '店家資料' }).waitFor();
      const preview = page.getByTestId('store-preview');
      const button = page.getByTestId('preview-button');
      await expect.poll(() => button.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(46, 125, 50)');

      // The logo uploads as soon as it is picked, and comes back cropped square.
      const logo = await sharp({ create: { width: 800, height: 500, channels: 3, background: '#c0392b' } })
        .png()
        .toBuffer();
      await page
        .getByTestId('store-logo')
        .locator('input[type=file]')
        .setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: logo });
      await page.getByRole('status').getByText('已更新店家 Logo。').waitFor();
      await expect.poll(() => preview.locator('img.logo').getAttribute('src')).toMatch(/\/512x512\.jpg$/);
      const stored = await getStoreProfile(server.db, shop.id, '阿城麵館');
      expect(stored.logoUrl).toMatch(/512x512\.jpg$/);

      // A file that is not a picture is refused before it is sent.
      await page
        .getByTestId('store-cover')
        .locator('input[type=file]')
        .setInputFiles({ name: 'cover.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('not a picture') });
      await page.getByText('只接受 JPG 或 PNG 圖片。').waitFor();

      await page.getByLabel('店名').fill('阿城麵館 信義總店');
      await page.getByLabel('公告內容').fill('週一公休，其他日子照常營業');
      await page
        .getByTestId('store-preview')
        .getByTestId('store-announcement')
        .getByText('週一公休，其他日子照常營業')
        .waitFor();
      await page.getByText('顧客現在看得到這則公告。').waitFor();
      // A period in Taipei time: from a future start the announcement waits, and leaves the preview.
      const starts = page.getByLabel('開始顯示');
      const ends = page.getByLabel('結束顯示');
      await starts.fill('2099-01-01T09:00');
      await page.getByText('排程中：2099/01/01 09:00 開始顯示。').waitFor();
      expect(await page.getByTestId('store-preview').getByTestId('store-announcement').count()).toBe(0);
      await ends.fill('2098-12-31T09:00');

      await page.getByLabel('港都藍').check();
      await expect.poll(() => button.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(29, 78, 216)');

      await page.getByLabel('自訂顏色').check();
      const custom = page.getByRole('textbox', { name: '品牌色 輸入色碼' });
      await custom.fill('#FFEB3B');
      await page.getByText(/這個顏色太淺，放在白底上的價格和連結會看不清楚/).waitFor();
      expect(await custom.getAttribute('aria-invalid')).toBe('true');
      await page.getByRole('button', { name: '儲存店家資料' }).tap();
      await page.getByText('有欄位需要修正，請看紅字說明。').waitFor();
      await page.getByText('公告結束時間要晚於開始時間').waitFor();
      expect(await ends.getAttribute('aria-invalid')).toBe('true');
      expect((await getStoreProfile(server.db, shop.id, '阿城麵館')).profile.displayName).toBe('阿城麵館');

      await custom.fill('#6A1B9A');
      await starts.fill('');
      await ends.fill('');
      await expect.poll(() => button.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(106, 27, 154)');
      await page.getByRole('button', { name: '儲存店家資料' }).tap();
      await page.getByRole('status').getByText('已儲存，顧客的點餐頁會自動更新。').waitFor();
      await preview.scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(SCREENSHOTS, 'store-profile-phone.png'), fullPage: true });

      expect((await getStoreProfile(server.db, shop.id, '阿城麵館')).profile).toMatchObject({
        displayName: '阿城麵館 信義總店',
        announcement: '週一公休，其他日子照常營業',
        announcementStartsAt: null,
        announcementEndsAt: null,
        theme: 'custom',
        customColor: '#6a1b9a',
      });
      // Phone first: nothing wider than the screen.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      expect(page.errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('on a wide screen keeps the phone preview beside the cards', async () => {
    const context = await asOwner({ ...DESKTOP, locale: 'zh-TW' });
    try {
      const page = await open(server, context, `/t/${shop.slug}/admin/settings/shop`);
      const preview = page.getByTestId('store-preview');
      await preview.getByText('阿城麵館 信義總店').waitFor();
      const [card, phone] = await Promise.all([
        page.locator('#store-profile-title').boundingBox(),
        preview.boundingBox(),
      ]);
      expect(phone!.x).toBeGreaterThan(card!.x + card!.width);
      await page.screenshot({ path: join(SCREENSHOTS, 'store-profile-desktop.png') });
      expect(page.errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('shows a manager (settings: view) the profile locked, with no save or upload', async () => {
    const asManager = await memberBrowser(server, browser, [shop.id], { role: 'manager', displayName: '阿美' });
    const context = await asManager(ZH_PHONE);
    try {
      const page = await open(server, context, `/t/${shop.slug}/admin/settings/shop`);
      await page.getByText('只有具備「設定」管理權限的成員可以修改店家資料。').waitFor();
      expect(await page.getByLabel('店名').isDisabled()).toBe(true);
      expect(await page.getByRole('button', { name: '儲存店家資料' }).count()).toBe(0);
      expect(await page.locator('input[type=file]').count()).toBe(0);
      expect(page.errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
