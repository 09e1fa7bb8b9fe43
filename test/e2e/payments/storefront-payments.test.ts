import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setItemStock } from '../../../db/restaurant/item-stock.ts';
import { requestAs } from '../../support/auth.ts';
import { recordHistory } from '../../support/histories.ts';
import { stripeControl, takeCards } from '../../support/payments.ts';
import { textsTo } from '../../support/line-sandbox.ts';
import {
  boardAction,
  openRestaurant,
  pickupSlots,
  placeEarlier,
  restaurantCustomer,
  teaCheckout,
  type TestRestaurant,
} from '../../support/restaurant-orders.ts';
import { startStack, waitFor, type Stack } from '../../support/stack.ts';

/**
 * Customers paying a restaurant order, end to end through the API, the worker, the LINE sandbox
 * and the Stripe sandbox (the shop's own Connect account): 線上刷卡 by Checkout (a declined card
 * first; a redelivered event changes nothing), 轉帳 with the five digits confirmed by the shop,
 * an unpaid order reminded and let go at the deadline with its stock back, a payment that comes
 * after that refunded, and a paid order the shop cancels refunded. The shop's deadline is its
 * shortest (reminder at 1 minute, deadline at 2), so those orders run side by side.
 */
let stack: Stack;
let shop: TestRestaurant;

const stripe = (method: string, path: string, body?: unknown) => stripeControl(stack, method, path, body);
const owner = (method: string, path: string, body?: unknown) =>
  requestAs(stack.apiUrl, shop.owner, method, `/api/t/${shop.tenant.slug}${path}`, body);
const ordersUrl = () => `/api/shop/${shop.tenant.slug}/restaurant-orders`;
const payment = (orderNumber: string) =>
  stack.db.orderPayment.findFirstOrThrow({ where: { tenantId: shop.tenant.id, order: { number: orderNumber } } });
const eventsOf = (orderNumber: string, type: string) =>
  stack.db.orderEvent.findMany({ where: { tenantId: shop.tenant.id, type, order: { number: orderNumber } } });
const sessionIdOf = (url: string) => url.split('/').at(-1)!;

async function placeOrder(paymentMethod: string, extra: Record<string, unknown> = {}) {
  const customer = await restaurantCustomer(stack, shop);
  const [slot] = await pickupSlots(stack, shop);
  const placed = await customer.browser.call('POST', ordersUrl(), teaCheckout(shop, slot!.start, { payment: paymentMethod, ...extra }));
  expect(placed.status).toBe(201);
  return { ...customer, number: placed.body!.orderNumber as string, payUrl: placed.body!.payUrl as string | null };
}

beforeAll(async () => {
  stack = await startStack({ stripe: true });
  shop = await openRestaurant(stack, '2300001301');
  await takeCards(stack, shop.owner, shop.tenant, {
    pickup: ['cash', 'transfer', 'card'],
    bankCode: '812',
    bankAccount: '001234567890',
    accountName: '茶飲小舖',
    reminderMinutes: [1],
    payWithinMinutes: 2,
  });
}, 180_000);
afterAll(() => stack?.stop());

