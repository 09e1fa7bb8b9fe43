import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumLineHostArgs } from '../../../sandbox/line/tls-front.ts';
import { takeCards } from '../../support/payments.ts';
import { launchChromium, sessionCookie } from '../../support/browser.ts';
import { createSandboxUser } from '../../support/line-sandbox.ts';
import { openRestaurant, type TestRestaurant } from '../../support/restaurant-orders.ts';
import { startStack, type Stack } from '../../support/stack.ts';
import { customerBrowser, withLiff } from '../../support/storefront.ts';
import { authConfigOf, signedInMember } from '../../support/auth.ts';
import { redeemablePointRule } from '../../support/members.ts';
import { chatOrder, createTestTenant } from '../../support/shops.ts';
import { grantPoints, pointBalance } from '../../../db/members/point-ledger.ts';
import { joinMember } from '../../../db/members/members.ts';
import { PRIVACY_NOTICE_VERSION } from '../../../domain/members/member-profile.ts';
import { hydrated, open, PHONE, SCREENSHOTS } from '../admin-session.ts';
import { customerPhonePage } from '../storefront/customer-page.ts';

/**
 * A restaurant's customer pays by card in the browser: picks 線上刷卡 at checkout, goes to the
 * Stripe sandbox's hosted Checkout (declined once, then paid), comes back to the order page,
 * which turns to 已付款 by itself when Stripe's event arrives; a "+1" buyer's pay link opens the
 * order's pay step, where a coupon and points come off before Stripe's page. Real processes: API with the
 * built app, worker, LINE and Stripe sandboxes. Screenshots in test-results/payment-*.png.
 */
let stack: Stack;
let browser: Browser;
let shop: TestRestaurant;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  stack = await startStack({ stripe: true });
  browser = await launchChromium(chromiumLineHostArgs(stack.sandboxTlsPort));
  shop = await openRestaurant(stack, '2200000031');
  await takeCards(stack, shop.owner, shop.tenant, { pickup: ['cash', 'card'] });
}, 240_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close();
  await stack?.stop();
});

const everything = { itemIds: null, categoryIds: null, excludedItemIds: [] };

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(SCREENSHOTS, `payment-${name}.png`), fullPage: false });

