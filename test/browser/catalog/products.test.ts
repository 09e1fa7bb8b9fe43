import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiServer } from '../../support/api-server.ts';
import { createShop, insertOrder, type Shop } from '../../support/shops.ts';
import {
  DESKTOP,
  PHONE,
  SCREENSHOTS,
  memberBrowser,
  menuLink,
  oneLine,
  openPage,
  startBrowserStack,
  type ContextOptions,
} from '../admin-session.ts';

/**
 * Seed 000's 商品管理 in headless Chromium, against the real server and the built app: create a
 * product with a photo, find it by search and by 庫存不足, edit its price, refuse a disguised
 * photo, and delete a product with orders (hidden instead). Screenshots in test-results/.
 */

let server: ApiServer;
let browser: Browser;
let shop: Shop;
let storageDir: string;
let stack: Awaited<ReturnType<typeof startBrowserStack>> | undefined;
let signedIn: (options: ContextOptions) => Promise<BrowserContext>;
let photo: Buffer;

beforeAll(async () => {
  storageDir = mkdtempSync(join(tmpdir(), 'jiayi-products-'));
  stack = await startBrowserStack('browser-products', { STORAGE_DIR: storageDir });
  ({ server, browser } = stack);
  // The shop's first product (手工草莓果醬, unlimited stock) has an order.
  shop = await createShop(server.db, { slug: 'tea-house', name: '山嵐茶舖', prefix: 'TEAH' });
  await insertOrder(server.db, shop, { status: 'paid' });
  await server.db.product.create({
    data: { tenantId: shop.tenantId, code: '260108002', name: '阿里山高山茶', price: 650, stock: 40, isPublic: false },
  });
  signedIn = await memberBrowser(server, browser, [shop.tenantId], { role: 'owner', displayName: '阿嵐' });
  // A real photo: a 600x400 PNG, green with a lighter band.
  photo = await sharp({ create: { width: 600, height: 400, channels: 3, background: { r: 6, g: 140, b: 70 } } })
    .composite([
      {
        input: await sharp({ create: { width: 600, height: 120, channels: 3, background: '#e8f9ef' } })
          .png()
          .toBuffer(),
        top: 140,
        left: 0,
      },
    ])
    .png()
    .toBuffer();
}, 240_000);

afterAll(async () => {
  await stack?.close();
  if (storageDir) rmSync(storageDir, { recursive: true, force: true });
});

const open = (context: BrowserContext, path: string) => openPage(server, context, path);
const cardNames = (page: Page) => page.locator('li.card h2.name').allInnerTexts();

