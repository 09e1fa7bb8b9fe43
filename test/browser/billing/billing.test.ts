import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../support/browser.ts';
import { createSandboxUser } from '../../support/line-sandbox.ts';
import { startStack, waitFor, type Stack } from '../../support/stack.ts';
import { PHONE, SCREENSHOTS, DESKTOP } from '../admin-session.ts';
import { buildWebApp } from '../support.ts';

/**
 * A new merchant signs up, passes the Stripe sandbox's Checkout (declined once, then paid) and
 * lands in the admin with the trial banner; 付費方案 shows the plan, its trial and invoices, and
 * opens Stripe's portal. Real processes: API with the built app, worker, LINE and Stripe sandboxes.
 */
let stack: Stack;
let browser: Browser;
let webBuild: Awaited<ReturnType<typeof buildWebApp>> | undefined;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  webBuild = await buildWebApp();
  [stack, browser] = await Promise.all([startStack({ stripe: true }), launchChromium()]);
}, 240_000);
afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close();
  await stack?.stop();
  webBuild?.remove();
});

const shot = (page: Page, name: string) => page.screenshot({ path: join(SCREENSHOTS, `billing-${name}.png`), fullPage: true });

describe('Jiayi billing in the browser', () => {
  it('signs up, passes Checkout with its trial, and shows the plan', async () => {
    await createSandboxUser(stack, '陳小芳');
    const context = await browser.newContext({ ...PHONE, locale: 'zh-TW' });
    contexts.push(context);
    const page = (await context.newPage()) as Page;
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));

    await page.goto(`${stack.apiUrl}/sign-up`);
    await page.getByRole('button', { name: '使用 LINE 註冊' }).click();
    await page.waitForURL(`${stack.sandboxUrl}/oauth2/v2.1/authorize?**`);
    await page.getByText('陳小芳').click();
    await page.getByRole('button', { name: '許可' }).click();
    await page.waitForURL('**/sign-up/shop');
    await page.getByLabel('公司／商店名稱').fill('小芳手作坊');
    await page.getByLabel('聯絡電話').fill('0912-345-678');
    await page.getByLabel('商店網址代稱').fill('fang-crafts');
    await page.getByRole('button', { name: '建立商店' }).click();

    // The sandbox's Checkout: the plan, its free trial, one button to pay and one to be declined.
    await page.waitForURL(`${stack.stripeUrl}/c/pay/**`);
    await page.getByText('加一 標準方案 × 1：NT$1,999 / 月').waitFor();
    await page.getByText('免費試用 7 天，今日不扣款').waitFor();
    await shot(page, 'checkout-phone');
    await page.getByRole('button', { name: '拒絕（模擬卡片被拒）' }).click();
    await page.getByRole('alert').getByText('您的卡片遭到拒絕').waitFor();
    await page.getByRole('button', { name: '開始試用' }).click();

    await page.waitForURL('**/t/fang-crafts/admin/orders?checkout=success');
    await page.getByRole('status').getByText('免費試用中，還剩 7 天。').waitFor({ timeout: 90_000 });
    await shot(page, 'trial-banner-phone');
    const tenant = await stack.db.tenant.findUniqueOrThrow({ where: { slug: 'fang-crafts' }, include: { subscription: true } });
    expect(tenant.subscription).toMatchObject({ planCode: 'standard', status: 'trialing', access: 'full' });

    await page.getByRole('link', { name: '前往付費方案' }).click();
    await page.waitForURL('**/t/fang-crafts/admin/billing');
    await page.getByRole('heading', { name: '加一 標準方案' }).first().waitFor();
    await page.getByText('試用還剩 7 天').waitFor();
    await page.getByText('下次扣款：').waitFor();
    await page.locator('[data-panel="invoices"]').getByText('NT$0').waitFor();
    await page.getByRole('heading', { name: /加一 MAX 方案/ }).waitFor();
    await shot(page, 'billing-page-phone');

    await page.getByRole('button', { name: '管理付款與發票' }).click();
    await page.waitForURL(`${stack.stripeUrl}/p/session/**`);
    await page.getByRole('heading', { name: '帳務管理' }).waitFor();
    await page.getByRole('link', { name: '← 返回' }).click();
    await page.waitForURL('**/t/fang-crafts/admin/billing');
    expect(errors).toEqual([]);
  }, 150_000);

  it('opens the shop’s own Stripe account for card payments from 收款金流設定', async () => {
    const page = await contexts[0]!.newPage();
    await page.goto(`${stack.apiUrl}/t/fang-crafts/admin/settings/payments`);
    await page.getByText('還沒有開通。').waitFor();
    await page.getByRole('button', { name: '開通 Stripe 收款' }).click();
    await page.waitForURL(`${stack.stripeUrl}/connect/onboarding/**`);
    await page.getByRole('button', { name: '完成設定' }).click();
    await page.waitForURL('**/t/fang-crafts/admin/settings/payments?onboarding=done');
    // Stripe's account.updated arrives by webhook; the page shows it once it has.
    await waitFor('the account to be ready', async () => {
      await page.reload();
      return (await page.getByText('已開通：可以收線上刷卡').count()) > 0 || undefined;
    });
    await page.getByRole('button', { name: '開啟 Stripe 後台（餘額與撥款）' }).waitFor();
    await shot(page, 'payments-phone');
  });

  it('shows a shop paused for an unpaid subscription, read-only, with the way to pay', async () => {
    const tenant = await stack.db.tenant.findUniqueOrThrow({ where: { slug: 'fang-crafts' } });
    await stack.db.tenantSubscription.update({ where: { tenantId: tenant.id }, data: { access: 'read_only', status: 'unpaid' } });
    const context = await browser.newContext({ ...DESKTOP, locale: 'zh-TW' });
    contexts.push(context);
    // The same person, signed in through the session cookie of the first context.
    await context.addCookies(await contexts[0]!.cookies());
    const page = await context.newPage();
    await page.goto(`${stack.apiUrl}/t/fang-crafts/admin/settings/orders`);
    await page.getByRole('alert').getByText('訂閱尚未付款，後台目前為唯讀').waitFor();
    await page.getByRole('button', { name: '儲存' }).click();
    await waitFor('the refusal', async () => (await page.getByText('後台目前為唯讀（資料都保留著）').count()) > 0 || undefined);
    await shot(page, 'paused-desktop');
  });
});
