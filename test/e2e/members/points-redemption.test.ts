import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pointBalance, settleOrderPoints } from '../../../db/members/point-ledger.ts';
import { memberWithPoints, redeemablePointRule } from '../../support/members.ts';
import {
  boardAction,
  openRestaurant,
  pickupSlots,
  restaurantCustomer,
  teaCheckout,
  type TestRestaurant,
} from '../../support/restaurant-orders.ts';
import { startStack, type Stack } from '../../support/stack.ts';

/**
 * 點數折抵 at the restaurant checkout over the real API, database and workflow: the quote shows
 * the member's balance and the most the cart takes, 送出訂單 spends the points as a redemption on
 * the ledger, orders racing for one balance never take it below zero, and a cancelled or rejected
 * order gives its points back as a reverse entry.
 */

let stack: Stack;
let shop: TestRestaurant;

beforeAll(async () => {
  stack = await startStack();
  shop = await openRestaurant(stack, '2300001403');
  // 1 point = NT$1, at least 10 points, at most half of what is left to pay.
  await redeemablePointRule(stack, shop.tenant.id, {
    redeemPoints: 1,
    redeemAmount: 1,
    minRedeemPoints: 10,
    maxRedeemPercent: 50,
    maxRedeemAmount: null,
  });
}, 120_000);
afterAll(() => stack?.stop());

const ordersUrl = () => `/api/shop/${shop.tenant.slug}/restaurant-orders`;

const member = (name: string, phone: string, points: number) => memberWithPoints(stack, shop, { name, phone, points });

// 滷肉飯 NT$45 × 3 = 135: half of it is NT$67, i.e. 67 points at most.
const riceOrder = (slotStart: string, extra: Record<string, unknown> = {}) =>
  teaCheckout(shop, slotStart, { lines: [{ productId: shop.rice, quantity: 3, choices: {} }], ...extra });

describe('points redeemed at the restaurant checkout', () => {
  it('quotes the balance and what the cart takes, then spends the points on the ledger with the order', async () => {
    const { browser, memberId } = await member('點數林小姐', '0933000111', 100);
    const [slot] = await pickupSlots(stack, shop);
    const { submitId: _s, ...quote } = riceOrder(slot!.start);
    const offered = await browser.call('POST', `${ordersUrl()}/quote`, quote);
    expect(offered.body).toMatchObject({
      total: 135,
      points: { balance: 100, maxPoints: 67, maxDiscount: 67, used: 0, discount: 0, refusal: null },
    });
    const using = await browser.call('POST', `${ordersUrl()}/quote`, { ...quote, usePoints: 60 });
    expect(using.body).toMatchObject({
      discounts: [{ source: 'points', label: '點數折抵 60 點', amount: 60 }],
      total: 75,
      points: { used: 60, discount: 60 },
    });
    const tooMany = await browser.call('POST', ordersUrl(), riceOrder(slot!.start, { usePoints: 500 }));
    expect(tooMany).toMatchObject({ status: 409, body: { code: 'points', reason: 'not_enough_points' } });

    const placed = await browser.call('POST', ordersUrl(), riceOrder(slot!.start, { usePoints: 60 }));
    expect(placed.status).toBe(201);
    const order = await stack.db.order.findFirstOrThrow({
      where: { tenantId: shop.tenant.id, number: placed.body!.orderNumber as string },
      include: { discounts: true, payment: true },
    });
    expect(order.total).toBe(75);
    expect(order.payment?.amount).toBe(75);
    expect(order.discounts).toMatchObject([{ kind: 'points', label: '點數折抵 60 點', amount: 60 }]);
    expect(await pointBalance(stack.db, shop.tenant.id, memberId)).toBe(40);
    const entries = await stack.db.memberPointEntry.findMany({ where: { memberId, orderId: order.id } });
    expect(entries).toMatchObject([{ kind: 'redeem', points: -60 }]);

    // A customer who is not a member cannot spend points.
    const stranger = await restaurantCustomer(stack, shop, '路人甲');
    const refused = await stranger.browser.call('POST', ordersUrl(), riceOrder(slot!.start, { usePoints: 10 }));
    expect(refused).toMatchObject({ status: 409, body: { code: 'points', reason: 'not_a_member' } });
  });

  it('lets racing orders spend one balance only as far as it goes, and gives cancelled and rejected orders’ points back', async () => {
    const { browser, memberId } = await member('搶點陳先生', '0933000222', 250);
    const slots = await pickupSlots(stack, shop);
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => browser.call('POST', ordersUrl(), riceOrder(slots[1]!.start, { usePoints: 60 }))),
    );
    const placed = answers.filter((a) => a.status === 201);
    const refused = answers.filter((a) => a.status === 409);
    // 250 points pay for four orders of 60; the fifth finds 10 left.
    expect(placed).toHaveLength(4);
    expect(refused).toHaveLength(1);
    expect(refused[0]!.body).toMatchObject({ code: 'points', reason: 'not_enough_points' });
    expect(await pointBalance(stack.db, shop.tenant.id, memberId)).toBe(10);
    const spent = await stack.db.memberPointEntry.count({ where: { memberId, kind: 'redeem' } });
    expect(spent).toBe(4);

    const [first, second] = await Promise.all(
      placed.slice(0, 2).map((p) =>
        stack.db.order.findFirstOrThrow({
          where: { tenantId: shop.tenant.id, number: p.body!.orderNumber as string },
        }),
      ),
    );
    // The customer cancels one before it is accepted; the shop rejects another.
    const cancel = await browser.call('POST', `/api/shop/${shop.tenant.slug}/orders/${first!.number}/cancel`, {
      reason: '臨時有事',
    });
    expect(cancel.status).toBe(200);
    expect((await boardAction(stack, shop, second!.id, 'reject', { reason: '今天滷肉賣完了' })).status).toBe(200);
    await expect.poll(() => pointBalance(stack.db, shop.tenant.id, memberId), { timeout: 15_000 }).toBe(130);
    const back = await stack.db.memberPointEntry.findMany({
      where: { memberId, kind: 'reverse' },
      orderBy: { points: 'asc' },
    });
    expect(back.map((e) => [e.orderId, e.points]).sort()).toEqual(
      [
        [first!.id, 60],
        [second!.id, 60],
      ].sort(),
    );
    // The points come back once, however often the order is looked at again.
    await settleOrderPoints(stack.db, shop.tenant.id, first!.id);
    expect(await pointBalance(stack.db, shop.tenant.id, memberId)).toBe(130);
  });
});
