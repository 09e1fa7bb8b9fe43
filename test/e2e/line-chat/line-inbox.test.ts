import { randomUUID } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startStack, waitFor, type Stack } from '../../support/stack.ts';
import { createSandboxUser, sendChat, sentTo, storeInboxText } from '../../support/line-sandbox.ts';
import { createTestTenant, type TestTenant } from '../../support/shops.ts';

let stack: Stack;
let tenant: TestTenant;

beforeAll(async () => {
  stack = await startStack();
  tenant = await createTestTenant(stack, { products: [{ code: '261122001', name: '手工皂', price: 250, stock: 20 }] });
});
afterAll(() => stack?.stop());

it('every delivered event is stored once and marked dispatched after its workflow started', async () => {
  const customer = await createSandboxUser(stack, '收件匣測試');
  const delivery = await sendChat(stack, tenant, customer, '+1');
  const row = await waitFor('the event is dispatched', async () => {
    const stored = await stack.db.lineWebhookEvent.findUnique({
      where: { tenantId_webhookEventId: { tenantId: tenant.id, webhookEventId: delivery.webhookEventId } },
    });
    return stored?.dispatchedAt ? stored : undefined;
  });
  expect(row.attempts).toBe(1);
  expect(row.lastError).toBeNull();
  await waitFor('the answer', async () => (await sentTo(stack, tenant, customer)).length === 1);
});

it('an event stored just before the server died is dispatched by the next sweep', async () => {
  // As if the API process crashed after answering LINE and before starting the workflow.
  const customer = await createSandboxUser(stack, '當機前的顧客');
  const webhookEventId = await storeInboxText(stack, tenant, {
    userId: customer,
    text: '261122001+2',
    replyToken: 'expired-long-ago',
  });
  const order = await waitFor('the order from the stored event', () =>
    stack.db.order
      .findFirst({ where: { tenantId: tenant.id, sourceEventId: webhookEventId } })
      .then((o) => o ?? undefined),
  );
  expect(order.total).toBe(500);
  // The reply token is long gone, so the answer arrives by push.
  const [message] = await waitFor('the answer', async () => {
    const sent = await sentTo(stack, tenant, customer);
    return sent.length ? sent : undefined;
  });
  expect(message!.kind).toBe('push');
  expect(message!.messages[0]!.text).toContain(order.number);
});

it('a stored event whose timestamp is not a whole number does not hold up the others', async () => {
  // The webhook refuses such timestamps now; rows stored before that must not stop every claim.
  const odd = ['1.5', 'soon'].map((timestamp) => {
    const webhookEventId = `01KODD${randomUUID().replace(/-/g, '').slice(0, 20).toUpperCase()}`;
    return {
      id: uuidv7(),
      tenantId: tenant.id,
      webhookEventId,
      payload: {
        type: 'unfollow',
        mode: 'active',
        timestamp: timestamp === 'soon' ? timestamp : Number(timestamp),
        webhookEventId,
        deliveryContext: { isRedelivery: false },
        source: { type: 'user', userId: `U${'0'.repeat(31)}` },
      },
    };
  });
  await stack.db.lineWebhookEvent.createMany({ data: odd });
  try {
    const customer = await createSandboxUser(stack, '排在怪事件後的顧客');
    await sendChat(stack, tenant, customer, '+1');
    await waitFor('the answer', async () => (await sentTo(stack, tenant, customer)).length === 1);
  } finally {
    await stack.db.lineWebhookEvent.deleteMany({ where: { id: { in: odd.map((row) => row.id) } } });
  }
});