describe('paying for a restaurant order', () => {
  it('offers the ways the shop allows for the pickup method, and refuses another', async () => {
    const customer = await restaurantCustomer(stack, shop);
    const [slot] = await pickupSlots(stack, shop);
    const { submitId: _s, ...quote } = teaCheckout(shop, slot!.start);
    const priced = await customer.browser.call('POST', `${ordersUrl()}/quote`, quote);
    expect(priced.body!.payment).toEqual({
      methods: ['cash', 'transfer', 'card'],
      transferAccount: { bankCode: '812', bankAccount: '001234567890', accountName: '茶飲小舖' },
    });
    const refused = await customer.browser.call('POST', ordersUrl(), {
      ...teaCheckout(shop, slot!.start, { payment: 'card' }),
      method: 'delivery',
      delivery: { address: '台北市信義區松仁路 100 號' },
    });
    expect(refused.status).toBe(400);
    expect(refused.body!.fields).toMatchObject({ payment: '這個取餐方式不能用線上刷卡付款' });
  });

  it('takes a card through Checkout after a decline; a redelivered event changes nothing', async () => {
    const { browser, number, payUrl } = await placeOrder('card');
    expect(payUrl).toMatch(/\/c\/pay\/cs_test_/);
    const sessionId = sessionIdOf(payUrl!);
    const page = await browser.call('GET', `/api/shop/${shop.tenant.slug}/orders/${number}`);
    expect(page.body!.payment).toMatchObject({ method: 'card', status: 'unpaid', amount: 70 });
    // The card is declined: nothing changes, and 前往付款 opens the same page again.
    expect((await stripe('POST', `/_sandbox/checkout/sessions/${sessionId}/complete`, { outcome: 'decline' })).status).toBe(402);
    expect((await payment(number)).status).toBe('unpaid');
    const again = await browser.call('POST', `/api/shop/${shop.tenant.slug}/orders/${number}/pay`, {});
    expect(again.body).toEqual({ url: payUrl });
    // Paid: Stripe's event on the shop's account marks the order paid.
    expect((await stripe('POST', `/_sandbox/checkout/sessions/${sessionId}/complete`, { outcome: 'pay' })).status).toBe(200);
    await waitFor('paid', async () => (await payment(number)).status === 'paid');
    const events = await stripe('GET', '/_sandbox/events?type=checkout.session.completed');
    const event = (events.body as unknown as { id: string; data: { object: { id: string } } }[]).find(
      (e) => e.data.object.id === sessionId,
    )!;
    await stripe('POST', `/_sandbox/events/${event.id}/resend`);
    await waitFor('redelivery stored', async () =>
      (await stack.db.stripeWebhookEvent.findFirst({ where: { eventId: event.id, dispatchedAt: { not: null } } })) !== null,
    );
    expect(await eventsOf(number, 'payment_received')).toHaveLength(1);
    const paid = await browser.call('POST', `/api/shop/${shop.tenant.slug}/orders/${number}/pay`, {});
    expect(paid).toMatchObject({ status: 409, body: { code: 'payment_paid' } });
  });

  it('takes a transfer with its five digits, confirmed once by the shop and audited', async () => {
    const { browser, number } = await placeOrder('transfer');
    const page = await browser.call('GET', `/api/shop/${shop.tenant.slug}/orders/${number}`);
    expect(page.body!.payment).toMatchObject({
      method: 'transfer',
      status: 'unpaid',
      transferDigits: null,
      transferAccount: { bankCode: '812', bankAccount: '001234567890' },
    });
    const bad = await browser.call('PUT', `/api/shop/${shop.tenant.slug}/orders/${number}/transfer-digits`, { digits: '12a' });
    expect(bad.status).toBe(400);
    const digits = await browser.call('PUT', `/api/shop/${shop.tenant.slug}/orders/${number}/transfer-digits`, { digits: '54321' });
    expect(digits).toEqual({ status: 200, body: { digits: '54321' } });
    const detail = await owner('GET', `/orders/${number}/detail`);
    expect(detail.body.payment).toMatchObject({ method: 'transfer', status: 'unpaid', transferDigits: '54321' });
    expect((await owner('POST', `/orders/${number}/payment/transfer-received`, {})).status).toBe(200);
    expect((await owner('POST', `/orders/${number}/payment/transfer-received`, {})).status).toBe(409);
    expect((await payment(number)).status).toBe('paid');
    const audit = await stack.db.auditLog.findMany({ where: { tenantId: shop.tenant.id, action: 'order.transfer_received' } });
    expect(audit).toHaveLength(1);
  });

  it('refunds a paid order the shop cancels', async () => {
    const { number, payUrl } = await placeOrder('card');
    await stripe('POST', `/_sandbox/checkout/sessions/${sessionIdOf(payUrl!)}/complete`, { outcome: 'pay' });
    await waitFor('paid', async () => (await payment(number)).status === 'paid');
    const order = await stack.db.order.findFirstOrThrow({ where: { tenantId: shop.tenant.id, number } });
    expect((await boardAction(stack, shop, order.id, 'cancel', { reason: '今日食材用完' })).status).toBe(200);
    const refunded = await waitFor('refunded', async () => {
      const row = await payment(number);
      return row.status === 'refunded' ? row : undefined;
    });
    expect(refunded.refundedAmount).toBe(70);
    expect(await eventsOf(number, 'payment_refunded')).toHaveLength(1);
    await stack.temporal.workflow.getHandle(order.workflowId).result();
    await recordHistory(order.workflowId, 'restaurant-order-paid-cancelled-refunded');
  });

  it('refunds part of a card payment by hand, once per form, never more than came, audited', async () => {
    const { number, payUrl } = await placeOrder('card');
    const refund = (body: unknown) => owner('POST', `/orders/${number}/payment/refunds`, body);
    const first = { amount: 30, reason: '珍珠缺貨，改無料', requestId: crypto.randomUUID() };
    // Nothing to give back before the money came.
    expect(await refund(first)).toMatchObject({ status: 409, body: { code: 'not_refundable' } });
    await stripe('POST', `/_sandbox/checkout/sessions/${sessionIdOf(payUrl!)}/complete`, { outcome: 'pay' });
    await waitFor('paid', async () => (await payment(number)).status === 'paid');

    expect(await refund(first)).toEqual({ status: 200, body: { refunded: 30 } });
    // The same form again (its answer lost): the same refund, not a second.
    expect(await refund(first)).toEqual({ status: 200, body: { refunded: 30 } });
    expect(await payment(number)).toMatchObject({ status: 'paid', refundedAmount: 30 });
    const tooMuch = await refund({ ...first, amount: 41, requestId: crypto.randomUUID() });
    expect(tooMuch).toMatchObject({ status: 400, body: { fields: { amount: '最多可退 NT$40' } } });
    const bad = await refund({ amount: 10.5, reason: '', requestId: 'x' });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.fields as object).sort()).toEqual(['amount', 'reason', 'requestId']);
    // The rest: the payment reads refunded, and nothing is left to give.
    expect(await refund({ ...first, amount: 40, requestId: crypto.randomUUID() })).toEqual({
      status: 200,
      body: { refunded: 40 },
    });
    expect(await payment(number)).toMatchObject({ status: 'refunded', refundedAmount: 70 });
    expect((await refund({ ...first, amount: 1, requestId: crypto.randomUUID() })).status).toBe(409);
    expect(await eventsOf(number, 'payment_refunded')).toHaveLength(2);
    // Stripe made two refunds, in TWD's two-decimal units.
    const { paymentIntentId } = await payment(number);
    const refunds = (await stripe('GET', '/_sandbox/refunds')).body as unknown as { amount: number; payment_intent: string }[];
    expect(refunds.filter((r) => r.payment_intent === paymentIntentId).map((r) => r.amount).sort()).toEqual([3000, 4000]);
    const audit = await stack.db.auditLog.findMany({ where: { tenantId: shop.tenant.id, action: 'order.refunded' } });
    expect(audit.map((a) => (a.data as { amount: number }).amount).sort()).toEqual([30, 40]);
  });

  it('reminds an unpaid order, lets it go at the deadline with its stock back, and refunds a payment after that', async () => {
    await stack.db.$transaction((tx) =>
      setItemStock(tx, shop.tenant.id, shop.branchId, shop.tea.id, { quantity: 10, dailyQuantity: 10 }),
    );
    // Placed 1 minute 50 seconds ago, with 付款提醒 at 1 minute and the deadline at 2: the
    // reminder is due at once and the deadline in ten seconds.
    const ago = 110_000;
    const unpaid = await placeEarlier(stack, shop, ago, 'card');
    const late = await placeEarlier(stack, shop, ago, 'card');
    const pay = await late.browser.call('POST', `/api/shop/${shop.tenant.slug}/orders/${late.order.number}/pay`, {});
    const latePayUrl = pay.body!.url as string;
    const stockNow = async () =>
      (await stack.db.branchItemStock.findFirstOrThrow({ where: { branchId: shop.branchId, productId: shop.tea.id } })).quantity;
    expect(await stockNow()).toBe(8);
    // The late one pays before the deadline, but Stripe's event is held until after it.
    await stripe('POST', '/_sandbox/webhook-faults', { hold: true });
    await stripe('POST', `/_sandbox/checkout/sessions/${sessionIdOf(latePayUrl)}/complete`, { outcome: 'pay' });
    const reminder = await waitFor(
      'payment reminder',
      async () => (await textsTo(stack, shop.tenant, unpaid.lineUserId)).find((text) => text.includes('尚未完成付款')),
    );
    expect(reminder).toContain(unpaid.order.number);
    const cancelled = await waitFor(
      'cancelled at the deadline',
      async () => {
        const rows = await stack.db.order.findMany({
          where: { tenantId: shop.tenant.id, number: { in: [unpaid.order.number, late.order.number] }, status: 'cancelled' },
        });
        return rows.length === 2 ? rows : undefined;
      },
      30_000,
    );
    // Not before the deadline: two minutes after the orders were placed.
    expect(Date.now()).toBeGreaterThanOrEqual(unpaid.order.createdAt.getTime() + 2 * 60_000);
    expect(cancelled.map((o) => o.cancelReason)).toEqual(['超過付款期限未付款，訂單已自動取消', '超過付款期限未付款，訂單已自動取消']);
    expect(await stockNow()).toBe(10);
    expect((await payment(unpaid.order.number)).status).toBe('void');
    const unpaidOrder = cancelled.find((o) => o.number === unpaid.order.number)!;
    await stack.temporal.workflow.getHandle(unpaidOrder.workflowId).result();
    await recordHistory(unpaidOrder.workflowId, 'restaurant-order-unpaid-let-go');
    // Stripe's event arrives now: the money goes back and the payment reads refunded.
    await stripe('POST', '/_sandbox/webhook-faults', { hold: false });
    await stripe('POST', '/_sandbox/webhooks/release', { order: 'fifo' });
    const refunded = await waitFor('late payment refunded', async () => {
      const row = await payment(late.order.number);
      return row.status === 'refunded' ? row : undefined;
    });
    expect(refunded.refundedAmount).toBe(70);
  }, 90_000);

  it('refuses a forged Stripe signature and stores nothing', async () => {
    const before = await stack.db.stripeWebhookEvent.count();
    const forged = await fetch(`${stack.apiUrl}/webhooks/stripe`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': `t=${Math.floor(Date.now() / 1000)},v1=${'0'.repeat(64)}` },
      body: JSON.stringify({ id: 'evt_forged', object: 'event', type: 'checkout.session.completed', created: 1, livemode: false, data: { object: {} } }),
    });
    expect(forged.status).toBe(401);
    expect(await stack.db.stripeWebhookEvent.count()).toBe(before);
  });
});
