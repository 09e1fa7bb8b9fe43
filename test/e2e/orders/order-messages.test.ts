import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderMessageWorkflowId } from '../../../domain/workflow-ids.ts';
import { authConfigOf, signedInMember } from '../../support/auth.ts';
import { recordHistory } from '../../support/histories.ts';
import { createSandboxUser, sandboxPost, sentTo } from '../../support/line-sandbox.ts';
import { createTestTenant, shopHelpers, type TestTenant } from '../../support/shops.ts';
import { startStack, waitFor, type Stack } from '../../support/stack.ts';

/**
 * A merchant's message to an order's customer, end to end: the admin API starts the push
 * workflow (its ID from the request ID), the worker pushes through the LINE sandbox with
 * X-Line-Retry-Key, and the order's timeline records it. The same request twice — at once or
 * after — pushes once. Blocked customers, a used-up monthly quota and a shop without a LINE
 * connection each get their zh-TW reason and nothing is sent.
 */

let stack: Stack;
let tenant: TestTenant;
let owner: Awaited<ReturnType<typeof signedInMember>>;

beforeAll(async () => {
  stack = await startStack();
  tenant = await createTestTenant(stack, {
    products: [{ code: '261122001', name: '桂花烏龍茶', price: 350, stock: 30 }],
  });
  owner = await signedInMember(stack.db, authConfigOf(stack.env), tenant.id, {
    role: 'owner',
    displayName: '店長阿美',
  });
});
afterAll(() => stack?.stop());
const { chatOrder } = shopHelpers(() => ({ stack, tenant }));

