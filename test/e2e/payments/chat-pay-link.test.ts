import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatOrderWorkflowId } from '../../../domain/workflow-ids.ts';
import { TenantId } from '../../../temporal/search-attributes.ts';
import type { ChatOrderInput } from '../../../workflows/orders/chat-order/workflow.ts';
import { authConfigOf, requestAs, signedInMember, type TestMember, type TestSession } from '../../support/auth.ts';
import { recordHistory } from '../../support/histories.ts';
import { chatOrder, createTestTenant, stockOf, type TestTenant } from '../../support/shops.ts';
import { createSandboxUser, textsTo } from '../../support/line-sandbox.ts';
import { takeCards } from '../../support/payments.ts';
import { startStack, waitFor, type Stack } from '../../support/stack.ts';

/**
 * A "+1" order paid by the link in its chat answer, through the LINE and Stripe sandboxes: the
 * answer carries our pay link when the shop takes cards in the chat, the link opens Stripe's
 * Checkout on the shop's own account (the same session until it is paid), and the payment
 * moves the order to 已支付 once, however often Stripe's event comes. Cancelled by the shop, its
 * money goes back; at a shop that takes only cards, an order never paid is reminded and let go.
 */
let stack: Stack;
let shop: TestTenant;
let owner: TestMember & TestSession;
let cardOnly: TestTenant;

