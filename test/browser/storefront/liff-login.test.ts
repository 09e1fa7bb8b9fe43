import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumLineHostArgs, listenTls } from '../../../sandbox/line/tls-front.ts';
import { startAuthServer, type AuthServer } from '../../support/auth-server.ts';
import { launchChromium } from '../../support/browser.ts';
import { createLiffApp, createSandboxUser } from '../../support/line-sandbox.ts';
import { createTenant } from '../../support/shops.ts';
import { PHONE, SCREENSHOTS } from '../admin-session.ts';
import { buildWebApp } from '../support.ts';

/**
 * A customer opens a shop's page and signs in with LINE through the real @line/liff SDK, which
 * calls https://api.line.me and https://access.line.me by name: Chromium sends those hosts to the
 * LINE sandbox's HTTPS front. Screenshots in test-results/storefront-*.png.
 */

let server: AuthServer;
let browser: Browser;
let webBuild: Awaited<ReturnType<typeof buildWebApp>> | undefined;
let tls: Awaited<ReturnType<typeof listenTls>> | undefined;
const contexts: BrowserContext[] = [];
const SLUG = 'liff-tea';

beforeAll(async () => {
  webBuild = await buildWebApp();
  server = await startAuthServer('browser_storefront');
  tls = await listenTls(server.sandbox.app, 0);
  browser = await launchChromium(chromiumLineHostArgs(tls.port));
}, 240_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close();
  await tls?.close();
  await server?.close();
  webBuild?.remove();
});

async function newPage(): Promise<Page & { errors: string[] }> {
  const context = await browser.newContext({ ...PHONE, locale: 'zh-TW' });
  contexts.push(context);
  const page = (await context.newPage()) as Page & { errors: string[] };
  page.errors = [];
  page.on('pageerror', (error) => page.errors.push(error.message));
  return page;
}

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(SCREENSHOTS, `storefront-${name}.png`), fullPage: true });

describe("a shop's page in LIFF", () => {
  it('shows the products, and signs the customer in with LINE as the chat knows them', async () => {
    const tenant = await createTenant(server.db, SLUG, '阿美手作茶');
    const liffId = await createLiffApp(server, {
      channelId: '2200000001',
      endpointUrl: `${server.baseUrl}/shop/${SLUG}`,
    });
    await server.db.tenant.update({ where: { id: tenant.id }, data: { liffId } });
    const products = [
      { code: '261201001', name: '桂花烏龍', price: 180, stock: -1 },
      { code: '261201002', name: '冬瓜檸檬', price: 150, stock: 2 },
      { code: '261201003', name: '蜜香紅茶', price: 200, stock: 0 },
      { code: '261201004', name: '員工試喝', price: 1, stock: -1, isPublic: false },
    ];
    for (const [index, p] of products.entries())
      await server.db.product.create({
        data: { tenantId: tenant.id, ...p, createdAt: new Date(Date.now() - index * 1000) },
      });
    const lineUser = await createSandboxUser(server, '陳小美');

    const page = await newPage();
    await page.goto(`${server.baseUrl}/shop/${SLUG}`);
    await page.getByRole('heading', { name: '阿美手作茶' }).waitFor();
    const cards = page.locator('li.card');
    expect(await cards.locator('h3').allTextContents()).toEqual(['桂花烏龍', '冬瓜檸檬', '蜜香紅茶']);
    await expect.poll(() => cards.nth(1).textContent()).toContain('剩最後幾件');
    expect(await cards.nth(2).textContent()).toContain('已售完');
    await shot(page, 'products-phone');

    // One tap: LIFF sends the browser to LINE's login (the sandbox's consent screen).
    await page.getByRole('button', { name: '用 LINE 登入' }).click();
    await page.waitForURL('https://access.line.me/liff/v1/authorize?**');
    await page.getByText('陳小美').click();
    await shot(page, 'line-consent-phone');
    await page.getByRole('button', { name: '許可' }).click();

    // Back on the shop's page, liff.init() redeems the code and the page signs in by itself.
    await page.getByText('嗨，陳小美').waitFor();
    // LIFF takes the code and state off the address bar.
    expect(new URL(page.url()).search).toBe('');
    await shot(page, 'signed-in-phone');
    const customers = await server.db.customer.findMany({ where: { tenantId: tenant.id } });
    expect(customers.map((c) => [c.lineUserId, c.displayName])).toEqual([[lineUser, '陳小美']]);

    // The shop's cookie keeps them signed in; signing out ends it.
    await page.reload();
    await page.getByText('嗨，陳小美').waitFor();
    await page.getByRole('button', { name: '登出' }).click();
    await page.getByRole('button', { name: '用 LINE 登入' }).waitFor();
    await page.reload();
    await page.getByRole('button', { name: '用 LINE 登入' }).waitFor();
    expect(page.errors).toEqual([]);
  });
});
