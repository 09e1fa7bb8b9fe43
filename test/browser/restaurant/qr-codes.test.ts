import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PHONE, SCREENSHOTS, adminMenu, memberBrowser, open, startBrowserStack } from '../admin-session.ts';
import type { ApiServer } from '../../support/api-server.ts';
import { createTenant } from '../../support/shops.ts';
import { DEFAULT_PICKUP_METHODS } from '../../../domain/restaurant/pickup-methods.ts';
import { savePickupMethods } from '../../../db/restaurant/pickup-methods.ts';

/**
 * QR Code 下載 on a phone (zh-TW): from the side menu's 門店設備與串接 to the branch's code, one
 * per table, their downloads and the print sheet. Screenshot in test-results/qr-codes-phone.png.
 */
let server: ApiServer;
let browser: Browser;
let stack: Awaited<ReturnType<typeof startBrowserStack>> | undefined;
let shop: { id: string; slug: string };
let asOwner: (options: Parameters<Browser['newContext']>[0]) => Promise<BrowserContext>;

beforeAll(async () => {
  stack = await startBrowserStack('browser-qr');
  ({ server, browser } = stack);
  shop = await createTenant(server.db, 'noodle-qr', '阿城麵館');
  await server.db.tenant.update({ where: { id: shop.id }, data: { kind: 'restaurant' } });
  const branch = await server.db.branch.create({
    data: { tenantId: shop.id, name: '信義店', address: '台北市信義區', phone: '0227221234' },
  });
  await savePickupMethods(server.db, shop.id, branch.id, {
    ...DEFAULT_PICKUP_METHODS,
    dineInEnabled: true,
    tables: ['A1', 'A2', '吧台'],
  });
  asOwner = await memberBrowser(server, browser, [shop.id], { role: 'owner', displayName: '店主阿城' });
}, 240_000);
afterAll(async () => {
  await stack?.close();
});

it('shows the branch’s ordering code, a code per table and the print sheet, with working downloads', async () => {
  const context = await asOwner({ ...PHONE, locale: 'zh-TW' });
  try {
    const page = await open(server, context, `/t/${shop.slug}/admin/orders`);
    const menu = await adminMenu(page);
    await menu.getByRole('link', { name: 'QR Code 下載' }).tap();
    await page.waitForURL(`**/t/${shop.slug}/admin/settings/qr-codes`);
    await page.getByText('分店：信義店').waitFor();
    const tables = page.getByRole('region', { name: '桌號 QR Code（3 桌）' });
    expect(await tables.locator('li strong').allInnerTexts()).toEqual(['A1', 'A2', '吧台']);
    // Every code image loaded (a broken one has no natural width).
    await expect
      .poll(() => page.locator('img').evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).naturalWidth > 0)))
      .toEqual([true, true, true, true]);
    await page.getByText('還沒連接 LINE 官方帳號', { exact: false }).waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'qr-codes-phone.png'), fullPage: true });

    const [sheet] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: '下載整份列印檔（A4 PDF）' }).tap(),
    ]);
    expect(sheet.suggestedFilename()).toMatch(/^qr-.+\.pdf$/);
    expect(page.errors).toEqual([]);
  } finally {
    await context.close();
  }
});
