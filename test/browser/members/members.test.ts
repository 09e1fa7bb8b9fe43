import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumLineHostArgs } from '../../../sandbox/line/tls-front.ts';
import { authConfigOf, signedInMember } from '../../support/auth.ts';
import { launchChromium, sessionCookie } from '../../support/browser.ts';
import { createSandboxUser } from '../../support/line-sandbox.ts';
import { createTestTenant, type TestTenant } from '../../support/shops.ts';
import { startStack, type Stack } from '../../support/stack.ts';
import { withLiff } from '../../support/storefront.ts';
import { PHONE, SCREENSHOTS, hydrated, watchErrors } from '../admin-session.ts';
import { customerPhonePage } from '../storefront/customer-page.ts';

/**
 * Members in headless Chromium on a phone: a customer signs in with LINE through the real LIFF
 * SDK on the shop's 會員卡 page, reads the privacy notice, joins and sees the card with its QR
 * code and balance; the shop's owner finds them in 會員列表 and opens their page. Screenshots in
 * test-results/members-*.png.
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
    await createTestTenant(stack, { products: [{ code: '261208101', name: '桂花烏龍', price: 180, stock: -1 }] }),
    '2200000901',
  );
}, 240_000);
afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close();
  await stack?.stop();
});

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(SCREENSHOTS, `members-${name}.png`), fullPage: true });

describe('members on a phone', () => {
  it('a customer joins in LIFF with consent and sees the member card; the owner finds them in 會員列表', async () => {
    await createSandboxUser(stack, '林美玲');
    const page = await customerPhonePage(browser, contexts);
    await page.goto(`${stack.apiUrl}/shop/${shop.slug}`);
    await page.getByRole('link', { name: '會員卡與點數' }).click();
    await page.getByRole('heading', { name: '會員卡', level: 1 }).waitFor();
    await page.getByRole('button', { name: '用 LINE 登入' }).click();
    await page.waitForURL('https://access.line.me/liff/v1/authorize?**');
    await page.getByText('林美玲').click();
    await page.getByRole('button', { name: '許可' }).click();
    await page.getByText('嗨，林美玲').waitFor();
    await page.getByRole('heading', { name: /會員個資告知事項/ }).waitFor();
    await hydrated(page);
    await page.getByLabel('手機號碼').fill('0912-345-678');
    await page.getByLabel(/生日/).fill('1990-07-07');
    await page.getByLabel('女性').check();
    const join = page.getByRole('button', { name: '同意並加入會員' });
    expect(await join.isDisabled()).toBe(true);
    await page.getByLabel('我已閱讀並同意上方的個資告知事項').check();
    await shot(page, 'join-phone');
    await join.click();
    const card = page.getByRole('article', { name: '會員卡' });
    await card.waitFor();
    expect(await card.textContent()).toContain('0 點');
    const code = (await card.getAttribute('data-member-code'))!;
    expect(code).toMatch(/^M[2-9A-Z]{10}$/);
    const qr = card.getByRole('img', { name: `會員條碼，會員編號 ${code}` });
    await expect.poll(() => qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    await shot(page, 'card-phone');
    expect(page.errors).toEqual([]);

    const owner = await signedInMember(stack.db, authConfigOf(stack.env), shop.id, { role: 'owner' });
    const context = await browser.newContext({ ...PHONE, locale: 'zh-TW' });
    contexts.push(context);
    await context.addCookies([sessionCookie(owner, stack.apiUrl)]);
    const admin = await context.newPage();
    const errors = watchErrors(admin);
    await admin.goto(`${stack.apiUrl}/t/${shop.slug}/admin/members`);
    await admin.getByRole('heading', { name: '會員列表', level: 1 }).waitFor();
    await hydrated(admin);
    const row = admin.locator('li.card[data-member-id]');
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.first().textContent()).toContain('0912-345-678');
    await admin.getByLabel('性別').selectOption('male');
    await admin.getByRole('button', { name: '查詢' }).click();
    await admin.getByText('沒有符合的會員').waitFor();
    await admin.getByLabel('性別').selectOption('female');
    await admin.getByRole('button', { name: '查詢' }).click();
    await expect.poll(() => row.count()).toBe(1);
    await admin.getByRole('button', { name: '匯出 LINE UID' }).waitFor();
    await shot(admin, 'list-phone');
    await row.first().getByRole('link').click();
    await admin.getByRole('heading', { name: '林美玲', level: 1 }).waitFor();
    await admin.getByText(code).waitFor();
    await shot(admin, 'member-phone');
    expect(errors).toEqual([]);
  });
});
