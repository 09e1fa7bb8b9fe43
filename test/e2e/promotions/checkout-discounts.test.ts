import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { joinMember } from '../../../db/members/members.ts';
import { PRIVACY_NOTICE_VERSION } from '../../../domain/members/member-profile.ts';
import { requestAs } from '../../support/auth.ts';
import {
  boardAction,
  openRestaurant,
  pickupSlots,
  restaurantCustomer,
  teaCheckout,
  type TestRestaurant,
} from '../../support/restaurant-orders.ts';
import { startStack, waitFor, type Stack } from '../../support/stack.ts';
import { customerBrowser } from '../../support/storefront.ts';

/**
 * Discounts at the restaurant checkout over the real API, database and workflow: the quote shows
 * each discount of the pricing order, 送出訂單 charges the discounted total and records what was
 * used, a code's last use raced by 20 customers goes to exactly one order, a coupon issued to a
 * member is redeemed once, and a rejected or cancelled order gives the use back.
 */

let stack: Stack;
let shop: TestRestaurant;

beforeAll(async () => {
  stack = await startStack();
  shop = await openRestaurant(stack, '2300001401');
}, 120_000);
afterAll(() => stack?.stop());

const ordersUrl = `/api/shop/${'{slug}'}/restaurant-orders`;
const url = (path: string) => path.replace('{slug}', shop.tenant.slug);
const everything = { itemIds: null, categoryIds: null, excludedItemIds: [] };

async function promoCode(code: string, amount: number, totalLimit: number | null, usedCount = 0) {
  return stack.db.promoCode.create({
    data: {
      tenantId: shop.tenant.id,
      code,
      label: `折 ${amount}`,
      rule: { value: { kind: 'amount', amount }, scope: everything, minSpend: 0, stacks: false },
      totalLimit,
      usedCount,
    },
  });
}

