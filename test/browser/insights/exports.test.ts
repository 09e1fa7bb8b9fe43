import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DESKTOP,
  PHONE,
  SCREENSHOTS,
  memberBrowser,
  open,
  startBrowserStack,
  type WatchedPage,
} from '../admin-session.ts';
import type { ApiServer } from '../../support/api-server.ts';
import { createShop, insertOrder, type NewOrder, type Shop } from '../../support/shops.ts';

/**
 * Seed 000's CSV export in headless Chromium: the 下載 CSV buttons on the products and the
 * orders pages download the shop's files (UTF-8 with a BOM for Excel, RFC 4180 quoting,
 * Chinese intact), and are shown only to members who may view the area.
 */

let server: ApiServer;
let browser: Browser;
let shop: Shop;
let order: NewOrder;
let stack: Awaited<ReturnType<typeof startBrowserStack>> | undefined;
let asOwner: (options: Parameters<Browser['newContext']>[0]) => Promise<BrowserContext>;

beforeAll(async () => {
  stack = await startBrowserStack('browser-exports');
  ({ server, browser } = stack);
  shop = await createShop(server.db, {
    slug: 'gift-shop',
    name: '禮物小舖',
    prefix: 'GFTS',
    customer: { displayName: '陳美玲' },
  });
  await server.db.product.create({
    data: {
      tenantId: shop.tenantId,
      code: '260108002',
      name: '禮盒 "特選", 6入',
      description: '兩層包裝\n附提袋',
      price: 1280,
      stock: 8,
      isPublic: false,
      createdAt: new Date('2026-01-08T06:05:00Z'),
    },
  });
  order = await insertOrder(server.db, shop, {
    at: new Date('2026-01-08T06:05:00Z'),
    status: 'shipped',
    requested: 3,
    allocated: 2,
    trackingNumber: '黑貓 1234-5678',
    memo: '請放管理室，謝謝',
  });
  asOwner = await memberBrowser(server, browser, [shop.tenantId], { role: 'owner', displayName: '美玲' });
}, 240_000);

afterAll(async () => {
  await stack?.close();
});

/** Clicks the page's download button and reads the file the browser saved. */
async function download(page: WatchedPage, name: string): Promise<{ file: string; bytes: Buffer }> {
  const [saved] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name }).click()]);
  // The shared browser runs in another process: it hands the file over rather than its path.
  const path = join(mkdtempSync(join(tmpdir(), 'jiayi-download-')), saved.suggestedFilename());
  await saved.saveAs(path);
  return { file: saved.suggestedFilename(), bytes: await readFile(path) };
}

const lines = (bytes: Buffer) => bytes.subarray(3).toString('utf8').split('\r\n');

describe('CSV exports', () => {
  it('downloads the products as CSV from the products page (phone)', async () => {
    const context = await asOwner({ ...PHONE, locale: 'zh-TW', acceptDownloads: true });
    try {
      const page = await open(server, context, `/t/${shop.slug}/admin/products`);
      await page.screenshot({ path: join(SCREENSHOTS, 'admin-exports-products-phone.png') });
      const { file, bytes } = await download(page, '下載全部商品（CSV，可用 Excel 開啟）');
      expect(file).toMatch(/^products-gift-shop-\d{8}\.csv$/);
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const rows = lines(bytes);
      expect(rows[0]).toBe('code,name,description,category,price,stock,is_public,image_url,created_at');
      expect(rows[1]).toMatch(/^260108001,手工草莓果醬,,,350,-1,true,,\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}$/);
      // Quotes doubled, the comma and the line break inside quotes (RFC 4180).
      expect(bytes.toString('utf8')).toContain(
        '260108002,"禮盒 ""特選"", 6入","兩層包裝\n附提袋",,1280,8,false,,2026/01/08 14:05\r\n',
      );
      expect(page.errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('downloads the orders as CSV, with tracking number and memo, from the orders page (desktop)', async () => {
    const context = await asOwner({ ...DESKTOP, locale: 'zh-TW', acceptDownloads: true });
    try {
      const page = await open(server, context, `/t/${shop.slug}/admin/orders`);
      await page.screenshot({ path: join(SCREENSHOTS, 'admin-exports-orders-desktop.png') });
      const { file, bytes } = await download(page, '下載全部訂單（CSV，可用 Excel 開啟）');
      expect(file).toMatch(/^orders-gift-shop-\d{8}\.csv$/);
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const rows = lines(bytes);
      expect(rows[0]).toBe(
        'order_number,created_at,status,status_label,customer_name,customer_line_user_id,product_code,product_name,' +
          'unit_price,requested_quantity,allocated_quantity,line_total,order_total,tracking_number,memo',
      );
      const fields = rows[1]!.split(',');
      expect(fields.slice(0, 5)).toEqual([order.number, '2026/01/08 14:05', 'shipped', '已出貨', '陳美玲']);
      expect(fields.slice(6)).toEqual([
        '260108001',
        '手工草莓果醬',
        '350',
        '3',
        '2',
        '700',
        '700',
        '黑貓 1234-5678',
        '請放管理室，謝謝',
      ]);
      expect(rows.filter(Boolean)).toHaveLength(2);
      expect(page.errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('downloads only the orders the page shows once a status is chosen', async () => {
    const confirmed = await insertOrder(server.db, shop, { at: new Date('2026-01-09T02:00:00Z'), status: 'confirmed' });
    const context = await asOwner({ ...DESKTOP, locale: 'zh-TW', acceptDownloads: true });
    try {
      const page = await open(server, context, `/t/${shop.slug}/admin/orders`);
      await page.locator('[data-filter="confirmed"]').first().click();
      await page.waitForURL(/status=confirmed/);
      const { bytes } = await download(page, '下載目前搜尋與篩選的訂單（CSV，可用 Excel 開啟）');
      const rows = lines(bytes).filter(Boolean);
      expect(rows).toHaveLength(2);
      expect(rows[1]!.split(',').slice(0, 3)).toEqual([confirmed.number, '2026/01/09 10:00', 'confirmed']);
      expect(page.errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a member without products access gets the orders button only, and no products file', async () => {
    const asStaff = await memberBrowser(server, browser, [shop.tenantId], {
      role: 'staff',
      displayName: '包貨小幫手',
      permissions: { products: 'none', orders: 'view' },
    });
    const context = await asStaff({ ...DESKTOP, locale: 'zh-TW' });
    try {
      const page = await open(server, context, `/t/${shop.slug}/admin/orders`);
      expect(
        await page.locator('[data-export]').evaluateAll((links) => links.map((a) => a.getAttribute('data-export'))),
      ).toEqual(['orders.csv']);
      await open(server, context, `/t/${shop.slug}/admin/products`, 403);
      const refused = await context.request.get(`${server.baseUrl}/api/t/${shop.slug}/exports/products.csv`);
      expect(refused.status()).toBe(403);
    } finally {
      await context.close();
    }
  });
});