describe('商品管理 (/t/:tenant/admin/products)', () => {
  let created: { id: string; code: string };

  it('creates a product with a photo (phone), refusing a non-integer price first', async () => {
    const context = await signedIn({ ...PHONE, locale: 'zh-TW' });
    try {
      const page = await open(context, `/t/${shop.slug}/admin/products`);
      expect(await page.title()).toBe('商品管理 · 山嵐茶舖 · 加一');
      expect(await menuLink(page, '商品管理').getAttribute('aria-current')).toBe('page');
      await page.locator('li.card').first().waitFor();
      expect(await cardNames(page)).toEqual(['阿里山高山茶', '手工草莓果醬']);
      const unlimited = oneLine(await page.locator('li.card[data-code="260108001"]').innerText());
      expect(unlimited).toContain('庫存 無限');
      expect(unlimited).toContain('NT$350');
      expect(unlimited).toContain('公開');

      await page.getByRole('link', { name: '+ 新增' }).click();
      await page.getByRole('heading', { level: 1, name: '新增商品' }).waitFor();
      const save = page.getByRole('button', { name: '新增' });
      await expect.poll(() => save.isEnabled()).toBe(true);

      // Nothing typed: the rules speak before anything is sent.
      await save.click();
      await page.getByText('請輸入商品名稱').waitFor();

      await page.locator('input[type=file]').setInputFiles({ name: 'tea.png', mimeType: 'image/png', buffer: photo });
      await page.getByRole('img', { name: '商品圖片預覽' }).waitFor();
      await page.getByLabel('商品名稱').fill('桂花烏龍茶包');
      await page.getByLabel('描述').fill('台灣高山烏龍，加上當季桂花。');
      await page.getByLabel('分類').fill('茶包');
      await page.getByLabel('價格（NT$）').fill('12.5');
      await page.getByLabel('庫存數量').fill('5');
      expect(await page.getByText('輸入 -1 表示無限庫存').count()).toBe(1);
      await save.click();
      await page.getByText('價格必須是整數').waitFor();
      expect(await page.getByLabel('價格（NT$）').getAttribute('aria-invalid')).toBe('true');
      expect(await server.db.product.count({ where: { tenantId: shop.tenantId } })).toBe(2);
      await page.screenshot({ path: join(SCREENSHOTS, 'admin-product-new-phone.png'), fullPage: true });

      await page.getByLabel('價格（NT$）').fill('280');
      await save.click();
      await page.waitForURL(`${server.baseUrl}/t/${shop.slug}/admin/products`);
      await page.getByText('已保存').waitFor();

      const row = await server.db.product.findFirstOrThrow({
        where: { tenantId: shop.tenantId, name: '桂花烏龍茶包' },
      });
      expect(row).toMatchObject({ price: 280, stock: 5, isPublic: true, category: '茶包' });
      expect(row.code).toMatch(/^\d{9}$/);
      expect(row.imageUrl).toBeTruthy();
      created = { id: row.id, code: row.code };

      // In the list: first (newest code), with its thumbnail, code, price and the low-stock mark.
      const card = page.locator(`li.card[data-product-id="${row.id}"]`);
      await card.waitFor();
      expect((await cardNames(page))[0]).toBe('桂花烏龍茶包');
      const text = oneLine(await card.innerText());
      expect(text).toContain(`代碼 ${row.code}`);
      expect(text).toContain('NT$280');
      expect(text).toContain('庫存 5');
      expect(await card.locator('.stock.low .warn').count()).toBe(1);
      const thumb = card.locator('.photo img');
      expect(await thumb.getAttribute('src')).toMatch(/\/240\.jpg$/);
      await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(240);
      await page.screenshot({ path: join(SCREENSHOTS, 'admin-products-phone.png'), fullPage: true });
      expect(page.errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('finds it by instant search and by the 庫存不足 filter', async () => {
    const context = await signedIn({ ...DESKTOP, locale: 'zh-TW' });
    try {
      const page = await open(context, `/t/${shop.slug}/admin/products`);
      await page.locator('li.card').first().waitFor();
      expect(await page.locator('li.card').count()).toBe(3);

      const search = page.getByRole('searchbox', { name: '搜尋商品名稱' });
      await search.pressSequentially('桂花', { delay: 40 });
      await expect.poll(() => cardNames(page)).toEqual(['桂花烏龍茶包']);
      await search.fill('沒有這種茶');
      await page.getByRole('heading', { name: '沒有符合的商品' }).waitFor();
      await search.fill('');
      await expect.poll(() => page.locator('li.card').count()).toBe(3);

      const tab = (name: string) => page.getByRole('group', { name: '篩選商品' }).getByRole('button', { name });
      await tab('庫存不足').click();
      await expect.poll(() => cardNames(page)).toEqual(['桂花烏龍茶包']);
      expect(await tab('庫存不足').getAttribute('aria-pressed')).toBe('true');
      await tab('已停止').click();
      await expect.poll(() => cardNames(page)).toEqual(['阿里山高山茶']);
      await tab('銷售中').click();
      await expect.poll(() => cardNames(page)).toEqual(['桂花烏龍茶包', '手工草莓果醬']);
      await tab('全部').click();
      await expect.poll(() => page.locator('li.card').count()).toBe(3);
      await page.screenshot({ path: join(SCREENSHOTS, 'admin-products-desktop.png'), fullPage: true });
      expect(page.errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('edits the price, shows the code read-only, and refuses a disguised photo in zh-TW', async () => {
    const context = await signedIn({ ...DESKTOP, locale: 'zh-TW' });
    try {
      const page = await open(context, `/t/${shop.slug}/admin/products`);
      await page.getByRole('link', { name: '編輯 桂花烏龍茶包' }).click();
      await page.getByRole('heading', { level: 1, name: '編輯商品' }).waitFor();
      const code = page.getByLabel('商品代碼');
      expect(await code.inputValue()).toBe(created.code);
      expect(await code.getAttribute('readonly')).not.toBeNull();
      expect(await page.getByLabel('商品名稱').inputValue()).toBe('桂花烏龍茶包');
      await page.getByRole('img', { name: '商品圖片預覽' }).waitFor();
      await expect.poll(() => page.getByRole('button', { name: '保存' }).isEnabled()).toBe(true);

      // A text file named .jpg is not a photo, whatever its name says.
      await page.locator('input[type=file]').setInputFiles({
        name: 'photo.jpg',
        mimeType: 'image/jpeg',
        buffer: Buffer.from('this is not a photo, only text pretending to be one'),
      });
      await page.getByText('只支援 JPG 或 PNG 圖片，這個檔案不是圖片').waitFor();
      expect(await page.locator('input[type=file]').getAttribute('aria-invalid')).toBe('true');
      await page.screenshot({ path: join(SCREENSHOTS, 'admin-product-edit-desktop.png'), fullPage: true });

      // The server refuses it too (the browser check is a courtesy, not the guard).
      const refused = await page.evaluate(
        async ({ url }) => {
          const csrf = ((await (await fetch('/api/auth/csrf')).json()) as { csrfToken: string }).csrfToken;
          const response = await fetch(url, {
            method: 'PUT',
            headers: { 'content-type': 'image/jpeg', 'x-csrf-token': csrf },
            body: 'this is not a photo',
          });
          return { status: response.status, body: (await response.json()) as { message: string } };
        },
        { url: `/api/t/${shop.slug}/products/${created.id}/image` },
      );
      expect(refused).toEqual({ status: 400, body: expect.objectContaining({ message: '只接受 JPG 或 PNG 圖片' }) });
      page.errors.length = 0; // Chromium logs that deliberate 400

      await page.getByLabel('價格（NT$）').fill('320');
      await page.getByRole('button', { name: '保存' }).click();
      await page.waitForURL(`${server.baseUrl}/t/${shop.slug}/admin/products`);
      const card = page.locator(`li.card[data-product-id="${created.id}"]`);
      await expect.poll(async () => oneLine(await card.innerText())).toContain('NT$320');
      const row = await server.db.product.findUniqueOrThrow({ where: { id: created.id } });
      expect(row).toMatchObject({ price: 320, code: created.code, stock: 5 });
      expect(row.imageUrl).toBeTruthy();
      expect(page.errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('deleting a product with orders hides it instead, and says so', async () => {
    const context = await signedIn({ ...PHONE, locale: 'zh-TW' });
    try {
      const page = await open(context, `/t/${shop.slug}/admin/products/${shop.productId}`);
      await page.getByRole('heading', { level: 1, name: '編輯商品' }).waitFor();
      const remove = page.getByRole('button', { name: '刪除' });
      await expect.poll(() => remove.isEnabled()).toBe(true);
      let asked = '';
      page.once('dialog', (dialog) => {
        asked = dialog.message();
        void dialog.accept();
      });
      await remove.click();
      await page.getByText('這個商品已有訂單，無法完全刪除，已改為非公開').waitFor();
      expect(asked).toContain('手工草莓果醬');
      expect(await page.getByRole('switch', { name: '公開' }).isChecked()).toBe(false);
      const row = await server.db.product.findUniqueOrThrow({ where: { id: shop.productId } });
      expect(row.isPublic).toBe(false);
      await page.screenshot({ path: join(SCREENSHOTS, 'admin-product-hidden-phone.png'), fullPage: true });

      // A product without orders is really deleted; the list says so.
      await page.goto(`${server.baseUrl}/t/${shop.slug}/admin/products/${created.id}`);
      await expect.poll(() => page.getByRole('button', { name: '刪除' }).isEnabled()).toBe(true);
      page.once('dialog', (dialog) => void dialog.accept());
      await page.getByRole('button', { name: '刪除' }).click();
      await page.waitForURL(`${server.baseUrl}/t/${shop.slug}/admin/products`);
      await page.getByText('商品已刪除').waitFor();
      expect((await server.db.product.findUniqueOrThrow({ where: { id: created.id } })).deletedAt).not.toBeNull();
      expect(await cardNames(page)).toEqual(['阿里山高山茶', '手工草莓果醬']);
      expect(page.errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
  it('when the photo upload fails after creating, says so and stays on the product edit page', async () => {
    const context = await signedIn({ ...PHONE, locale: 'zh-TW' });
    try {
      const page = await open(context, `/t/${shop.slug}/admin/products/new`);
      // The storage answers badly this once (the API's own refusal, as a broken disk would make it).
      await page.route('**/products/*/image', (route) =>
        route.fulfill({
          status: 400,
          contentType: 'application/json',
          body: JSON.stringify({ code: 'not_an_image', message: '圖片檔案已損毀或無法讀取，請換一張 JPG 或 PNG' }),
        }),
      );
      const save = page.getByRole('button', { name: '新增' });
      await expect.poll(() => save.isEnabled()).toBe(true);
      await page.locator('input[type=file]').setInputFiles({ name: 'tea.png', mimeType: 'image/png', buffer: photo });
      await page.getByLabel('商品名稱').fill('東方美人茶');
      await page.getByLabel('價格（NT$）').fill('900');
      await save.click();
      await page.getByText('商品已建立，但圖片上傳失敗：圖片檔案已損毀或無法讀取').waitFor();
      const row = await server.db.product.findFirstOrThrow({ where: { tenantId: shop.tenantId, name: '東方美人茶' } });
      expect(page.url()).toBe(`${server.baseUrl}/t/${shop.slug}/admin/products/${row.id}`);
      expect(row.imageUrl).toBeNull();
      expect(await page.getByLabel('商品代碼').inputValue()).toBe(row.code);
      page.errors.length = 0; // Chromium logs the 400
    } finally {
      await context.close();
    }
  });
  it('a product made from a LINE photo, still without a name, is listed as 未命名 under 已停止', async () => {
    await server.db.product.create({
      data: {
        tenantId: shop.tenantId,
        code: '260108099',
        name: '',
        price: 0,
        stock: -1,
        isPublic: false,
        awaitingDetails: true,
      },
    });
    const context = await signedIn({ ...PHONE, locale: 'zh-TW' });
    try {
      const page = await open(context, `/t/${shop.slug}/admin/products`);
      await page.getByRole('group', { name: '篩選商品' }).getByRole('button', { name: '已停止' }).click();
      const unnamed = '未命名（LINE 照片建立，請補上名稱和價格）';
      await expect.poll(() => cardNames(page)).toContain(unnamed);
      await expect(page.getByRole('link', { name: `編輯 ${unnamed}` }).getAttribute('href')).resolves.toMatch(
        /\/admin\/products\/[0-9a-f-]{36}$/,
      );
      expect(page.errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a sold-out product shows who waits for it (候補), and the owner clears the list on a phone', async () => {
    const product = await server.db.product.create({
      data: { tenantId: shop.tenantId, code: '260108077', name: '限量月餅禮盒', price: 880, stock: 0 },
    });
    for (const [n, name] of ['林小姐', '陳先生'].entries()) {
      const customer = await server.db.customer.create({
        data: { tenantId: shop.tenantId, lineUserId: `Uwait${n}${'0'.repeat(27)}`, displayName: name },
      });
      await server.db.waitlistEntry.create({
        data: {
          tenantId: shop.tenantId,
          productId: product.id,
          customerId: customer.id,
          lineUserId: customer.lineUserId,
          quantity: n + 1,
          joinedEventId: `postback-${n}`,
          joinedAt: new Date(Date.now() - (2 - n) * 60_000),
        },
      });
    }
    const context = await signedIn({ ...PHONE, locale: 'zh-TW' });
    try {
      const page = await open(context, `/t/${shop.slug}/admin/products/${product.id}`);
      const panel = page.getByRole('region', { name: '候補名單' });
      await expect
        .poll(() => panel.locator('li').allInnerTexts())
        .toEqual([expect.stringMatching(/第 1 位\s*林小姐\s*1 件/), expect.stringMatching(/第 2 位\s*陳先生\s*2 件/)]);
      await page.screenshot({ path: join(SCREENSHOTS, 'admin-product-waitlist-phone.png'), fullPage: true });
      page.once('dialog', (dialog) => void dialog.accept());
      await panel.getByRole('button', { name: '清除候補名單' }).click();
      await panel.getByText('已清除 2 位候補').waitFor();
      await panel.getByText('目前沒有人在候補。').waitFor();
      const left = await server.db.waitlistEntry.count({ where: { productId: product.id, status: 'waiting' } });
      expect(left).toBe(0);
      expect(page.errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