const stripe = (path: string, body: unknown = {}) =>
  fetch(`${stack.stripeUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
const open = async (link: string) => {
  const res = await fetch(link, { redirect: 'manual' });
  return { status: res.status, location: res.headers.get('location') };
};

beforeAll(async () => {
  stack = await startStack({ stripe: true });
  shop = await createTestTenant(stack, { products: [{ code: '261208001', name: '手工皂', price: 250, stock: 20 }] });
  owner = await signedInMember(stack.db, authConfigOf(stack.env), shop.id, { role: 'owner' });
  await takeCards(stack, owner, shop, { shop: ['cash', 'card'] });
  cardOnly = await createTestTenant(stack, { products: [{ code: '261208002', name: '蜂蜜蛋糕', price: 400, stock: 5 }] });
  const cardOnlyOwner = await signedInMember(stack.db, authConfigOf(stack.env), cardOnly.id, { role: 'owner' });
  await takeCards(stack, cardOnlyOwner, cardOnly, { shop: ['card'], reminderMinutes: [1], payWithinMinutes: 2 });
}, 180_000);
afterAll(() => stack?.stop());

describe('a chat order paid by link', () => {
  it('answers with a pay link that opens Checkout, and the payment moves the order to 已支付 once', async () => {
    const { customer, order } = await chatOrder(stack, shop, '陳先生');
    const answer = (await textsTo(stack, shop, customer)).find((text) => text.includes('線上刷卡付款：'));
    const link = `${stack.apiUrl}/pay/${shop.slug}/${order.id}`;
    expect(answer).toContain(link);
    const first = await open(link);
    expect(first.status).toBe(303);
    expect(first.location).toMatch(/\/c\/pay\/cs_test_/);
    // The link reopens the same session while it is unpaid.
    expect((await open(link)).location).toBe(first.location);
    const sessionId = first.location!.split('/').at(-1)!;
    expect((await stripe(`/_sandbox/checkout/sessions/${sessionId}/complete`, { outcome: 'pay' })).status).toBe(200);
    await waitFor('已支付', async () =>
      (await stack.db.order.findUniqueOrThrow({ where: { id: order.id } })).status === 'paid',
    );
    const payment = await stack.db.orderPayment.findUniqueOrThrow({ where: { orderId: order.id } });
    expect(payment).toMatchObject({ method: 'card', status: 'paid', amount: 250 });
    const events = (await (await fetch(`${stack.stripeUrl}/_sandbox/events?type=checkout.session.completed`)).json()) as {
      id: string;
      data: { object: { id: string } };
    }[];
    await stripe(`/_sandbox/events/${events.find((e) => e.data.object.id === sessionId)!.id}/resend`);
    await waitFor('redelivery handled', async () =>
      (await stack.db.stripeWebhookEvent.count({ where: { dispatchedAt: null } })) === 0,
    );
    const paidEvents = await stack.db.orderEvent.count({ where: { orderId: order.id, toStatus: 'paid' } });
    expect(paidEvents).toBe(1);
    // Paid: the link now goes to the order's page.
    expect((await open(link)).location).toBe(`/shop/${shop.slug}/orders/${encodeURIComponent(order.number)}`);

    // The shop cancels the paid order: the card is refunded in full, once, and the shop told.
    const cancel = await requestAs(stack.apiUrl, owner, 'POST', `/api/t/${shop.slug}/orders/${order.number}/status`, {
      to: 'cancelled',
    });
    expect(cancel.status).toBe(200);
    const refunded = await waitFor('refunded', async () => {
      const row = await stack.db.orderPayment.findUniqueOrThrow({ where: { orderId: order.id } });
      return row.status === 'refunded' ? row : undefined;
    });
    expect(refunded.refundedAmount).toBe(250);
    await stack.temporal.workflow.getHandle(order.workflowId).result();
    expect(await stack.db.orderEvent.count({ where: { orderId: order.id, type: 'payment_refunded' } })).toBe(1);
    await recordHistory(order.workflowId, 'chat-order-paid-cancelled-refunded');
  });

  it('reminds an unpaid order of a card-only shop with its pay link, and lets it go at the deadline', async () => {
    const customer = await createSandboxUser(stack, '林小姐');
    const sourceEventId = `unpaid-${Date.now()}`;
    const workflowId = chatOrderWorkflowId(cardOnly.id, sourceEventId);
    // Bought almost two minutes ago (the shop reminds after one and lets go after two), so the
    // reminder is due at once and the deadline seconds later.
    const input: ChatOrderInput = {
      tenantId: cardOnly.id,
      sourceEventId,
      lineUserId: customer,
      replyToken: null,
      command: { kind: 'order', target: { type: 'newest' }, quantity: 2 },
      receivedAtMs: Date.now() - 110_000,
    };
    await stack.temporal.workflow.start('chatOrderWorkflow', {
      workflowId,
      taskQueue: stack.taskQueue,
      args: [input],
      typedSearchAttributes: [{ key: TenantId, value: cardOnly.id }],
    });
    const order = await waitFor('the order row', () =>
      stack.db.order.findFirst({ where: { tenantId: cardOnly.id, sourceEventId } }).then((o) => o ?? undefined),
    );
    expect(await stockOf(stack, cardOnly, '261208002')).toBe(3);
    const link = `${stack.apiUrl}/pay/${cardOnly.slug}/${order.id}`;
    const reminder = await waitFor('the reminder', async () =>
      (await textsTo(stack, cardOnly, customer)).find((text) => text.includes('尚未完成付款')),
    );
    expect(reminder).toContain(link);
    const result = await stack.temporal.workflow.getHandle(workflowId).result();
    expect(result.status).toBe('cancelled');
    expect(await stockOf(stack, cardOnly, '261208002')).toBe(5);
    expect((await stack.db.orderPayment.findUniqueOrThrow({ where: { orderId: order.id } })).status).toBe('void');
    const texts = await textsTo(stack, cardOnly, customer);
    expect(texts.at(-1)).toContain(`訂單 ${order.number}：超過付款期限未付款，訂單已自動取消`);
    // The link says so instead of taking money for an order that is gone.
    const late = await fetch(link);
    expect(await late.text()).not.toContain('cs_test_');
    await recordHistory(workflowId, 'chat-order-unpaid-let-go');
  });

  it('follows the total of an unpaid order: the old Checkout page is closed, a new one asks the new amount', async () => {
    const { order } = await chatOrder(stack, shop, '吳小姐');
    const link = `${stack.apiUrl}/pay/${shop.slug}/${order.id}`;
    const first = await open(link);
    const oldSession = first.location!.split('/').at(-1)!;
    // The customer makes it +2 (an edit in the group changes the total the same way).
    await stack.db.order.update({ where: { id: order.id }, data: { total: 500 } });
    const second = await open(link);
    expect(second.location).not.toBe(first.location);
    const sessions = (await (await fetch(`${stack.stripeUrl}/_sandbox/checkout/sessions`)).json()) as {
      id: string;
      status: string;
      amount_total: number;
    }[];
    expect(sessions.find((x) => x.id === oldSession)?.status).toBe('expired');
    expect(sessions.find((x) => x.id === second.location!.split('/').at(-1))?.amount_total).toBe(50_000);
    expect((await stack.db.orderPayment.findUniqueOrThrow({ where: { orderId: order.id } })).amount).toBe(500);
  });

  it('answers a made-up order with a page, not an error', async () => {
    const missing = await fetch(`${stack.apiUrl}/pay/${shop.slug}/0190a0a0-0000-7000-8000-000000000000`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('找不到這筆訂單');
    expect((await fetch(`${stack.apiUrl}/pay/${shop.slug}/not-an-id`)).status).toBe(404);
  });
});