describe('paying for a restaurant order in the browser', () => {
  it('pays by card through Stripe Checkout and sees 已付款 on the order page', async () => {
    const name = `王先生${String(Date.now()).slice(-4)}`;
    await createSandboxUser(stack, name);
    const page = await customerPhonePage(browser, contexts);

    await page.goto(`https://liff.line.me/${shop.tenant.liffId}`);
    await page.getByRole('link', { name: '在信義店點餐' }).click();
    await page.waitForURL(`${stack.apiUrl}/shop/${shop.tenant.slug}/order/${shop.branchId}`);
    await page.getByRole('button', { name: '滷肉飯 NT$45' }).click();
    const sheet = page.getByRole('dialog', { name: '滷肉飯' });
    await sheet.getByRole('button', { name: /加入購物車/ }).click();
    await sheet.waitFor({ state: 'hidden' });

    const cartBar = page.getByTestId('cart-bar');
    await cartBar.click();
    let checkout = page.getByRole('dialog', { name: '購物車' });
    await checkout.getByLabel('取餐人').fill('王先生');
    await checkout.getByLabel('聯絡電話').fill('0912-345-678');
    await checkout.getByRole('button', { name: '用 LINE 登入後送出訂單' }).click();
    await page.waitForURL('https://access.line.me/liff/v1/authorize?**');
    await page.getByText(name).click();
    await page.getByRole('button', { name: '許可' }).click();
    await page.getByText(`嗨，${name}`).waitFor();
    await cartBar.click();
    checkout = page.getByRole('dialog', { name: '購物車' });

    // The ways this shop takes for 自取: cash and card.
    const methods = checkout.getByTestId('payment-methods');
    await methods.getByRole('radio', { name: '線上刷卡' }).waitFor();
    expect(await methods.getByRole('radio').count()).toBe(2);
    await shot(page, 'checkout-methods-phone');
    await methods.getByRole('radio', { name: '線上刷卡' }).check();
    await checkout.getByText('送出訂單後會前往 Stripe 安全付款頁面刷卡。').waitFor();
    await shot(page, 'checkout-card-phone');
    await checkout.getByRole('button', { name: /送出訂單/ }).click();

    // Stripe's hosted page: declined once, then paid.
    await page.waitForURL(`${stack.stripeUrl}/c/pay/**`);
    await page.getByRole('button', { name: '拒絕（模擬卡片被拒）' }).click();
    await page.getByRole('alert').getByText('您的卡片遭到拒絕').waitFor();
    await shot(page, 'stripe-declined-phone');
    await page.getByRole('button', { name: '付款' }).click();

    await page.waitForURL(/\/orders\/[^/]+\?paid=1$/);
    const status = page.getByTestId('payment-status');
    await expect.poll(() => status.textContent(), { timeout: 20_000 }).toContain('已付款 NT$45');
    await shot(page, 'order-paid-phone');
    const order = await stack.db.order.findFirstOrThrow({
      where: { tenantId: shop.tenant.id },
      include: { payment: true },
    });
    expect(order.payment).toMatchObject({ method: 'card', status: 'paid', amount: 45 });
    expect(page.errors).toEqual([]);

    // The shop sees it paid on the order's page, and its 收款金流設定 per pickup method.
    const admin = await browser.newContext({ ...PHONE, locale: 'zh-TW' });
    contexts.push(admin);
    await admin.addCookies([sessionCookie(shop.owner, stack.apiUrl)]);
    const server = { baseUrl: stack.apiUrl };
    const detail = await open(server, admin, `/t/${shop.tenant.slug}/admin/orders/${encodeURIComponent(order.number)}`);
    await detail.getByTestId('admin-payment').getByText('已付款').waitFor();
    await detail.getByTestId('admin-payment').scrollIntoViewIfNeeded();
    await shot(detail, 'admin-order-paid-phone');
    // 退款 part of it: the amount and a reason, confirmed, and the page shows what went back.
    await detail.getByText('退款', { exact: true }).first().click();
    const refund = detail.getByRole('form', { name: '退款' });
    await refund.getByLabel('退款金額（元）').fill('20');
    await refund.getByLabel('退款原因').fill('少一杯珍珠');
    await shot(detail, 'admin-order-refund-phone');
    detail.once('dialog', (dialog) => void dialog.accept());
    await refund.getByRole('button', { name: '退款' }).click();
    await detail.getByRole('status').filter({ hasText: '已退款 NT$20' }).waitFor();
    await expect
      .poll(
        async () => (await stack.db.orderPayment.findUniqueOrThrow({ where: { orderId: order.id } })).refundedAmount,
      )
      .toBe(20);
    await detail.getByTestId('admin-payment').getByText('NT$20').waitFor();
    const settings = await open(server, admin, `/t/${shop.tenant.slug}/admin/settings/payments`);
    await settings.getByRole('group', { name: '自取' }).getByLabel('線上刷卡').waitFor();
    expect(await settings.getByRole('group', { name: '自取' }).getByLabel('線上刷卡').isChecked()).toBe(true);
    expect(await settings.getByRole('group', { name: '外送' }).getByLabel('線上刷卡').isChecked()).toBe(false);
    await settings.screenshot({ path: join(SCREENSHOTS, 'payment-settings-phone.png'), fullPage: true });
    expect([...detail.errors, ...settings.errors]).toEqual([]);
  });

  it('a "+1" buyer opens the pay link, uses a coupon and points, and pays what is left', async () => {
    // A "+1" shop on the same stack: cards in the chat, 1 point = NT$1 up to half the order.
    const plusOne = await withLiff(
      stack,
      await createTestTenant(stack, { products: [{ code: '261205101', name: '手工皂禮盒', price: 600, stock: 10 }] }),
      '2200000032',
    );
    const owner = await signedInMember(stack.db, authConfigOf(stack.env), plusOne.id, { role: 'owner' });
    await takeCards(stack, owner, plusOne, { shop: ['card'] });
    await redeemablePointRule(stack, plusOne.id, {
      redeemPoints: 1,
      redeemAmount: 1,
      minRedeemPoints: 10,
      maxRedeemPercent: 50,
      maxRedeemAmount: null,
    });
    const { customer: lineUserId, order } = await chatOrder(stack, plusOne, '直播陳小姐');
    const customer = await stack.db.customer.findFirstOrThrow({ where: { tenantId: plusOne.id, lineUserId } });
    const { memberId } = await joinMember(stack.db, plusOne.id, customer.id, {
      phone: '0912000555',
      birthday: null,
      gender: 'female',
      consent: true,
      consentVersion: PRIVACY_NOTICE_VERSION,
    });
    await grantPoints(stack.db, plusOne.id, memberId, { points: 200, key: 'grant:browser', note: '入會禮' });
    const coupon = await stack.db.coupon.create({
      data: {
        tenantId: plusOne.id,
        name: '直播回購折 100',
        rule: { value: { kind: 'amount', amount: 100 }, scope: everything, minSpend: 0, stacks: false },
        validDays: 30,
      },
    });
    await stack.db.memberCoupon.create({
      data: {
        tenantId: plusOne.id,
        couponId: coupon.id,
        memberId,
        issueKey: 'browser',
        validFrom: new Date(Date.now() - 60_000),
      },
    });

    const signedIn = await customerBrowser(stack);
    await signedIn.signIn(plusOne, lineUserId);
    const page = await customerPhonePage(browser, contexts);
    const origin = new URL(stack.apiUrl).origin;
    await page.context().addCookies([...signedIn.cookies].map(([name, value]) => ({ name, value, url: origin })));
    // The link of the chat answer opens the order's page, at its pay step.
    await page.goto(`${stack.apiUrl}/pay/${plusOne.slug}/${order.id}`);
    await page.waitForURL(`${stack.apiUrl}/shop/${plusOne.slug}/orders/${encodeURIComponent(order.number)}`);
    await hydrated(page);
    const step = page.getByTestId('pay-step');
    await step.getByRole('heading', { name: '使用優惠' }).waitFor();
    await step.getByRole('button', { name: '前往付款 NT$600' }).waitFor();
    await step.getByLabel('優惠券').selectOption({ index: 1 });
    await step.getByRole('button', { name: '前往付款 NT$500' }).waitFor();
    await step.getByLabel('使用點數折抵').check();
    // The coupon first (600 − 100), then points on what is left, at most half of it: 200 points here.
    await step.getByRole('button', { name: '前往付款 NT$300' }).waitFor();
    await expect
      .poll(() => step.getByTestId('pay-step-discount').allTextContents())
      .toEqual(['優惠券：直播回購折 100 −NT$100', '點數折抵 200 點 −NT$200']);
    await shot(page, 'plus-one-pay-step-phone');
    await step.getByRole('button', { name: '前往付款 NT$300' }).click();
    await page.waitForURL(`${stack.stripeUrl}/c/pay/**`);
    await page.getByText('總計 NT$300').waitFor();
    await page.getByRole('button', { name: '付款' }).click();
    await page.waitForURL(/\/orders\/[^/]+\?paid=1$/);
    const status = page.getByTestId('payment-status');
    await expect.poll(() => status.textContent(), { timeout: 20_000 }).toContain('已付款 NT$300');
    await page.getByTestId('discount-line').first().waitFor();
    await shot(page, 'plus-one-paid-phone');
    await expect
      .poll(async () => (await stack.db.order.findUniqueOrThrow({ where: { id: order.id } })).status)
      .toBe('paid');
    expect(await pointBalance(stack.db, plusOne.id, memberId)).toBe(0);
    expect(page.errors).toEqual([]);
  });
});
