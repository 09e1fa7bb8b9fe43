import { mkdirSync } from 'node:fs';
import sharp from 'sharp';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchChromium } from '../../support/browser.ts';
import { startStack, waitFor, type Stack } from '../../support/stack.ts';
import { createTestTenant, type TestTenant } from '../../support/shops.ts';

/**
 * The sandbox's chat page as a bound admin's phone: send a product photo, tap it to quote it,
 * and fill in the name and the price line by line; the product goes on sale.
 */

let stack: Stack;
let tenant: TestTenant;
let browser: Browser;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(), launchChromium()]);
  tenant = await createTestTenant(stack, { products: [] });
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

it('an admin sends a photo from the chat page, quotes it with 商品名 and 價格, and the product goes on sale', async () => {
  const admin = tenant.adminLineUserIds[0]!;
  const page = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'zh-TW' });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${stack.sandboxUrl}/`);
  await page.locator(`#user option[value="${admin}"]`).waitFor({ state: 'attached' });
  await page.selectOption('#channel', tenant.channelId);
  await page.selectOption('#user', admin);

  const photo = await sharp({ create: { width: 800, height: 800, channels: 3, background: '#2e86de' } })
    .jpeg()
    .toBuffer();
  await page.getByLabel('傳送照片').setInputFiles({ name: 'shirt.jpg', mimeType: 'image/jpeg', buffer: photo });
  await page.getByText('已建立商品，商品代碼', { exact: false }).waitFor();
  const product = await waitFor('the product', () =>
    stack.db.product.findFirst({ where: { tenantId: tenant.id } }).then((p) => p ?? undefined),
  );
  expect(product).toMatchObject({ isPublic: false, awaitingDetails: true });
  expect(product.imageUrl).not.toBeNull();

  const quoteAndSend = async (text: string) => {
    await page.locator('.row.customer .bubble', { hasText: '[圖片]' }).first().click();
    await expect(page.locator('#quotingText').textContent()).resolves.toBe('引用：[圖片]');
    await page.getByLabel('訊息').fill(text);
    await page.getByRole('button', { name: '傳送' }).click();
  };
  await quoteAndSend('商品名：新款上衣');
  await page.getByText('還缺：價格', { exact: false }).waitFor();
  await quoteAndSend('價格 1500');
  await page.getByText('商品已公開', { exact: false }).waitFor();
  const updated = await stack.db.product.findUniqueOrThrow({ where: { id: product.id } });
  expect(updated).toMatchObject({ name: '新款上衣', price: 1500, isPublic: true, awaitingDetails: false });
  // The quoted photo shows above the quoting message.
  await expect(page.locator('.bubble .quoted').first().textContent()).resolves.toBe('[圖片]');
  mkdirSync('test-results', { recursive: true });
  await page.screenshot({ path: 'test-results/chat-photo-product-phone.png', fullPage: true });
  expect(errors).toEqual([]);
});