describe('discounts at the restaurant checkout', () => {
  it('quotes the running promotion, then the code, each as its own line', async () => {
    const promotion = await stack.db.promotion.create({
      data: {
        tenantId: shop.tenant.id,
        name: '開幕全店九折',
        rule: { value: { kind: 'percent', percent: 10 }, scope: everything, minSpend: 0, stacks: false },
        branchIds: [shop.branchId],
      },
    });
    await promoCode('HELLO20', 20, null);
    const [slot] = await pickupSlots(stack, shop);
    const { submitId: _submitId, ...body } = teaCheckout(shop, slot!.start, {
      lines: [{ productId: shop.rice, quantity: 3, choices: {} }],
      promoCode: ' hello20 ',
    });
    const visitor = await customerBrowser(stack);
    const quote = await visitor.call('POST', `${url(ordersUrl)}/quote`, body);
    expect(quote.status).toBe(200);
    // 滷肉飯 NT$45 × 3 = 135; 九折 takes 13 (floored), the code 20 of what is left.
    expect(quote.body).toMatchObject({
      subtotal: 135,
      discounts: [
        { source: 'promotion', id: promotion.id, label: '開幕全店九折', amount: 13 },
        { source: 'code', label: '優惠碼 HELLO20：折 20', amount: 20 },
      ],
      discountTotal: 33,
      total: 102,
      codeRefusal: null,
    });

    const unknown = await visitor.call('POST', `${url(ordersUrl)}/quote`, { ...body, promoCode: 'NOPE' });
    expect(unknown.body).toMatchObject({
      total: 122,
      codeRefusal: { reason: 'unknown', message: '查無此優惠碼' },
    });
    await stack.db.promotion.delete({ where: { id: promotion.id } });
  });

  it('gives a code’s last use to exactly one of 20 customers, and a rejection gives it back', async () => {
    const code = await promoCode('LAST1', 30, 10, 9);
    const slots = await pickupSlots(stack, shop);
    const customers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => restaurantCustomer(stack, shop, `搶券客${i}`)),
    );
    const answers = await Promise.all(
      customers.map((c) =>
        c.browser.call('POST', url(ordersUrl), teaCheckout(shop, slots[1]!.start, { promoCode: 'last1' })),
      ),
    );
    const placed = answers.filter((a) => a.status === 201);
    const refused = answers.filter((a) => a.status === 409);
    expect(placed).toHaveLength(1);
    expect(refused).toHaveLength(19);
    for (const r of refused)
      expect(r.body).toMatchObject({ code: 'promo_code', reason: 'used_up', message: '優惠碼已被使用完畢' });
    expect((await stack.db.promoCode.findUniqueOrThrow({ where: { id: code.id } })).usedCount).toBe(10);

    const number = placed[0]!.body!.orderNumber as string;
    const order = await stack.db.order.findFirstOrThrow({
      where: { tenantId: shop.tenant.id, number },
      include: { discounts: true, payment: true },
    });
    // 珍珠奶茶 (半糖, 加珍珠) NT$70 less the code's 30.
    expect(order.total).toBe(40);
    expect(order.payment?.amount).toBe(40);
    expect(order.discounts).toMatchObject([{ kind: 'code', ref: code.id, label: '優惠碼 LAST1：折 30', amount: 30 }]);
    expect(await stack.db.promoCodeUse.count({ where: { promoCodeId: code.id } })).toBe(1);

    // The customer's order page and the shop's order page show the discount line.
    const winner = customers[answers.findIndex((a) => a.status === 201)]!;
    const page = await winner.browser.call('GET', `/api/shop/${shop.tenant.slug}/orders/${number}`);
    expect(page.body).toMatchObject({
      subtotal: 70,
      discounts: [{ kind: 'code', label: '優惠碼 LAST1：折 30', amount: 30 }],
      total: 40,
    });

    const admin = await requestAs(
      stack.apiUrl,
      shop.owner,
      'GET',
      `/api/t/${shop.tenant.slug}/orders/${number}/detail`,
    );
    expect(admin.body).toMatchObject({
      restaurant: { subtotal: 70, discounts: [{ label: '優惠碼 LAST1：折 30', amount: 30 }], total: 40 },
    });

    const rejected = await boardAction(stack, shop, order.id, 'reject', { reason: '今天珍珠用完了' });
    expect(rejected.status).toBe(200);
    expect((await stack.db.promoCode.findUniqueOrThrow({ where: { id: code.id } })).usedCount).toBe(9);
    expect(await stack.db.promoCodeUse.count({ where: { promoCodeId: code.id } })).toBe(0);
    // The rejected order keeps what it was priced with, as history.
    expect(await stack.db.orderDiscount.count({ where: { orderId: order.id } })).toBe(1);

    const again = await customers[0]!.browser.call(
      'POST',
      url(ordersUrl),
      teaCheckout(shop, slots[2]!.start, { promoCode: 'LAST1' }),
    );
    expect(again.status).toBe(201);
  });

  it('redeems a coupon issued to a member once, in the storefront, and a cancelled order gives it back', async () => {
    const { lineUserId, browser } = await restaurantCustomer(stack, shop, '會員王先生');
    const customer = await stack.db.customer.findFirstOrThrow({ where: { tenantId: shop.tenant.id, lineUserId } });
    const member = await joinMember(stack.db, shop.tenant.id, customer.id, {
      phone: '0922333444',
      birthday: null,
      gender: 'male',
      consent: true,
      consentVersion: PRIVACY_NOTICE_VERSION,
    });
    const admin = (method: string, path: string, body?: unknown) =>
      requestAs(stack.apiUrl, shop.owner, method, `/api/t/${shop.tenant.slug}${path}`, body);

    const created = await admin('POST', '/coupons', {
      name: '生日禮 滷肉飯折 20',
      rule: {
        value: { kind: 'amount', amount: 20 },
        scope: { itemIds: [shop.rice], categoryIds: null, excludedItemIds: [] },
        minSpend: 0,
        stacks: false,
      },
      validDays: 30,
      startsAt: null,
      endsAt: null,
    });
    expect(created.status).toBe(201);
    const couponId = created.body.id as string;
    // One tap issued twice (a retried request) and the same coupon to every member: one each.
    const issue = { requestId: randomUUID(), audience: { memberIds: [member.memberId] }, sendLine: false };
    expect((await admin('POST', `/coupons/${couponId}/issue`, issue)).status).toBe(202);
    expect((await admin('POST', `/coupons/${couponId}/issue`, issue)).status).toBe(200);
    const done = await waitFor('the issue to finish', async () => {
      const progress = await admin('GET', `/coupons/${couponId}/issues/${issue.requestId}`);
      return progress.body.state === 'done' ? progress.body : undefined;
    });
    expect(done).toMatchObject({ members: 1, issued: 1, skipped: 0, sendLine: false, total: 0 });
    const listed = await admin('GET', '/coupons');
    expect(listed.body.coupons).toMatchObject([{ id: couponId, issued: 1, used: 0 }]);

    const slots = await pickupSlots(stack, shop);
    const riceOrder = (extra: Record<string, unknown> = {}) =>
      teaCheckout(shop, slots[3]!.start, { lines: [{ productId: shop.rice, quantity: 2, choices: {} }], ...extra });
    const { submitId: _s, ...quoteBody } = riceOrder();
    const quote = await browser.call('POST', `${url(ordersUrl)}/quote`, quoteBody);
    const coupons = quote.body!.coupons as { id: string; name: string }[];
    expect(coupons).toMatchObject([{ name: '生日禮 滷肉飯折 20' }]);
    const memberCouponId = coupons[0]!.id;
    // Nobody else may use it, even knowing its id.
    const stranger = await restaurantCustomer(stack, shop, '路人');
    const stolen = await stranger.browser.call('POST', url(ordersUrl), riceOrder({ couponId: memberCouponId }));
    expect(stolen).toMatchObject({ status: 409, body: { code: 'coupon', reason: 'unknown' } });

    const placed = await browser.call('POST', url(ordersUrl), riceOrder({ couponId: memberCouponId }));
    expect(placed.status).toBe(201);
    const order = await stack.db.order.findFirstOrThrow({
      where: { tenantId: shop.tenant.id, number: placed.body!.orderNumber as string },
      include: { discounts: true },
    });
    expect(order.total).toBe(90 - 20);
    expect(order.discounts).toMatchObject([
      { kind: 'coupon', ref: memberCouponId, label: '優惠券：生日禮 滷肉飯折 20' },
    ]);
    const again = await browser.call('POST', url(ordersUrl), riceOrder({ couponId: memberCouponId }));
    expect(again).toMatchObject({ status: 409, body: { code: 'coupon', reason: 'used', message: '優惠券已經用過了' } });
    const after = await browser.call('POST', `${url(ordersUrl)}/quote`, quoteBody);
    expect(after.body!.coupons).toEqual([]);

    // The customer cancels before it is accepted: the coupon is theirs to use again.
    const cancel = await browser.call('POST', `/api/shop/${shop.tenant.slug}/orders/${order.number}/cancel`, {
      reason: '臨時有事',
    });
    expect(cancel.status).toBe(200);
    await expect
      .poll(async () => (await stack.db.memberCoupon.findUniqueOrThrow({ where: { id: memberCouponId } })).usedCount)
      .toBe(0);
    expect((await browser.call('POST', url(ordersUrl), riceOrder({ couponId: memberCouponId }))).status).toBe(201);
  });
});
