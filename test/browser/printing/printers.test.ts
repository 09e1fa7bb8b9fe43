import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrinterSandbox, type RunningPrinterSandbox } from '../../../sandbox/printer/testing.ts';
import { PHONE, SCREENSHOTS, adminMenu, hydrated, memberBrowser, open, startBrowserStack } from '../admin-session.ts';
import type { ApiServer } from '../../support/api-server.ts';
import { createTenant } from '../../support/shops.ts';

/**
 * 出單機設定 in headless Chromium on a phone (zh-TW) against the real server, the built app and
 * a simulated CloudPRNT printer: add the bar's printer (a bad MAC explained first), see it
 * connect, 列印測試單 and its preview, and switch on 列印後自動收單. Screenshots and the
 * printed pages in test-results/printers-*.png.
 */

let server: ApiServer;
let browser: Browser;
let stack: Awaited<ReturnType<typeof startBrowserStack>> | undefined;
let printers: RunningPrinterSandbox | undefined;
let shop: { id: string; slug: string };
let asOwner: (options: Parameters<Browser['newContext']>[0]) => Promise<BrowserContext>;
const MAC = '00:11:E5:06:04:FF';

beforeAll(async () => {
  stack = await startBrowserStack('browser-printers');
  ({ server, browser } = stack);
  shop = await createTenant(server.db, 'tea-house', '加一茶飲');
  await server.db.tenant.update({ where: { id: shop.id }, data: { kind: 'restaurant' } });
  await server.db.branch.create({
    data: { tenantId: shop.id, name: '信義店', address: '台北市信義區松壽路 12 號', phone: '0227221234' },
  });
  await server.db.menuCategory.create({ data: { tenantId: shop.id, name: '飲料' } });
  asOwner = await memberBrowser(server, browser, [shop.id], { role: 'owner', displayName: '店主小加' });
  printers = await startPrinterSandbox({ url: `${server.baseUrl}/api/cloudprnt`, macs: [MAC] });
}, 240_000);

afterAll(async () => {
  await printers?.close();
  await stack?.close();
});