async function post(slug: string, orderNumber: string, body: unknown) {
  const response = await fetch(`${stack.apiUrl}/api/t/${slug}/orders/${encodeURIComponent(orderNumber)}/messages`, {
    method: 'POST',
    headers: { ...owner.headers, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const pushesTo = async (to: string) => (await sentTo(stack, tenant, to)).filter((m) => m.kind === 'push');
const messagedEvents = (orderId: string) =>
  stack.db.orderEvent.findMany({ where: { orderId, type: 'customer_messaged' }, orderBy: { createdAt: 'asc' } });

describe('POST /api/t/:tenant/orders/:orderNumber/messages', () => {
  it('pushes a template to the customer once, with a retry key, and records it on the timeline', async () => {
    const { customer, order } = await chatOrder('林小姐', '+2');
    const requestId = randomUUID();
    const sent = await post(tenant.slug, order.number, { requestId, template: 'purchase_complete' });
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ state: 'sent', delivery: 'push' });
    expect(sent.body.text).toContain('林小姐 您好，感謝您的訂購！');
    expect(sent.body.text).toContain(`訂單編號：${order.number}`);
    expect(sent.body.text).toContain('訂單金額：NT$700');

    const pushes = await pushesTo(customer);
    expect(pushes).toHaveLength(1);
    expect(pushes[0]!.messages).toEqual([{ type: 'text', text: sent.body.text }]);
    expect(pushes[0]!.retryKey).toMatch(/^[0-9a-f-]{36}$/);

    const events = await messagedEvents(order.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actor: `staff:${owner.staffId}`,
      data: { text: sent.body.text, delivery: 'push', requestId, retryKey: pushes[0]!.retryKey },
    });
    const audit = await stack.db.auditLog.findMany({
      where: { tenantId: tenant.id, action: 'order.customer_message' },
    });
    expect(audit.map((a) => a.data)).toContainEqual(
      expect.objectContaining({ requestId, template: 'purchase_complete' }),
    );
    const run = await stack.temporal.workflow.getHandle(orderMessageWorkflowId(tenant.id, requestId)).describe();
    expect(run.status.name).toBe('COMPLETED');
    await recordHistory(run.workflowId, 'order-message-sent');
  });

  it('the same request twice at once (a double click), and again later, pushes once', async () => {
    const { customer, order } = await chatOrder('陳先生');
    const requestId = randomUUID();
    const body = { requestId, text: '您好，明天下午會幫您寄出 🙏' };
    const [first, second] = await Promise.all([
      post(tenant.slug, order.number, body),
      post(tenant.slug, order.number, body),
    ]);
    expect(first.status).toBe(200);
    expect(second).toEqual(first);
    const again = await post(tenant.slug, order.number, body);
    expect(again).toEqual(first);

    expect((await pushesTo(customer)).map((m) => m.messages[0]!.text)).toEqual(['您好，明天下午會幫您寄出 🙏']);
    expect(await messagedEvents(order.id)).toHaveLength(1);
    // One message, one audit line.
    const audit = await stack.db.auditLog.findMany({
      where: { tenantId: tenant.id, action: 'order.customer_message', targetId: order.number },
    });
    expect(audit.map((a) => (a.data as { requestId: string }).requestId)).toEqual([requestId]);

    // A new request is a new message.
    const next = await post(tenant.slug, order.number, {
      requestId: randomUUID(),
      text: '您好，明天下午會幫您寄出 🙏',
    });
    expect(next.status).toBe(200);
    expect(await pushesTo(customer)).toHaveLength(2);
  });

  it('LINE failing twice is retried by the workflow with the same key: one message', async () => {
    const { customer, order } = await chatOrder('黃太太');
    await sandboxPost(stack, '/_sandbox/faults', { path: '/v2/bot/message/push', mode: 'error500', count: 2 });
    try {
      const sent = await post(tenant.slug, order.number, { requestId: randomUUID(), text: '您好，商品今天已寄出' });
      expect(sent).toMatchObject({ status: 200, body: { state: 'sent', delivery: 'push' } });
    } finally {
      await fetch(`${stack.sandboxUrl}/_sandbox/faults`, { method: 'DELETE' });
    }
    const pushes = await pushesTo(customer);
    expect(pushes.map((m) => m.messages[0]!.text)).toEqual(['您好，商品今天已寄出']);
    expect(await messagedEvents(order.id)).toHaveLength(1);
  });

  it('LINE hanging past the wait answers 202 (still sending); the message goes, once, when LINE answers again', async () => {
    const { customer, order } = await chatOrder('慢郵差');
    const faults = `${stack.sandboxUrl}/_sandbox/faults`;
    await fetch(faults, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ path: '/v2/bot/message/push', mode: 'hang' }),
    });
    try {
      const sent = await post(tenant.slug, order.number, { requestId: randomUUID(), text: '您的商品明天出貨' });
      expect(sent.status).toBe(202);
      expect(sent.body).toMatchObject({ state: 'sending', text: '您的商品明天出貨' });
      expect(await pushesTo(customer)).toEqual([]);
    } finally {
      // LINE answers again: the held push fails as a network error and the workflow retries it.
      await fetch(faults, { method: 'DELETE' });
    }
    const pushes = await waitFor('the message delivered', async () => {
      const sent = await pushesTo(customer);
      return sent.length > 0 ? sent : undefined;
    });
    expect(pushes.flatMap((p) => p.messages.map((m) => m.text))).toEqual(['您的商品明天出貨']);
    expect(
      await waitFor('the timeline line', async () => ((await messagedEvents(order.id)).length ? true : undefined)),
    ).toBe(true);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await pushesTo(customer)).toHaveLength(1);
    expect(await messagedEvents(order.id)).toHaveLength(1);
  });

  it('refuses a customer who blocked the shop, and a month without push quota, with the reason', async () => {
    const { customer, order } = await chatOrder('張小姐');
    await stack.db.customer.updateMany({
      where: { tenantId: tenant.id, lineUserId: customer },
      data: { blockedAt: new Date() },
    });
    const blocked = await post(tenant.slug, order.number, { requestId: randomUUID(), template: 'payment_reminder' });
    expect(blocked).toEqual({
      status: 409,
      body: { code: 'customer_blocked', message: '這位顧客已封鎖本店的 LINE 官方帳號，訊息無法送達' },
    });
    expect(await pushesTo(customer)).toEqual([]);
    await stack.db.customer.updateMany({
      where: { tenantId: tenant.id, lineUserId: customer },
      data: { blockedAt: null },
    });

    // The channel's monthly quota is used up (the sandbox counts pushes like LINE does).
    const usage = (await (
      await fetch(`${stack.sandboxUrl}/v2/bot/message/quota/consumption`, {
        headers: { authorization: `Bearer ${tenant.channelAccessToken}` },
      })
    ).json()) as { totalUsage: number };
    const channels = (await (await fetch(`${stack.sandboxUrl}/_sandbox/channels`)).json()) as {
      channelId: string;
      botUserId: string;
    }[];
    await sandboxPost(stack, '/_sandbox/channels', {
      channelId: tenant.channelId,
      channelSecret: tenant.channelSecret,
      channelAccessToken: tenant.channelAccessToken,
      botUserId: channels.find((c) => c.channelId === tenant.channelId)!.botUserId,
      webhookUrl: `${stack.apiUrl}/t/${tenant.slug}/webhook`,
      monthlyQuota: usage.totalUsage,
    });
    const quotaRequest = randomUUID();
    const overQuota = await post(tenant.slug, order.number, { requestId: quotaRequest, template: 'payment_reminder' });
    expect(overQuota.status).toBe(409);
    expect(overQuota.body.code).toBe('line_quota_exceeded');
    expect(overQuota.body.message).toContain('本月的 LINE 推播訊息額度已用完');
    await recordHistory(orderMessageWorkflowId(tenant.id, quotaRequest), 'order-message-quota-refused');
    expect(await pushesTo(customer)).toEqual([]);
    expect(await messagedEvents(order.id)).toEqual([]);
  });

  it('a shop with no LINE connection hears so, and another shop’s order number is not found', async () => {
    const unconnected = await createTestTenant(stack, { products: [] });
    await stack.db.tenant.update({ where: { id: unconnected.id }, data: { lineChannelTokenEnc: null } });
    const customer = await stack.db.customer.create({
      data: { tenantId: unconnected.id, lineUserId: await createSandboxUser(stack, '吳先生'), displayName: '吳先生' },
    });
    const product = await stack.db.product.create({
      data: { tenantId: unconnected.id, code: '261122009', name: '茶包', price: 100, stock: -1 },
    });
    const order = await stack.db.order.create({
      data: {
        tenantId: unconnected.id,
        number: 'ZZZZ-20261122-0001',
        customerId: customer.id,
        status: 'pending',
        total: 100,
        sourceEventId: `manual-${randomUUID()}`,
        workflowId: `manual-${randomUUID()}`,
        items: {
          create: {
            tenantId: unconnected.id,
            productId: product.id,
            productCode: product.code,
            productName: product.name,
            unitPrice: 100,
            requestedQuantity: 1,
            allocatedQuantity: 1,
          },
        },
      },
    });
    await stack.db.staff.create({
      data: { tenantId: unconnected.id, userId: owner.userId, displayName: '店長阿美', role: 'owner' },
    });
    const refused = await post(unconnected.slug, order.number, { requestId: randomUUID(), text: '您好' });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'line_not_connected' });
    expect(refused.body.message).toContain('尚未連接 LINE 官方帳號');

    // That order's number under the first shop: 404, nothing started.
    const requestId = randomUUID();
    const foreign = await post(tenant.slug, order.number, { requestId, text: '您好' });
    expect(foreign).toEqual({ status: 404, body: { code: 'not_found', message: '找不到這筆訂單' } });
    await expect(
      stack.temporal.workflow.getHandle(orderMessageWorkflowId(tenant.id, requestId)).describe(),
    ).rejects.toThrow();
  });
});
