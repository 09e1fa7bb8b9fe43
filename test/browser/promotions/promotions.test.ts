import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { joinMember } from '../../../db/members/members.ts';
import { PRIVACY_NOTICE_VERSION } from '../../../domain/members/member-profile.ts';
import { campaignScheduleId } from '../../../domain/promotions/coupon-campaigns.ts';
import { chromiumLineHostArgs } from '../../../sandbox/line/tls-front.ts';
import { launchChromium, sessionCookie } from '../../support/browser.ts';
import { openRestaurant, restaurantCustomer, type TestRestaurant } from '../../support/restaurant-orders.ts';
import { startStack, type Stack } from '../../support/stack.ts';
import { PHONE, SCREENSHOTS, hydrated, watchErrors } from '../admin-session.ts';
import { customerPhonePage } from '../storefront/customer-page.ts';

/**
 * Discounts on phones: a marketer builds 「飲料 9 折」 in 促銷活動設定, and a customer sees it and
 * a typed promo code as their own lines in the cart sheet, pays the discounted total, and finds
 * the lines again on the order page; a coupon made in 優惠券管理 and issued to every member is
 * picked by a member at checkout, and sent every birthday month from 自動發送設定. Screenshots in test-results/promotions-*.png.
 */
let stack: Stack;
let browser: Browser;
let shop: TestRestaurant;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  stack = await startStack();
  browser = await launchChromium(chromiumLineHostArgs(stack.sandboxTlsPort));
  shop = await openRestaurant(stack, '2200001401');
  const drinks = await stack.db.menuCategory.create({ data: { tenantId: shop.tenant.id, name: '飲料', sortOrder: 0 } });
  await stack.db.product.update({ where: { id: shop.tea.id }, data: { categoryId: drinks.id } });
  await stack.db.promoCode.create({
    data: {
      tenantId: shop.tenant.id,
      code: 'WELCOME10',
      label: '新客折 10 元',
      rule: {
        value: { kind: 'amount', amount: 10 },
        scope: { itemIds: null, categoryIds: null, excludedItemIds: [] },
        minSpend: 0,
        stacks: false,
      },
      perCustomerLimit: 1,
    },
  });
}, 240_000);
afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close();
  await stack?.stop();
});

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(SCREENSHOTS, `promotions-${name}.png`), fullPage: true });

