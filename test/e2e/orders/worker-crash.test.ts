import { afterAll, beforeAll, expect, it } from 'vitest';
import { orderStateQuery } from '../../../workflows/orders/chat-order/updates.ts';
import { startStack, waitFor, type Stack } from '../../support/stack.ts';
import { createSandboxUser, sendChat, sentTo } from '../../support/line-sandbox.ts';
import { createTestTenant, type TestTenant } from '../../support/shops.ts';

let stack: Stack;
let tenant: TestTenant;

beforeAll(async () => {
  stack = await startStack({ own: true });
  tenant = await createTestTenant(stack, { products: [{ code: '261122001', name: '手工皂', price: 250, stock: 10 }] });
});
afterAll(async () => {
  await fetch(`${stack.sandboxUrl}/_sandbox/faults`, { method: 'DELETE' }).catch(() => {});
  await stack?.stop();
});

it('a worker killed between reserving stock and replying finishes the order once, with one answer', async () => {
  // LINE's reply endpoint hangs: the worker is mid-reply, the message not yet accepted.
  await fetch(`${stack.sandboxUrl}/_sandbox/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ path: '/v2/bot/message/reply', mode: 'hang' }),
  });
  const customer = await createSandboxUser(stack, '當機測試');
  const delivery = await sendChat(stack, tenant, customer, '+2');

  const order = await waitFor('the order is reserved', () =>
    stack.db.order.findFirst({ where: { tenantId: tenant.id, sourceEventId: delivery.webhookEventId } }).then((o) => o ?? undefined),
  );
  await waitFor('the reply is in flight', async () => {
    const held = (await (await fetch(`${stack.sandboxUrl}/_sandbox/faults/held`)).json()) as { held: number };
    return held.held > 0;
  });

  await stack.worker()!.kill('SIGKILL');
  await fetch(`${stack.sandboxUrl}/_sandbox/faults`, { method: 'DELETE' });
  expect(await sentTo(stack, tenant, customer)).toEqual([]);

  await stack.startWorker();
  const [message] = await waitFor('the customer is answered', async () => {
    const sent = await sentTo(stack, tenant, customer);
    return sent.length > 0 ? sent : undefined;
  }, 60_000);
  expect(message!.messages[0]!.text).toContain(order.number);

  const handle = stack.temporal.workflow.getHandle(order.workflowId);
  await waitFor('the workflow has recorded the answer', async () => (await handle.query(orderStateQuery)).customerNotified);
  await new Promise((r) => setTimeout(r, 1000));
  expect(await sentTo(stack, tenant, customer)).toHaveLength(1);
  expect(await stack.db.order.count({ where: { tenantId: tenant.id } })).toBe(1);
  const product = await stack.db.product.findFirstOrThrow({ where: { tenantId: tenant.id } });
  expect(product.stock).toBe(8);
  const notified = await stack.db.orderEvent.count({ where: { orderId: order.id, type: 'customer_notified' } });
  expect(notified).toBe(1);
});
