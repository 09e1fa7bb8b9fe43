import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { takeCards } from '../../support/payments.ts';
import {
  boardAction,
  openRestaurant,
  pickupSlots,
  restaurantCustomer,
  teaCheckout,
  type TestRestaurant,
} from '../../support/restaurant-orders.ts';
import { startStack, waitFor, type Stack } from '../../support/stack.ts';

/**
 * Card payments across crashes, on a stack of this file's own: the worker killed after the
 * customer is charged and before anything moved (the payment is kept, and the order's workflow
 * carries on from it when a worker is back: the shop's cancel refunds it); the API killed while
 * Stripe's event is on its way (Stripe delivers it again; it is kept once). Webhooks held and
 * released in reverse order change nothing either.
 */
let stack: Stack;
let shop: TestRestaurant;

const stripe = (path: string, body: unknown = {}) =>
  fetch(`${stack.stripeUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
const payment = (orderNumber: string) =>
  stack.db.orderPayment.findFirstOrThrow({ where: { tenantId: shop.tenant.id, order: { number: orderNumber } } });

async function cardOrder() {
  const { browser } = await restaurantCustomer(stack, shop);
  const [slot] = await pickupSlots(stack, shop);
  const placed = await browser.call('POST', `/api/shop/${shop.tenant.slug}/restaurant-orders`, teaCheckout(shop, slot!.start, { payment: 'card' }));
  expect(placed.status).toBe(201);
  return { number: placed.body!.orderNumber as string, sessionId: (placed.body!.payUrl as string).split('/').at(-1)! };
}

beforeAll(async () => {
  stack = await startStack({ own: true, stripe: true });
  shop = await openRestaurant(stack, '2300001401');
  await takeCards(stack, shop.owner, shop.tenant, { pickup: ['card'] });
}, 180_000);
afterAll(() => stack?.stop());

describe('card payments across crashes', () => {
  it('keeps a payment made while the worker was down, and refunds it when the shop cancels after', async () => {
    const { number, sessionId } = await cardOrder();
    await stack.worker()!.kill('SIGKILL');
    expect((await stripe(`/_sandbox/checkout/sessions/${sessionId}/complete`, { outcome: 'pay' })).status).toBe(200);
    await waitFor('paid without a worker', async () => (await payment(number)).status === 'paid');
    await stack.startWorker();
    const order = await stack.db.order.findFirstOrThrow({ where: { tenantId: shop.tenant.id, number } });
    expect((await boardAction(stack, shop, order.id, 'cancel', { reason: '臨時公休' })).status).toBe(200);
    const refunded = await waitFor('refunded', async () => {
      const row = await payment(number);
      return row.status === 'refunded' ? row : undefined;
    }, 60_000);
    expect(refunded.refundedAmount).toBe(70);
  });

  it('keeps a payment once when the API dies as Stripe delivers it, and after duplicated, reversed deliveries', async () => {
    const { number, sessionId } = await cardOrder();
    await stripe('/_sandbox/webhook-faults', { hold: true, duplicate: 2 });
    await stripe(`/_sandbox/checkout/sessions/${sessionId}/complete`, { outcome: 'pay' });
    await stack.restartApi();
    await stripe('/_sandbox/webhook-faults', { hold: false, duplicate: 0 });
    await stripe('/_sandbox/webhooks/release', { order: 'reverse' });
    await waitFor('paid', async () => (await payment(number)).status === 'paid');
    const received = await stack.db.orderEvent.count({ where: { type: 'payment_received', order: { number } } });
    expect(received).toBe(1);
  });
});
