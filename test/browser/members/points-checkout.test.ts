import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pointBalance } from '../../../db/members/point-ledger.ts';
import { launchChromium, sessionCookie } from '../../support/browser.ts';
import { memberWithPoints, redeemablePointRule } from '../../support/members.ts';
import { openRestaurant, type TestRestaurant } from '../../support/restaurant-orders.ts';
import { startStack, type Stack } from '../../support/stack.ts';
import { PHONE, SCREENSHOTS, hydrated, open } from '../admin-session.ts';
import { customerPhonePage } from '../storefront/customer-page.ts';

/**
 * 點數折抵 on phones: the owner caps points at NT$30 an order in 點數規則設定; a signed-in member
 * opens the cart, sees their balance and the most this order takes, turns points on, sees the
 * discount line and the lower total, and places the order; the ledger has the redemption.
 * Screenshots in test-results/members-points-rules-phone.png and members-points-checkout-phone.png.
 */
let stack: Stack;
let browser: Browser;
let shop: TestRestaurant;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  stack = await startStack();
  browser = await launchChromium();
  shop = await openRestaurant(stack, '2200000902');
  // 10 points = NT$1, at most 30% of what is left to pay.
  await redeemablePointRule(stack, shop.tenant.id, {
    redeemPoints: 10,
    redeemAmount: 1,
    minRedeemPoints: 50,
    maxRedeemPercent: 30,
    maxRedeemAmount: null,
  });
}, 240_000);
afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close();
  await stack?.stop();
});

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(SCREENSHOTS, `members-${name}.png`), fullPage: true });

describe('points at checkout on a phone', () => {
  it('the owner caps points per order; a member sees the balance, uses points, and the order carries the discount', async () => {
    const context = await browser.newContext({ ...PHONE, locale: 'zh-TW' });
    contexts.push(context);
    await context.addCookies([sessionCookie(shop.owner, stack.apiUrl)]);
    const admin = await open({ baseUrl: stack.apiUrl }, context, `/t/${shop.tenant.slug}/admin/members/points`);
    await admin.getByRole('heading', { name: '點數規則設定', level: 1 }).waitFor();
    await admin.getByLabel('單筆最多折抵金額（NT$，空白為不限）').fill('30');
    await admin.getByRole('button', { name: '儲存新規則' }).click();
    await admin.getByText('點數規則已儲存，將於生效日起套用').waitFor();
    const current = admin.locator('li.current');
    await expect.poll(() => current.textContent()).toContain('單筆最多折 NT$30');
    await shot(admin, 'points-rules-phone');
    expect(admin.errors).toEqual([]);

    const customer = await memberWithPoints(stack, shop, { name: '點數王小姐', phone: '0955123456', points: 1_200 });
    const { customerId, memberId } = customer;

    const page = await customerPhonePage(browser, contexts);
    const url = new URL(stack.apiUrl);
    await page
      .context()
      .addCookies([...customer.browser.cookies].map(([name, value]) => ({ name, value, url: url.origin })));
    await page.goto(`${stack.apiUrl}/shop/${shop.tenant.slug}/order/${shop.branchId}`);
    await hydrated(page);
    await page.getByRole('button', { name: '滷肉飯 NT$45' }).click();
    const sheet = page.getByRole('dialog', { name: '滷肉飯' });
    await sheet.getByRole('button', { name: '增加一份' }).click();
    await sheet.getByRole('button', { name: '增加一份' }).click();
    await sheet.getByRole('button', { name: /加入購物車/ }).click();
    await sheet.waitFor({ state: 'hidden' });
    await page.getByTestId('cart-bar').click();
    const checkout = page.getByRole('dialog', { name: '購物車' });
    await checkout.getByLabel('取餐人').fill('王小姐');
    await checkout.getByLabel('聯絡電話').fill('0955-123-456');
    await checkout.getByRole('button', { name: /^盡快/ }).click();

    // 滷肉飯 ×3 = NT$135; 30% of it is NT$40, capped at NT$30: 300 of the 1,200 points.
    const points = checkout.getByRole('group', { name: '點數折抵' });
    await points.getByText('目前有 1,200 點').waitFor();
    await points.getByText('這筆最多可用 300 點，折 NT$30').waitFor();
    await points.getByLabel('使用點數折抵').check();
    expect(await points.getByLabel('要折抵的點數').inputValue()).toBe('300');
    const line = checkout.getByTestId('discount-line');
    await expect.poll(() => line.textContent()).toMatch(/點數折抵 300 點\s*−NT\$30/);
    await expect.poll(() => checkout.getByTestId('checkout-total').textContent()).toBe('NT$105');
    await points.getByLabel('要折抵的點數').fill('200');
    await expect.poll(() => checkout.getByTestId('checkout-total').textContent()).toBe('NT$115');
    await points.scrollIntoViewIfNeeded();
    await shot(page, 'points-checkout-phone');

    await checkout.getByRole('button', { name: /送出訂單/ }).click();
    await page.waitForURL(`**/shop/${shop.tenant.slug}/orders/**`);
    const order = await stack.db.order.findFirstOrThrow({
      where: { tenantId: shop.tenant.id, customerId },
      include: { discounts: true },
    });
    expect(order.total).toBe(115);
    expect(order.discounts).toMatchObject([{ kind: 'points', label: '點數折抵 200 點', amount: 20 }]);
    expect(await pointBalance(stack.db, shop.tenant.id, memberId)).toBe(1_000);
    expect(page.errors).toEqual([]);
  });
});
