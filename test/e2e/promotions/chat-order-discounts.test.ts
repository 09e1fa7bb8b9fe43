import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pointBalance } from '../../../db/members/point-ledger.ts';
import { grantPoints } from '../../../db/members/point-ledger.ts';
import { joinMember } from '../../../db/members/members.ts';
import { changeOrderQuantity } from '../../../db/orders/change-order-quantity.ts';
import { PRIVACY_NOTICE_VERSION } from '../../../domain/members/member-profile.ts';
import { authConfigOf, requestAs, signedInMember, type TestMember, type TestSession } from '../../support/auth.ts';
import { redeemablePointRule } from '../../support/members.ts';
import { takeCards } from '../../support/payments.ts';
import { chatOrder, createTestTenant, type TestTenant } from '../../support/shops.ts';
import { startStack, waitFor, type Stack } from '../../support/stack.ts';
import { customerBrowser, withLiff, type CustomerBrowser } from '../../support/storefront.ts';

/**
 * Discounts at a "+1" order's pay step, over the LINE, LIFF and Stripe sandboxes, the API, the
 * database and the order's workflow: the pay link opens the order's page when the customer has
 * something to choose, the page prices their coupon and points by the shared pricing order,
 * 前往付款 keeps them once (the order, its discount lines, the ledger, the payment and the Checkout
 * amount agree), a code's last use goes to one order of many, a cancel gives everything back,
 * and with nothing to choose the link takes the shop's promotion off by itself.
 */

let stack: Stack;
let shop: TestTenant & { liffId: string };
let owner: TestMember & TestSession;

const everything = { itemIds: null, categoryIds: null, excludedItemIds: [] };
const amountOff = (amount: number) => ({
  value: { kind: 'amount', amount },
  scope: everything,
  minSpend: 0,
  stacks: false,
});

beforeAll(async () => {
  stack = await startStack({ stripe: true });
  shop = await withLiff(
    stack,
    await createTestTenant(stack, { products: [{ code: '261205001', name: '手工皂', price: 250, stock: 100 }] }),
    '2300001501',
  );
  owner = await signedInMember(stack.db, authConfigOf(stack.env), shop.id, { role: 'owner' });
  await takeCards(stack, owner, shop, { shop: ['cash', 'card'] });
  // 1 point = NT$1, at least 10 points, at most half of what is left to pay.
  await redeemablePointRule(stack, shop.id, {
    redeemPoints: 1,
    redeemAmount: 1,
    minRedeemPoints: 10,
    maxRedeemPercent: 50,
    maxRedeemAmount: null,
  });
}, 180_000);
afterAll(() => stack?.stop());

/** A customer who bought by "+1" in the chat, signed in on the shop's pages with the same LINE account. */
async function buyer(name: string, text = '+1') {
  const { customer: lineUserId, order } = await chatOrder(stack, shop, name, text);
  const browser = await customerBrowser(stack);
  await browser.signIn(shop, lineUserId);
  const customer = await stack.db.customer.findFirstOrThrow({ where: { tenantId: shop.id, lineUserId } });
  return { lineUserId, order, browser, customerId: customer.id };
}

/** The buyer joins as a member, with points, and is issued a coupon of `couponOff` NT$. */
async function memberBuyer(name: string, phone: string, points: number, couponOff: number) {
  const b = await buyer(name);
  const { memberId } = await joinMember(stack.db, shop.id, b.customerId, {
    phone,
    birthday: null,
    gender: 'female',
    consent: true,
    consentVersion: PRIVACY_NOTICE_VERSION,
  });
  await grantPoints(stack.db, shop.id, memberId, { points, key: `grant:${phone}`, note: '入會禮' });
  const coupon = await stack.db.coupon.create({
    data: { tenantId: shop.id, name: `回購禮折 ${couponOff}`, rule: amountOff(couponOff), validDays: 30 },
  });
  const issued = await stack.db.memberCoupon.create({
    data: {
      tenantId: shop.id,
      couponId: coupon.id,
      memberId,
      issueKey: randomUUID(),
      validFrom: new Date(Date.now() - 60_000),
    },
  });
  return { ...b, memberId, memberCouponId: issued.id };
}

const orderApi = (order: { number: string }) => `/api/shop/${shop.slug}/orders/${encodeURIComponent(order.number)}`;
const payLink = (order: { id: string }) => `${stack.apiUrl}/pay/${shop.slug}/${order.id}`;
const open = async (link: string) => {
  const res = await fetch(link, { redirect: 'manual' });
  return { status: res.status, location: res.headers.get('location') };
};
const sessions = async () =>
  (await (await fetch(`${stack.stripeUrl}/_sandbox/checkout/sessions`)).json()) as {
    id: string;
    status: string;
    amount_total: number;
  }[];
const pay = (browser: CustomerBrowser, order: { number: string }, choices: Record<string, unknown>) =>
  browser.call('POST', `${orderApi(order)}/pay`, choices);

