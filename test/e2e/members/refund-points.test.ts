import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestAs } from '../../support/auth.ts';
import { memberWithPoints } from '../../support/members.ts';
import { stripeControl, takeCards } from '../../support/payments.ts';
import {
  boardAction,
  completeOrder,
  openRestaurant,
  pickupSlots,
  teaCheckout,
  type TestRestaurant,
} from '../../support/restaurant-orders.ts';
import { startStack, waitFor, type Stack } from '../../support/stack.ts';

/**
 * A member's points when the shop refunds part of a completed restaurant order by hand, end to
 * end through the API, the worker and the Stripe sandbox: the points earned on the refunded
 * part go (rounded down, in the member's favour), a form sent twice takes them once, and the
 * rest of the refund takes the rest of the order's points.
 */
let stack: Stack;
let shop: TestRestaurant;

beforeAll(async () => {
  stack = await startStack({ stripe: true });
  shop = await openRestaurant(stack, '2300001411');
  await takeCards(stack, shop.owner, shop.tenant, { pickup: ['cash', 'card'] });
  // One point per NT$10: the NT$70 珍珠奶茶 earns 7.
  const rule = await requestAs(stack.apiUrl, shop.owner, 'POST', `/api/t/${shop.tenant.slug}/member-points/rules`, {
    spendPerPoint: 10,
    pointsPerOrder: 0,
    redeemPoints: 10,
    redeemAmount: 1,
    minRedeemPoints: 0,
    maxRedeemPercent: 50,
    expiryDays: 365,
    effectiveFrom: '2026-01-01T00:00:00+08:00',
  });
  expect(rule.status).toBe(201);
}, 180_000);
afterAll(() => stack?.stop());

describe('a refund of a member’s completed order', () => {
  it('takes back the points earned on the refunded part, once per refund', async () => {
    const member = await memberWithPoints(stack, shop, { name: '退款會員', phone: '0933111222', points: 0 });
    const balance = async () =>
      ((await member.browser.call('GET', `/api/shop/${shop.tenant.slug}/member`)).body!.card as { points: number })
        .points;
    const [slot] = await pickupSlots(stack, shop);
    const placed = await member.browser.call(
      'POST',
      `/api/shop/${shop.tenant.slug}/restaurant-orders`,
      teaCheckout(shop, slot!.start, { payment: 'card' }),
    );
    expect(placed.status).toBe(201);
    const number = placed.body!.orderNumber as string;
    const sessionId = (placed.body!.payUrl as string).split('/').at(-1)!;
    await stripeControl(stack, 'POST', `/_sandbox/checkout/sessions/${sessionId}/complete`, { outcome: 'pay' });
    const order = await stack.db.order.findFirstOrThrow({ where: { tenantId: shop.tenant.id, number } });
    await waitFor(
      'paid',
      async () => (await stack.db.orderPayment.findUniqueOrThrow({ where: { orderId: order.id } })).status === 'paid',
    );
    expect((await boardAction(stack, shop, order.id, 'accept', { prepMinutes: 5 })).status).toBe(200);
    await completeOrder(stack, shop, order.id);
    await waitFor('points earned', async () => (await balance()) === 7);

    // NT$30 of 70 back (a topping the kitchen ran out of): 3 of the 7 points go (3.0, not 3.43 up).
    const refund = (body: unknown) =>
      requestAs(stack.apiUrl, shop.owner, 'POST', `/api/t/${shop.tenant.slug}/orders/${number}/payment/refunds`, body);
    const first = { amount: 30, reason: '珍珠缺貨', requestId: crypto.randomUUID() };
    expect(await refund(first)).toEqual({ status: 200, body: { refunded: 30 } });
    expect(await balance()).toBe(4);
    expect(await refund(first)).toEqual({ status: 200, body: { refunded: 30 } });
    expect(await balance()).toBe(4);
    // The rest of the money: the rest of the order's points.
    expect(await refund({ ...first, amount: 40, requestId: crypto.randomUUID() })).toMatchObject({ status: 200 });
    expect(await balance()).toBe(0);

    const page = await requestAs(
      stack.apiUrl,
      shop.owner,
      'GET',
      `/api/t/${shop.tenant.slug}/members/${member.memberId}`,
    );
    expect(
      (page.body.ledger as { kind: string; points: number; orderNumber: string; note: string }[]).map((e) => [
        e.kind,
        e.points,
        e.orderNumber,
        e.note,
      ]),
    ).toEqual([
      ['reverse', -4, number, 'refund'],
      ['reverse', -3, number, 'refund'],
      ['earn', 7, number, null],
      ['adjust', 0, null, '入會禮'],
    ]);
  });
});
