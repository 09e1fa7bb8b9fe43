import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { joinMember } from '../../../db/members/members.ts';
import { PRIVACY_NOTICE_VERSION } from '../../../domain/members/member-profile.ts';
import { campaignScheduleId } from '../../../domain/promotions/coupon-campaigns.ts';
import { taipeiDayKey } from '../../../domain/taipei-time.ts';
import { launchChromium, sessionCookie } from '../../support/browser.ts';
import { requestAs } from '../../support/auth.ts';
import { createSandboxUser } from '../../support/line-sandbox.ts';
import { openRestaurant, type TestRestaurant } from '../../support/restaurant-orders.ts';
import { startStack, type Stack } from '../../support/stack.ts';
import { PHONE, SCREENSHOTS, hydrated, watchErrors } from '../admin-session.ts';

/**
 * A marketer on a phone edits a coupon already issued (the form comes prefilled; a blank name is
 * refused on the page; the saved coupon shows in the list and the issued one runs to the new
 * end) and a promo code (its used count kept, a total below it refused), then opens a campaign's page, reads its run (who it was for, given, LINE messages) and
 * pauses it: the page says 已暫停 and the Temporal Schedule is paused; 恢復 starts it again.
 * Screenshots in test-results/promotion-edits-*.png.
 */
let stack: Stack;
let browser: Browser;
let shop: TestRestaurant;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  stack = await startStack();
  browser = await launchChromium();
  shop = await openRestaurant(stack, '2200001406');
}, 240_000);
afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close();
  await stack?.stop();
});

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(SCREENSHOTS, `promotion-edits-${name}.png`), fullPage: true });
const admin = (method: string, path: string, body?: unknown) =>
  requestAs(stack.apiUrl, shop.owner, method, `/api/t/${shop.tenant.slug}${path}`, body);

async function birthdayMember(name: string): Promise<string> {
  const customer = await stack.db.customer.create({
    data: { tenantId: shop.tenant.id, lineUserId: await createSandboxUser(stack, name), displayName: name },
  });
  const card = await joinMember(stack.db, shop.tenant.id, customer.id, {
    phone: '0911000333',
    birthday: `1990-${taipeiDayKey(new Date()).slice(4, 6)}-10`,
    gender: 'undisclosed',
    consent: true,
    consentVersion: PRIVACY_NOTICE_VERSION,
  });
  return card.memberId;
}

