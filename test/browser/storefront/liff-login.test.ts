import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumLineHostArgs } from '../../../sandbox/line/tls-front.ts';
import { launchChromium } from '../../support/browser.ts';
import { createSandboxUser, sentMessagesFor, textsOf } from '../../support/line-sandbox.ts';
import { createTestTenant, type TestTenant } from '../../support/shops.ts';
import { startStack, type Stack } from '../../support/stack.ts';
import { withLiff } from '../../support/storefront.ts';
import { SCREENSHOTS } from '../admin-session.ts';
import { customerPhonePage } from './customer-page.ts';

/**
 * A customer opens a +1 shop's page, signs in with LINE through the real @line/liff SDK (which
 * calls https://api.line.me and https://access.line.me by name: Chromium sends those hosts to
 * the LINE sandbox's HTTPS front), and orders, through the whole stack: API, Temporal worker,
 * PostgreSQL. Screenshots in test-results/storefront-*.png.
 */

let stack: Stack;
let browser: Browser;
let shop: TestTenant & { liffId: string };
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  stack = await startStack();
  browser = await launchChromium(chromiumLineHostArgs(stack.sandboxTlsPort));
  shop = await withLiff(
    stack,
    await createTestTenant(stack, {
      products: [
        { code: '261201004', name: '員工試喝', price: 1, stock: -1, isPublic: false },
        { code: '261201003', name: '蜜香紅茶', price: 200, stock: 0 },
        { code: '261201002', name: '冬瓜檸檬', price: 150, stock: 2 },
        { code: '261201001', name: '桂花烏龍', price: 180, stock: -1 },
      ],
    }),
    '2200000001',
  );
}, 240_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close();
  await stack?.stop();
});

const newPage = () => customerPhonePage(browser, contexts);

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(SCREENSHOTS, `storefront-${name}.png`), fullPage: true });

describe("a +1 shop's page in LIFF", () => {
  it('signs the customer in with LINE as the chat knows them, takes an order once, and shows it', async () => {
    const lineUser = await createSandboxUser(stack, '陳小美');
    const page = await newPage();
    await page.goto(`${stack.apiUrl}/shop/${shop.slug}`);
    await page.getByRole('heading', { name: /測試商店/ }).waitFor();
    const cards = page.locator('li.card');
    expect(await cards.locator('h3').allTextContents()).toEqual(['桂花烏龍', '冬瓜檸檬', '蜜香紅茶']);
    expect(await cards.nth(1).textContent()).toContain('剩最後幾件');
    expect(await cards.nth(2).textContent()).toContain('已售完');
    expect(await page.getByRole('button', { name: '下單 蜜香紅茶' }).isDisabled()).toBe(true);
    await shot(page, 'products-phone');

    // One tap: LIFF sends the browser to LINE's login (the sandbox's consent screen).
    await page.getByRole('button', { name: '用 LINE 登入' }).click();
    await page.waitForURL('https://access.line.me/liff/v1/authorize?**');
    await page.getByText('陳小美').click();
    await shot(page, 'line-consent-phone');
    await page.getByRole('button', { name: '許可' }).click();

    // Back on the shop's page, liff.init() redeems the code and the page signs in by itself,
    // then takes LINE's leftovers off the address bar.
    await page.getByText('嗨，陳小美').waitFor();
    expect(new URL(page.url()).search).toBe('');
    await page.getByText('還沒有訂單。').waitFor();
    const customers = await stack.db.customer.findMany({ where: { tenantId: shop.id } });
    expect(customers.map((c) => [c.lineUserId, c.displayName])).toEqual([[lineUser, '陳小美']]);

    // 下單: two of the last two, confirmed with a double tap.
    await page.getByRole('button', { name: '下單 冬瓜檸檬' }).click();
    const sheet = page.getByRole('dialog', { name: '下單：冬瓜檸檬' });
    await sheet.getByRole('button', { name: '多買一件' }).click();
    await sheet.getByText('NT$300').waitFor();
    await sheet.getByRole('button', { name: '確認下單' }).dblclick();
    await sheet.getByText(/訂單成立！訂單編號 \S+，合計 NT\$300。/).waitFor();
    await shot(page, 'order-placed-phone');
    const orders = await stack.db.order.findMany({ where: { tenantId: shop.id }, include: { items: true } });
    expect(orders.map((o) => [o.total, o.items.map((i) => [i.productName, i.allocatedQuantity])])).toEqual([
      [300, [['冬瓜檸檬', 2]]],
    ]);
    // The shop's answer is in their LINE chat too.
    expect(textsOf(await sentMessagesFor(stack, shop, lineUser, 1)).join('\n')).toContain('冬瓜檸檬');

    await sheet.getByRole('button', { name: '關閉' }).click();
    // The page now shows it sold out, and the order in 我的訂單.
    await expect.poll(() => cards.nth(1).textContent()).toContain('已售完');
    const mine = page.getByRole('list', { name: '我的訂單' }).getByRole('listitem');
    await expect.poll(() => mine.count()).toBe(1);
    expect(await mine.first().textContent()).toContain(orders[0]!.number);
    expect(await mine.first().textContent()).toContain('冬瓜檸檬 ×2');
    await shot(page, 'my-orders-phone');

    // The product's page shares LINE's permanent link, which leads back to it through LIFF.
    await page.getByRole('link', { name: '桂花烏龍' }).click();
    await page.getByRole('heading', { name: '桂花烏龍', level: 1 }).waitFor();
    const productUrl = page.url();
    const permanent = `https://liff.line.me/${shop.liffId}/products/${shop.products.get('261201001')!.id}`;
    expect(await page.getByLabel('分享連結').inputValue()).toBe(permanent);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.apiUrl });
    await page.getByRole('button', { name: '分享商品' }).click();
    await page.getByText('連結已複製，貼到聊天室就能分享。').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`桂花烏龍 NT$180\n${permanent}`);
    await shot(page, 'product-phone');
    await page.goto(permanent);
    await page.waitForURL(productUrl);
    await page.getByRole('heading', { name: '桂花烏龍', level: 1 }).waitFor();
    await page.getByText('嗨，陳小美').waitFor();
    await page.getByRole('link', { name: '測試商店', exact: false }).click();

    // The shop's cookie keeps them signed in; signing out ends it.
    await page.reload();
    await page.getByText('嗨，陳小美').waitFor();
    await page.getByRole('button', { name: '登出' }).click();
    await page.getByRole('button', { name: '用 LINE 登入' }).waitFor();
    await page.reload();
    await page.getByRole('button', { name: '用 LINE 登入' }).waitFor();
    expect(page.errors).toEqual([]);

    // 聯絡客服 opens the chat with the shop's official account (LINE itself is not here).
    const chat = page.waitForRequest((request) => request.url().startsWith('https://line.me/R/oaMessage/'));
    await page.getByRole('button', { name: '聯絡客服' }).click();
    expect((await chat).url()).toMatch(/^https:\/\/line\.me\/R\/oaMessage\/%40\w+\/$/);
  });
});