describe('discounts at a "+1" order’s pay step', () => {
  it('opens the pay page, keeps a coupon and points once, and the order, ledger, payment and Checkout agree', async () => {
    const b = await memberBuyer('會員林小姐', '0911000111', 300, 50);
    // The pay link of the chat answer: the customer has a coupon and points, so it opens the order's page.
    const first = await open(payLink(b.order));
    expect(first).toEqual({ status: 303, location: `/shop/${shop.slug}/orders/${encodeURIComponent(b.order.number)}` });
    expect((await b.browser.call('GET', orderApi(b.order))).body).toMatchObject({ discountsOpen: true, total: 250 });
    // A Checkout page opened before for the full amount (from the order page) must not take money later.
    const before = await pay(b.browser, b.order, {});
    expect(before.status).toBe(200);
    const oldSession = (before.body!.url as string).split('/').at(-1)!;

    const quote = await b.browser.call('POST', `${orderApi(b.order)}/discounts/quote`, {});
    expect(quote.body).toMatchObject({
      subtotal: 250,
      total: 250,
      coupons: [{ id: b.memberCouponId, name: '回購禮折 50' }],
      points: { balance: 300, maxPoints: 125 },
      closed: null,
    });
    const chosen = { couponId: b.memberCouponId, usePoints: 100 };
    const priced = await b.browser.call('POST', `${orderApi(b.order)}/discounts/quote`, chosen);
    // The coupon first (250 − 50 = 200), then points on what is left (at most half: 100).
    expect(priced.body).toMatchObject({
      discounts: [
        { source: 'coupon', label: '優惠券：回購禮折 50', amount: 50 },
        { source: 'points', label: '點數折抵 100 點', amount: 100 },
      ],
      total: 100,
    });
    // Someone else's coupon id is not theirs to use.
    const stranger = await buyer('路人王先生');
    const stolen = await pay(stranger.browser, stranger.order, { couponId: b.memberCouponId });
    expect(stolen).toMatchObject({ status: 409, body: { code: 'coupon', reason: 'unknown' } });

    const paid = await pay(b.browser, b.order, chosen);
    expect(paid.status).toBe(200);
    const url = paid.body!.url as string;
    const all = await sessions();
    expect(all.find((s) => s.id === oldSession)?.status).toBe('expired');
    expect(all.find((s) => s.id === url.split('/').at(-1))?.amount_total).toBe(10_000);
    const order = await stack.db.order.findUniqueOrThrow({
      where: { id: b.order.id },
      include: { discounts: { orderBy: { id: 'asc' } }, payment: true },
    });
    expect(order.total).toBe(100);
    expect(order.payment).toMatchObject({ method: 'card', status: 'unpaid', amount: 100 });
    expect(order.discounts).toMatchObject([
      { kind: 'coupon', ref: b.memberCouponId, amount: 50 },
      { kind: 'points', amount: 100 },
    ]);
    expect(await pointBalance(stack.db, shop.id, b.memberId)).toBe(200);
    expect((await stack.db.memberCoupon.findUniqueOrThrow({ where: { id: b.memberCouponId } })).usedCount).toBe(1);

    // The same tap again (a lost answer) takes nothing more and reopens the same Checkout page.
    const again = await pay(b.browser, b.order, chosen);
    expect(again).toMatchObject({ status: 200, body: { url } });
    // Other choices now are refused: the discounts are kept once.
    const changed = await pay(b.browser, b.order, { usePoints: 120 });
    expect(changed).toMatchObject({ status: 409, body: { code: 'discounts_applied' } });
    expect(await pointBalance(stack.db, shop.id, b.memberId)).toBe(200);
    expect((await b.browser.call('GET', orderApi(b.order))).body).toMatchObject({
      discountsOpen: false,
      subtotal: 250,
      total: 100,
      discounts: [{ kind: 'coupon' }, { kind: 'points' }],
    });
    // The pay link now goes straight on to the same Checkout page.
    expect((await open(payLink(b.order))).location).toBe(url);
    // The quantity it was priced on stays (an edit would leave the discounts wrong).
    await expect(
      changeOrderQuantity(stack.db, {
        tenantId: shop.id,
        orderId: b.order.id,
        quantity: 3,
        actor: 'system',
        changeId: randomUUID(),
      }),
    ).rejects.toMatchObject({ code: 'not_editable' });
    // The shop's order page shows the lines too.
    const detail = await requestAs(stack.apiUrl, owner, 'GET', `/api/t/${shop.slug}/orders/${b.order.number}/detail`);
    expect(detail.body.discounts).toMatchObject([
      { kind: 'coupon', amount: 50 },
      { kind: 'points', amount: 100 },
    ]);

    // The shop cancels: the coupon and the points come back, the payment is let go.
    const cancel = await requestAs(stack.apiUrl, owner, 'POST', `/api/t/${shop.slug}/orders/${b.order.number}/status`, {
      to: 'cancelled',
    });
    expect(cancel.status).toBe(200);
    expect(await pointBalance(stack.db, shop.id, b.memberId)).toBe(300);
    expect((await stack.db.memberCoupon.findUniqueOrThrow({ where: { id: b.memberCouponId } })).usedCount).toBe(0);
    await waitFor(
      'the payment let go',
      async () => (await stack.db.orderPayment.findUniqueOrThrow({ where: { orderId: b.order.id } })).status === 'void',
    );
  });

  it('gives a code’s last use to exactly one of 12 "+1" orders', async () => {
    const code = await stack.db.promoCode.create({
      data: { tenantId: shop.id, code: 'LIVE1', label: '直播折 30', rule: amountOff(30), totalLimit: 5, usedCount: 4 },
    });
    const buyers = await Promise.all(Array.from({ length: 12 }, (_, i) => buyer(`搶碼客${i}`)));
    const answers = await Promise.all(buyers.map((b) => pay(b.browser, b.order, { promoCode: 'live1' })));
    const won = answers.filter((a) => a.status === 200);
    const refused = answers.filter((a) => a.status === 409);
    expect(won).toHaveLength(1);
    expect(refused).toHaveLength(11);
    for (const r of refused) expect(r.body).toMatchObject({ code: 'promo_code', reason: 'used_up' });
    expect((await stack.db.promoCode.findUniqueOrThrow({ where: { id: code.id } })).usedCount).toBe(5);
    const winner = buyers[answers.findIndex((a) => a.status === 200)]!;
    const order = await stack.db.order.findUniqueOrThrow({
      where: { id: winner.order.id },
      include: { payment: true },
    });
    expect(order.total).toBe(220);
    expect(order.payment?.amount).toBe(220);
    const url = won[0]!.body!.url as string;
    expect((await sessions()).find((s) => s.id === url.split('/').at(-1))?.amount_total).toBe(22_000);
    // The ones refused still pay the full price, with nothing taken.
    const loser = buyers[answers.findIndex((a) => a.status === 409)]!;
    expect((await stack.db.order.findUniqueOrThrow({ where: { id: loser.order.id } })).total).toBe(250);
    await stack.db.promoCode.delete({ where: { id: code.id } });
  });

  it('with nothing to choose, the pay link takes the running promotion off by itself and goes on to Checkout', async () => {
    const promotion = await stack.db.promotion.create({
      data: {
        tenantId: shop.id,
        name: '週年慶九折',
        rule: { ...amountOff(0), value: { kind: 'percent', percent: 10 } },
      },
    });
    const b = await buyer('路人陳小姐');
    const link = await open(payLink(b.order));
    expect(link.status).toBe(303);
    expect(link.location).toMatch(/\/c\/pay\/cs_test_/);
    const order = await stack.db.order.findUniqueOrThrow({
      where: { id: b.order.id },
      include: { discounts: true, payment: true },
    });
    expect(order.total).toBe(225);
    expect(order.payment?.amount).toBe(225);
    expect(order.discounts).toMatchObject([{ kind: 'promotion', ref: promotion.id, label: '週年慶九折', amount: 25 }]);
    expect((await sessions()).find((s) => s.id === link.location!.split('/').at(-1))?.amount_total).toBe(22_500);
    // Opened again: the same page, nothing taken twice.
    expect((await open(payLink(b.order))).location).toBe(link.location);
    expect(await stack.db.orderDiscount.count({ where: { orderId: b.order.id } })).toBe(1);
    await stack.db.promotion.delete({ where: { id: promotion.id } });
  });

  it('pays an order its discounts cover in full, and moves it to 已支付', async () => {
    const b = await memberBuyer('會員吳先生', '0911000222', 0, 300);
    const answer = await pay(b.browser, b.order, { couponId: b.memberCouponId });
    expect(answer).toMatchObject({ status: 200, body: { url: null, paid: true } });
    await waitFor(
      '已支付',
      async () => (await stack.db.order.findUniqueOrThrow({ where: { id: b.order.id } })).status === 'paid',
    );
    expect(await stack.db.orderPayment.findUniqueOrThrow({ where: { orderId: b.order.id } })).toMatchObject({
      status: 'paid',
      amount: 0,
    });
    expect((await b.browser.call('GET', orderApi(b.order))).body).toMatchObject({ total: 0, discountsOpen: false });
  });

  it('refuses bad choices with a clear answer and keeps nothing', async () => {
    const b = await buyer('路人張先生');
    expect((await pay(b.browser, b.order, { usePoints: -1 })).status).toBe(400);
    expect((await pay(b.browser, b.order, { couponId: 'not-a-coupon' })).status).toBe(400);
    expect((await pay(b.browser, b.order, { extra: 1 })).status).toBe(400);
    const notMember = await pay(b.browser, b.order, { usePoints: 20 });
    expect(notMember).toMatchObject({ status: 409, body: { code: 'points', reason: 'not_a_member' } });
    const unknown = await pay(b.browser, b.order, { promoCode: 'NOPE' });
    expect(unknown).toMatchObject({ status: 409, body: { code: 'promo_code', reason: 'unknown' } });
    expect(await stack.db.orderDiscount.count({ where: { orderId: b.order.id } })).toBe(0);
    expect((await stack.db.order.findUniqueOrThrow({ where: { id: b.order.id } })).total).toBe(250);
    // Signed out, nothing is priced or kept.
    const visitor = await customerBrowser(stack);
    expect((await pay(visitor, b.order, {})).status).toBe(401);
  });
});