describe('editing promotions on a phone', () => {
  it('edits an issued coupon and a used promo code, and pauses a campaign', async () => {
    const memberId = await birthdayMember('王小美');
    const coupon = await admin('POST', '/coupons', {
      name: '生日禮 折 50',
      rule: {
        value: { kind: 'amount', amount: 50 },
        scope: { itemIds: null, categoryIds: null, excludedItemIds: [] },
        minSpend: 0,
        stacks: false,
      },
      validDays: null,
      startsAt: null,
      endsAt: '2027-01-31T23:59:00+08:00',
    });
    const couponId = coupon.body.id as string;
    await admin('POST', `/coupons/${couponId}/issue`, {
      requestId: crypto.randomUUID(),
      audience: { memberIds: [memberId] },
    });

    const context = await browser.newContext({ ...PHONE, locale: 'zh-TW' });
    contexts.push(context);
    await context.addCookies([sessionCookie(shop.owner, stack.apiUrl)]);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${stack.apiUrl}/t/${shop.tenant.slug}/admin/promotions/coupons`);
    await page.getByRole('heading', { name: '優惠券管理', level: 1 }).waitFor();
    await hydrated(page);
    const card = page.locator('li[data-coupon="生日禮 折 50"]');
    expect(await card.textContent()).toContain('～ 2027/01/31 23:59');
    await card.getByRole('link', { name: '編輯「生日禮 折 50」' }).click();

    await page.getByRole('heading', { name: '編輯「生日禮 折 50」', level: 1 }).waitFor();
    await hydrated(page);
    const form = page.getByRole('form', { name: '編輯優惠券' });
    // Prefilled with the coupon as it is.
    expect(await form.getByLabel(/優惠券名稱/).inputValue()).toBe('生日禮 折 50');
    expect(await form.getByLabel('折抵金額').isChecked()).toBe(true);
    expect(await form.getByLabel('折抵 NT$').inputValue()).toBe('50');
    expect(await form.getByLabel('結束時間').inputValue()).toBe('2027-01-31T23:59');
    await form.getByText('已發出的 1 張會照新的設定使用').waitFor();
    // A blank name is refused on the page.
    await form.getByLabel(/優惠券名稱/).fill(' ');
    await form.getByRole('button', { name: '儲存變更' }).click();
    await form.getByText('請輸入優惠券名稱').waitFor();
    await form.getByLabel(/優惠券名稱/).fill('生日禮 折 80');
    await form.getByLabel('折抵 NT$').fill('80');
    await form.getByLabel('結束時間').fill('2027-03-31T23:59');
    await shot(page, 'coupon-phone');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await form.getByRole('button', { name: '儲存變更' }).click();

    // Back on the list: the coupon as saved; the one already issued runs to the new end.
    await page.getByRole('heading', { name: '優惠券管理', level: 1 }).waitFor();
    const saved = page.locator('li[data-coupon="生日禮 折 80"]');
    await saved.waitFor();
    expect(await saved.textContent()).toContain('折 NT$80');
    expect(await saved.textContent()).toContain('～ 2027/03/31 23:59');
    expect(await saved.textContent()).toContain('已發 1 張');
    const issued = await stack.db.memberCoupon.findFirstOrThrow({ where: { couponId } });
    expect(issued.validUntil).toEqual(new Date('2027-03-31T15:59:00Z'));

    // A promo code used three times: its edit keeps the count, and a total below it is refused.
    const code = await admin('POST', '/promo-codes', {
      code: 'VIP100',
      label: 'VIP 折 100',
      rule: {
        value: { kind: 'amount', amount: 100 },
        scope: { itemIds: null, categoryIds: null, excludedItemIds: [] },
        minSpend: 500,
        stacks: false,
      },
      startsAt: null,
      endsAt: null,
      totalLimit: 5,
      perCustomerLimit: 1,
    });
    await stack.db.promoCode.update({ where: { id: code.body.id as string }, data: { usedCount: 3 } });
    await page.goto(`${stack.apiUrl}/t/${shop.tenant.slug}/admin/promotions/codes`);
    await page.getByRole('heading', { name: '優惠碼設定', level: 1 }).waitFor();
    await hydrated(page);
    await page.locator('li[data-code="VIP100"]').getByRole('link', { name: '編輯「VIP100」' }).click();
    await page.getByRole('heading', { name: '編輯優惠碼 VIP100', level: 1 }).waitFor();
    await hydrated(page);
    const codeForm = page.getByRole('form', { name: '編輯優惠碼' });
    expect(await codeForm.getByLabel(/優惠碼（/).inputValue()).toBe('VIP100');
    expect(await codeForm.getByLabel('總使用次數').inputValue()).toBe('5');
    await codeForm.getByLabel('總使用次數').fill('2');
    await codeForm.getByRole('button', { name: '儲存變更' }).click();
    await codeForm.getByText('已經用了 3 次，總使用上限不能少於 3').waitFor();
    await codeForm.getByLabel('總使用次數').fill('20');
    await codeForm.getByRole('button', { name: '儲存變更' }).click();
    await page.getByRole('heading', { name: '優惠碼設定', level: 1 }).waitFor();
    await expect.poll(() => page.locator('li[data-code="VIP100"]').textContent()).toContain('已使用 3 / 20 次');

    // A campaign with a run behind it.
    const created = await admin('POST', '/coupon-campaigns', { name: '壽星禮', couponId, kind: 'birthday' });
    const campaignId = created.body.id as string;
    const run = await stack.temporal.workflow.execute('couponCampaignWorkflow', {
      taskQueue: stack.taskQueue,
      workflowId: `coupon-campaign-${campaignId}-by-hand`,
      args: [{ tenantId: shop.tenant.id, campaignId }],
    });
    expect(run).toMatchObject({ audience: 1, issued: 1, lineSent: 1 });
    const schedule = stack.temporal.schedule.getHandle(campaignScheduleId(campaignId));

    await page.goto(`${stack.apiUrl}/t/${shop.tenant.slug}/admin/promotions/campaigns`);
    await page.getByRole('heading', { name: '自動發送設定', level: 1 }).waitFor();
    await hydrated(page);
    await page.locator('li[data-campaign="壽星禮"]').getByRole('link', { name: '壽星禮' }).click();
    await page.getByRole('heading', { name: '壽星禮', level: 1 }).waitFor();
    await hydrated(page);
    const state = page.getByTestId('campaign-state');
    expect(await state.textContent()).toBe('自動發送中');
    const row = page.locator(`li[data-run="${taipeiDayKey(new Date())}"]`);
    const figures = (await row.locator('.figures').innerText()).replace(/\s+/g, ' ');
    expect(figures).toBe('對象 1 本次發出 1 已領過 0 LINE 通知 1 通知失敗 0');
    expect(await row.textContent()).toContain('完成');
    expect(await row.textContent()).toContain(`coupon-campaign-${campaignId}-by-hand`);
    // The edit form is there, prefilled.
    expect(await page.getByRole('form', { name: '編輯自動發送' }).getByLabel('活動名稱').inputValue()).toBe('壽星禮');

    await page.getByRole('button', { name: '暫停' }).click();
    await expect.poll(() => state.textContent()).toBe('已暫停');
    await page.getByText('已暫停：不會執行，也不會發券').waitFor();
    expect((await schedule.describe()).state.paused).toBe(true);
    await shot(page, 'campaign-paused-phone');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    await page.getByRole('button', { name: '恢復' }).click();
    await expect.poll(() => state.textContent()).toBe('自動發送中');
    expect((await schedule.describe()).state.paused).toBe(false);
    expect(errors).toEqual([]);
    await schedule.delete();
  });
});
