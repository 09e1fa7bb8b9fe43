import { afterAll, beforeAll, expect, it } from 'vitest';
import { startStack, waitFor, type Stack } from '../../support/stack.ts';
import { createSandboxUser, sandboxPost, sendChat, sentTo } from '../../support/line-sandbox.ts';
import { createTestTenant, type TestTenant } from '../../support/shops.ts';

let stack: Stack;
let tenant: TestTenant;

beforeAll(async () => {
  stack = await startStack();
  tenant = await createTestTenant(stack, { products: [{ code: '261122001', name: '福袋', price: 999, stock: 50 }] });
});
afterAll(() => stack?.stop());

it(
  '200 customers send "+1" within one second for 50 in stock: 50 sold, none oversold, all answered',
  { timeout: 180_000 },
  async () => {
    const customers = await Promise.all(
      Array.from({ length: 200 }, (_, i) => createSandboxUser(stack, `搶購客${i + 1}`)),
    );

    // All 200 messages leave at once; speed is measured by `npm run bench:plusone`, not here.
    const deliveries = await Promise.all(customers.map((userId) => sendChat(stack, tenant, userId, '+1')));
    expect(deliveries.every((d) => d.status === 200)).toBe(true);

    const answered = await waitFor(
      'every customer answered',
      async () => {
        const counts = await Promise.all(customers.map(async (c) => (await sentTo(stack, tenant, c)).length));
        return counts.every((n) => n >= 1) ? counts : undefined;
      },
      120_000,
    );
    expect(answered.every((n) => n === 1)).toBe(true);

    const product = await stack.db.product.findFirstOrThrow({ where: { tenantId: tenant.id } });
    expect(product.stock).toBe(0);
    const items = await stack.db.orderItem.aggregate({
      where: { tenantId: tenant.id },
      _sum: { allocatedQuantity: true },
    });
    expect(items._sum.allocatedQuantity).toBe(50);
    const orders = await stack.db.order.findMany({
      where: { tenantId: tenant.id },
      select: { number: true, sourceEventId: true },
    });
    expect(orders).toHaveLength(50);
    expect(new Set(orders.map((o) => o.number)).size).toBe(50);

    // No order lost: every event either made an order or got a 售完 answer, never both, never neither.
    const withOrder = new Set(orders.map((o) => o.sourceEventId));
    let soldOutAnswers = 0;
    for (const [i, d] of deliveries.entries()) {
      const [message] = await sentTo(stack, tenant, customers[i]!);
      const text = message!.messages[0]!.text ?? '';
      if (withOrder.has(d.webhookEventId)) expect(text).toContain('訂單編號');
      else {
        expect(text).toContain('售完');
        soldOutAnswers++;
      }
    }
    expect(soldOutAnswers).toBe(150);

    // A burst's first-time customers get their LINE names after their answers (from their workflows).
    const names = await waitFor(
      'every customer named',
      async () => {
        const rows = await stack.db.customer.findMany({
          where: { tenantId: tenant.id },
          select: { displayName: true },
        });
        return rows.length === 200 && rows.every((c) => c.displayName.startsWith('搶購客')) ? rows : undefined;
      },
      60_000,
    );
    expect(new Set(names.map((c) => c.displayName)).size).toBe(200);
  },
);

it('a reply LINE rejects once mid-burst: that customer is answered by push, every customer exactly once', async () => {
  const shop = await createTestTenant(stack, {
    products: [{ code: '261205201', name: '聖誕花圈', price: 680, stock: 10 }],
  });
  const customers = await Promise.all(Array.from({ length: 20 }, (_, i) => createSandboxUser(stack, `花圈客${i + 1}`)));
  // The sixth answer's reply fails with LINE's 500; the ones before and after it go through.
  await sandboxPost(stack, '/_sandbox/faults', { path: '/v2/bot/message/reply', mode: 'error500', count: 1, skip: 5 });
  const { sent } = (await sandboxPost(stack, `/_sandbox/channels/${shop.channelId}/bursts`, {
    messages: customers.map((userId, i) => ({ userId, text: '261205201+1', afterMs: i * 20 })),
  })) as { sent: { webhookEventId: string; status: number }[] };
  expect(sent.every((d) => d.status === 200)).toBe(true);

  const answers = await waitFor('every customer answered', async () => {
    const all = await Promise.all(customers.map((c) => sentTo(stack, shop, c)));
    return all.every((a) => a.length >= 1) ? all : undefined;
  });
  expect(answers.map((a) => a.length)).toEqual(customers.map(() => 1));
  expect(answers.filter(([m]) => m!.kind === 'push')).toHaveLength(1);
  expect(answers.filter(([m]) => m!.kind === 'reply')).toHaveLength(19);
  const orders = await stack.db.order.findMany({
    where: { tenantId: shop.id, sourceEventId: { in: sent.map((d) => d.webhookEventId) } },
  });
  expect(orders).toHaveLength(10);
  const texts = answers.map(([m]) => m!.messages[0]!.text ?? '');
  expect(texts.filter((t) => t.includes('訂單編號'))).toHaveLength(10);
  expect(texts.filter((t) => t.includes('售完'))).toHaveLength(10);
});