describe('出單機設定 on a phone', () => {
  it('adds the bar printer, prints a test page on it and previews how it prints', async () => {
    const context = await asOwner({ ...PHONE, locale: 'zh-TW' });
    try {
      const page = await open(server, context, `/t/${shop.slug}/admin/orders`);
      const menu = await adminMenu(page);
      await menu.getByRole('link', { name: '出單機設定' }).tap();
      await page.waitForURL(`**/t/${shop.slug}/admin/settings/printers`);
      await page.getByRole('heading', { level: 1, name: '出單機設定' }).waitFor();
      await page.getByText('這間分店還沒有出單機').waitFor();

      await page.getByRole('button', { name: '新增裝置' }).tap();
      await page.getByLabel('裝置名稱').fill('吧枱出單機');
      await page.getByLabel('裝置類型').selectOption('receipt_80');
      const mac = page.getByLabel('裝置序號（MAC）');
      await mac.fill('36NVNY3QNGC344B');
      await page.getByLabel('擺放位置').fill('吧枱');
      await page.getByLabel('飲料').check();
      await page.getByRole('button', { name: '儲存' }).last().tap();
      await page.getByText('MAC 位址是 12 位英數字').waitFor();
      expect(await mac.getAttribute('aria-invalid')).toBe('true');
      expect(await server.db.printer.count()).toBe(0);

      await mac.fill(MAC.toLowerCase());
      await page.getByRole('button', { name: '儲存' }).last().tap();
      await page.getByRole('status').getByText('已儲存「吧枱出單機」').waitFor();
      const card = page.getByRole('article', { name: '吧枱出單機' });
      await card.getByText('00:11:E5:06:04:FF').waitFor();
      await card.getByText('配送+自取+現場').waitFor();

      // The simulated printer polls with its MAC: after a reload the card says it is connected.
      await expect.poll(async () => (await server.db.printer.findFirstOrThrow()).lastPollAt !== null).toBe(true);
      await page.reload();
      await hydrated(page);
      await card.getByRole('status').getByText('正常').waitFor();

      await card.getByRole('button', { name: '列印測試單' }).tap();
      await page.getByText('已送出測試單到「吧枱出單機」').waitFor();
      const printer = printers!.printers.get(MAC)!;
      await expect.poll(() => printer.printed.length).toBe(1);
      copyFileSync(
        join(printers!.outDir, MAC.replace(/:/g, ''), printer.printed[0]!.file),
        join(SCREENSHOTS, 'printers-test-page.png'),
      );

      await card.getByRole('button', { name: '列印預覽' }).tap();
      const preview = card.getByRole('img', { name: '「吧枱出單機」印出來的樣子' });
      await preview.waitFor();
      await expect.poll(() => preview.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(576);
      await page.screenshot({ path: join(SCREENSHOTS, 'printers-phone.png'), fullPage: true });

      await page.getByRole('switch', { name: '列印後自動收單' }).tap();
      await page.getByRole('button', { name: '儲存' }).first().tap();
      await page.getByRole('status').getByText('已儲存').first().waitFor();
      await expect
        .poll(
          async () =>
            (await server.db.printSettings.findUnique({ where: { tenantId: shop.id } }))?.autoAcceptAfterPrint,
        )
        .toBe(true);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

      // Out of paper: the kitchen's board says so above the orders, with a way to the settings.
      printer.state.paper = 'out';
      await expect.poll(async () => (await server.db.printer.findFirstOrThrow()).lastStatus).toMatch(/^41/);
      await page.goto(`${server.baseUrl}/t/${shop.slug}/admin/order-board`);
      const banner = page.getByRole('alert').filter({ hasText: '出單機「吧枱出單機」缺紙' });
      await banner.waitFor();
      await banner.getByRole('link', { name: '出單機設定' }).waitFor();
      await page.screenshot({ path: join(SCREENSHOTS, 'printers-board-paper-out-phone.png') });
      printer.state.paper = 'ok';
      expect(page.errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 180_000);

  it("previews the counter's receipt with the shop's logo and an invoice number", async () => {
    const context = await asOwner({ ...PHONE, locale: 'zh-TW' });
    try {
      // The owner uploads the shop's logo on 店家資料 (a black square on white).
      const settings = await open(server, context, `/t/${shop.slug}/admin/settings/shop`);
      const logo = await sharp({ create: { width: 600, height: 600, channels: 3, background: '#ffffff' } })
        .composite([{ input: { create: { width: 400, height: 400, channels: 3, background: '#000000' } }, left: 100, top: 100 }])
        .png()
        .toBuffer();
      await settings
        .getByTestId('store-logo')
        .locator('input[type=file]')
        .setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: logo });
      await settings.getByRole('status').getByText('已更新店家 Logo。').waitFor();

      const branch = await server.db.branch.findFirstOrThrow({ where: { tenantId: shop.id } });
      await server.db.printer.create({
        data: {
          tenantId: shop.id,
          branchId: branch.id,
          name: '櫃檯出單機',
          kind: 'receipt_58',
          mac: '0011E50604AA',
          location: '櫃檯',
          methods: ['pickup', 'delivery', 'dine_in'],
        },
      });
      const page = await open(server, context, `/t/${shop.slug}/admin/settings/printers`);
      const card = page.getByRole('article', { name: '櫃檯出單機' });
      await card.getByRole('button', { name: '列印預覽' }).tap();
      const preview = card.getByRole('img', { name: '「櫃檯出單機」印出來的樣子' });
      await preview.waitFor();
      await expect.poll(() => preview.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(384);
      const png = Buffer.from(
        await preview.evaluate(async (img: HTMLImageElement) => {
          const bytes = new Uint8Array(await (await globalThis.fetch(img.src)).arrayBuffer());
          return Array.from(bytes);
        }),
      );
      writeFileSync(join(SCREENSHOTS, 'printers-counter-receipt.png'), png);
      // The logo is the first thing on the paper: a third of 384 dots, its black square ~85 dots
      // wide in the middle, white at the edges.
      const { data, info } = await sharp(png).greyscale().raw().toBuffer({ resolveWithObject: true });
      const dark = (x: number, y: number) => data[y * info.width + x]! < 128;
      const logoRows = Array.from({ length: 150 }, (_, y) => y).filter(
        (y) => dark(info.width / 2, y) && !dark(info.width / 2 - 60, y) && !dark(2, y),
      );
      expect(logoRows.length).toBeGreaterThan(70);
      await page.screenshot({ path: join(SCREENSHOTS, 'printers-counter-preview-phone.png'), fullPage: true });
      expect(page.errors).toEqual([]);
      expect(settings.errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);
});