describe('discounts on phones', () => {
  it('a marketer builds a promotion; a customer sees it and a promo code at checkout and on the order', async () => {
    const context = await browser.newContext({ ...PHONE, locale: 'zh-TW' });
    contexts.push(context);
    await context.addCookies([sessionCookie(shop.owner, stack.apiUrl)]);
    const admin = await context.newPage();
    const errors = watchErrors(admin);
    await admin.goto(`${stack.apiUrl}/t/${shop.tenant.slug}/admin/promotions`);
    await admin.getByRole('heading', { name: '促銷活動設定', level: 1 }).waitFor();
    await hydrated(admin);
    await admin.getByText('還沒有促銷活動').waitFor();

    const form = admin.getByRole('form', { name: '新增促銷活動' });
    // A name is needed: refused on the page, nothing sent.
    await form.getByRole('button', { name: '新增活動' }).click();
    await form.getByText('請輸入活動名稱').waitFor();
    await form.getByLabel(/活動名稱/).fill('飲料 9 折');
    await form.getByLabel('打折').check();
    await form.getByLabel(/折扣 %/).fill('10');
    await form.getByLabel('指定分類').check();
    await form.getByLabel('飲料').check();
    expect(await form.locator('.preview').textContent()).toBe('飲料打 9 折，不與其他活動併用');
    await shot(admin, 'new-phone');
    await form.getByRole('button', { name: '新增活動' }).click();
    const card = admin.locator('li[data-promotion="飲料 9 折"]');
    await card.waitFor();
    expect(await card.textContent()).toContain('進行中');
    expect(await card.textContent()).toContain('飲料打 9 折');
    await shot(admin, 'list-phone');
    // Fits the phone: nothing scrolls sideways.
    expect(await admin.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(errors).toEqual([]);

    // A signed-in customer orders two 珍珠奶茶 (NT$70 each with 加珍珠) and types the code.
    const customer = await restaurantCustomer(stack, shop, '陳先生');
    const page = await customerPhonePage(browser, contexts);
    await page
      .context()
      .addCookies([...customer.browser.cookies].map(([name, value]) => ({ name, value, url: stack.apiUrl })));
    await page.goto(`${stack.apiUrl}/order/${shop.tenant.slug}/${shop.branchId}`);
    // A tap before the page is live would go to the server-drawn button and open nothing.
    await hydrated(page);
    await page.getByRole('button', { name: '珍珠奶茶 NT$60' }).click();
    const sheet = page.getByRole('dialog', { name: '珍珠奶茶' });
    await sheet.getByLabel('半糖').check();
    await sheet.getByLabel('加珍珠').check();
    await sheet.getByRole('button', { name: '增加一份' }).click();
    await sheet.getByRole('button', { name: /加入購物車/ }).click();
    await sheet.waitFor({ state: 'hidden' });
    await page.getByTestId('cart-bar').click();
    const checkout = page.getByRole('dialog', { name: '購物車' });
    await checkout.getByLabel('取餐人').fill('陳先生');
    await checkout.getByLabel('聯絡電話').fill('0912-345-678');
    const discounts = checkout.getByTestId('discount-line');
    await expect.poll(() => discounts.allInnerTexts()).toEqual([expect.stringMatching(/飲料 9 折\s+−NT\$14/)]);
    await checkout.getByLabel('優惠碼').fill('nope');
    await checkout.getByRole('button', { name: '套用' }).click();
    await checkout.getByRole('alert').filter({ hasText: '查無此優惠碼' }).waitFor();
    await checkout.getByLabel('優惠碼').fill('welcome10');
    await checkout.getByRole('button', { name: '套用' }).click();
    await checkout.getByText('已套用優惠碼').waitFor();
    expect(await discounts.allInnerTexts()).toEqual([
      expect.stringMatching(/飲料 9 折\s+−NT\$14/),
      expect.stringMatching(/優惠碼 WELCOME10：新客折 10 元\s+−NT\$10/),
    ]);
    expect(await checkout.getByTestId('checkout-total').textContent()).toBe('NT$116');
    await checkout.getByTestId('checkout-total').scrollIntoViewIfNeeded();
    await shot(page, 'checkout-phone');
    await checkout.getByRole('button', { name: /送出訂單.*NT\$116/ }).click();
    await page.waitForURL(/\/orders\/[^/]+\?placed=1$/);
    const order = await stack.db.order.findFirstOrThrow({ where: { tenantId: shop.tenant.id } });
    expect(order.total).toBe(116);

    const lines = page.getByTestId('discount-line');
    await expect.poll(() => lines.count()).toBe(2);
    expect(await lines.allInnerTexts()).toEqual([
      expect.stringMatching(/飲料 9 折\s+−NT\$14/),
      expect.stringMatching(/優惠碼 WELCOME10：新客折 10 元\s+−NT\$10/),
    ]);
    await shot(page, 'order-phone');
    expect(page.errors).toEqual([]);
  }, 180_000);

  it('a marketer makes a coupon and issues it to every member; a member picks it at checkout', async () => {
    const customer = await restaurantCustomer(stack, shop, '會員林太太');
    const { id: customerId } = await stack.db.customer.findFirstOrThrow({
      where: { tenantId: shop.tenant.id, lineUserId: customer.lineUserId },
    });
    await joinMember(stack.db, shop.tenant.id, customerId, {
      phone: '0933222111',
      birthday: null,
      gender: 'female',
      consent: true,
      consentVersion: PRIVACY_NOTICE_VERSION,
    });

    const context = await browser.newContext({ ...PHONE, locale: 'zh-TW' });
    contexts.push(context);
    await context.addCookies([sessionCookie(shop.owner, stack.apiUrl)]);
    const admin = await context.newPage();
    const errors = watchErrors(admin);
    await admin.goto(`${stack.apiUrl}/t/${shop.tenant.slug}/admin/promotions/coupons`);
    await admin.getByRole('heading', { name: '優惠券管理', level: 1 }).waitFor();
    await hydrated(admin);
    const form = admin.getByRole('form', { name: '新增優惠券' });
    await form.getByLabel(/優惠券名稱/).fill('回購禮 折 25');
    await form.getByLabel('折抵金額').check();
    await form.getByLabel('折抵 NT$').fill('25');
    await form.getByRole('button', { name: '新增優惠券' }).click();
    const card = admin.locator('li[data-coupon="回購禮 折 25"]');
    await card.waitFor();
    await card.getByRole('button', { name: '發券' }).click();
    const sheet = admin.getByRole('dialog', { name: '發券：回購禮 折 25' });
    expect(await sheet.getByLabel('選擇標籤').locator('option').allTextContents()).toEqual(['全部會員（1 人）']);
    await sheet.getByRole('button', { name: '預覽' }).click();
    await sheet.getByRole('button', { name: '確認發券' }).click();
    await sheet.getByText('已發出 1 張，0 位已持有而略過').waitFor();
    await sheet.getByText('發券完成').waitFor();
    await sheet.getByRole('button', { name: '關閉' }).click();
    await expect.poll(() => card.textContent()).toContain('已發 1 張 · 已使用 0 次');
    await shot(admin, 'coupons-phone');
    expect(await admin.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(errors).toEqual([]);

    // 自動發送設定: the same coupon every birthday month, on its own Temporal Schedule.
    await admin.goto(`${stack.apiUrl}/t/${shop.tenant.slug}/admin/promotions/campaigns`);
    await admin.getByRole('heading', { name: '自動發送設定', level: 1 }).waitFor();
    await hydrated(admin);
    const campaignForm = admin.getByRole('form', { name: '新增自動發送' });
    await campaignForm.getByLabel('活動名稱').fill('壽星禮');
    await campaignForm.getByLabel('要發的優惠券').selectOption({ label: '回購禮 折 25' });
    await campaignForm.getByLabel('發送時機').selectOption({ label: '生日當月' });
    await campaignForm.getByRole('button', { name: '新增自動發送' }).click();
    const campaign = admin.locator('li[data-campaign="壽星禮"]');
    await campaign.waitFor();
    expect(await campaign.textContent()).toContain('自動發送中');
    expect(await campaign.textContent()).toContain('生日當月發送（每年一張） · 回購禮 折 25');
    await shot(admin, 'campaigns-phone');
    expect(await admin.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const { id: campaignId } = await stack.db.couponCampaign.findFirstOrThrow({ where: { tenantId: shop.tenant.id } });
    await stack.temporal.schedule.getHandle(campaignScheduleId(campaignId)).delete();
    expect(errors).toEqual([]);

    const page = await customerPhonePage(browser, contexts);
    await page
      .context()
      .addCookies([...customer.browser.cookies].map(([name, value]) => ({ name, value, url: stack.apiUrl })));
    // The member finds it under their card (我的優惠券), then picks it at checkout.
    await page.goto(`${stack.apiUrl}/shop/${shop.tenant.slug}/member`);
    const mine = page.getByTestId('member-coupon');
    await mine.waitFor();
    expect(await mine.textContent()).toContain('回購禮 折 25');
    await shot(page, 'member-coupons-phone');
    await page.goto(`${stack.apiUrl}/order/${shop.tenant.slug}/${shop.branchId}`);
    await hydrated(page);
    await page.getByRole('button', { name: '滷肉飯 NT$45' }).click();
    await page
      .getByRole('dialog', { name: '滷肉飯' })
      .getByRole('button', { name: /加入購物車/ })
      .click();
    await page.getByTestId('cart-bar').click();
    const checkout = page.getByRole('dialog', { name: '購物車' });
    await checkout.getByLabel('取餐人').fill('林太太');
    await checkout.getByLabel('聯絡電話').fill('0933-222-111');
    const picker = checkout.getByRole('combobox', { name: /^優惠券/ });
    await picker.waitFor();
    await picker.selectOption({ label: (await picker.locator('option').nth(1).textContent())! });
    const lines = checkout.getByTestId('discount-line');
    await expect.poll(() => lines.allInnerTexts()).toEqual([expect.stringMatching(/優惠券：回購禮 折 25\s+−NT\$25/)]);
    expect(await checkout.getByTestId('checkout-total').textContent()).toBe('NT$20');
    await checkout.getByTestId('checkout-total').scrollIntoViewIfNeeded();
    await shot(page, 'coupon-checkout-phone');
    await checkout.getByRole('button', { name: /送出訂單.*NT\$20/ }).click();
    await page.waitForURL(/\/orders\/[^/]+\?placed=1$/);
    await expect
      .poll(() => page.getByTestId('discount-line').allInnerTexts())
      .toEqual([expect.stringMatching(/優惠券：回購禮 折 25\s+−NT\$25/)]);
    expect(page.errors).toEqual([]);
  }, 180_000);
});
