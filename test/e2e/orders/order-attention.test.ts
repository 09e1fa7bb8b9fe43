import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chatOrderWorkflowId } from '../../../domain/workflow-ids.ts';
import { orderWorkerOnline } from '../../../api/orders/order-attention.ts';
import { NeedsAttention, TenantId } from '../../../temporal/search-attributes.ts';
import type { ChatOrderInput } from '../../../workflows/orders/chat-order/workflow.ts';
import { orderStateQuery } from '../../../workflows/orders/chat-order/updates.ts';
import { authConfigOf, signedInMember } from '../../support/auth.ts';
import { recordHistory } from '../../support/histories.ts';
import { createSandboxUser, sandboxPost, sendChat, sentTo } from '../../support/line-sandbox.ts';
import { createTestTenant, shopHelpers, type TestTenant } from '../../support/shops.ts';
import { startStack, waitFor, type Stack } from '../../support/stack.ts';

/**
 * An order that needs a person finds them: LINE refusing an answer for good ends the retries
 * and flags the order (NeedsAttention, with LINE's reason) instead of retrying forever, and a
 * step failing past the shop's threshold flags it until the step recovers. The admin lists
 * such orders with their reason; the merchant's next status change clears a refusal.
 */
let stack: Stack;
let tenant: TestTenant;
let admin: Record<string, string>;

beforeAll(async () => {
  stack = await startStack();
  tenant = await createTestTenant(stack, {
    products: [{ code: '261201001', name: '手工果醬', price: 320, stock: 50 }],
  });
  admin = (await signedInMember(stack.db, authConfigOf(stack.env), tenant.id, { role: 'owner' })).headers;
});
afterAll(() => stack?.stop());
afterEach(() => fetch(`${stack.sandboxUrl}/_sandbox/faults`, { method: 'DELETE' }));
const { redeliver } = shopHelpers(() => ({ stack, tenant }));

const api = (path: string, init: RequestInit = {}) =>
  fetch(`${stack.apiUrl}/api/t/${tenant.slug}${path}`, {
    ...init,
    headers: { 'content-type': 'application/json', ...admin, ...(init.headers as Record<string, string>) },
  });

async function attentionOf(workflowId: string) {
  const description = await stack.temporal.workflow.getHandle(workflowId).describe();
  return {
    needsAttention: description.typedSearchAttributes.get(NeedsAttention),
    reason: (description.memo?.attention as string | null | undefined) ?? null,
  };
}

describe('an order that needs a person', () => {
  it('is flagged with LINE’s reason when LINE refuses the answer for good, and is not retried', async () => {
    for (const path of ['/v2/bot/message/reply', '/v2/bot/message/push'])
      await sandboxPost(stack, '/_sandbox/faults', { path, mode: 'error400' });
    const customer = await createSandboxUser(stack, '林小姐');
    const delivery = await sendChat(stack, tenant, customer, '+1');
    const workflowId = chatOrderWorkflowId(tenant.id, delivery.webhookEventId);

    const flagged = await waitFor('the order flagged', async () => {
      const attention = await attentionOf(workflowId).catch(() => null);
      return attention?.needsAttention ? attention : undefined;
    });
    expect(flagged.reason).toBe(
      "「回覆顧客」沒有完成：LINE 拒絕了這則訊息（HTTP 400：The property, 'to', in the request body is invalid (line: -, column: -)）",
    );
    const state = await stack.temporal.workflow.getHandle(workflowId).query(orderStateQuery);
    expect(state).toMatchObject({ outcome: 'placed', status: 'confirmed', customerNotified: false });
    expect(state.attention).toBe(flagged.reason);

    // One attempt, not an endless retry: the workflow is still running and waits for the shop,
    // with no step left pending (the quick steps after the answer settle within moments).
    await waitFor('no step left pending', async () => {
      const description = await stack.temporal.workflow.getHandle(workflowId).describe();
      expect(description.status.name).toBe('RUNNING');
      return (description.raw.pendingActivities ?? []).length === 0 || undefined;
    });

    // The admin's list of orders that need a person shows it, with the reason.
    const listed = await waitFor('the order in the attention list', async () => {
      const body = (await (await api('/orders/attention')).json()) as {
        orders: { order: { number: string } | null; reason: string }[];
        workerOnline: boolean;
      };
      const order = body.orders.find((o) => o.order?.number === state.orderNumber);
      return order && { ...order, workerOnline: body.workerOnline };
    });
    expect(listed.reason).toBe(flagged.reason);
    expect(listed.workerOnline).toBe(true);
    const detail = (await (await api(`/orders/${state.orderNumber}/detail`)).json()) as { attention: string | null };
    expect(detail.attention).toBe(flagged.reason);

    // A redelivery of the same event neither orders again nor answers again.
    await redeliver(delivery.webhookEventId);
    expect(await stack.db.order.count({ where: { tenantId: tenant.id, sourceEventId: delivery.webhookEventId } })).toBe(
      1,
    );

    // The merchant deals with it (here: ships it); the flag goes away.
    await fetch(`${stack.sandboxUrl}/_sandbox/faults`, { method: 'DELETE' });
    const shipped = await api(`/orders/${state.orderNumber}/status`, {
      method: 'POST',
      body: JSON.stringify({ to: 'shipped', trackingNumber: 'TW123' }),
    });
    expect(shipped.status).toBe(200);
    await waitFor('the flag cleared', async () => ((await attentionOf(workflowId)).needsAttention ? undefined : true));
    expect((await attentionOf(workflowId)).reason).toBeNull();
    await recordHistory(workflowId, 'chat-order-line-refused');
  });

  it('is flagged while a step keeps failing past the shop’s threshold, and clears itself when the step recovers', async () => {
    await sandboxPost(stack, '/_sandbox/faults', { path: '/v2/bot/message/reply', mode: 'hang' });
    const customer = await createSandboxUser(stack, '陳先生');
    const sourceEventId = `attention-${Date.now()}`;
    const workflowId = chatOrderWorkflowId(tenant.id, sourceEventId);
    const input: ChatOrderInput = {
      tenantId: tenant.id,
      sourceEventId,
      lineUserId: customer,
      replyToken: 'a-reply-token-that-hangs',
      command: { kind: 'order', target: { type: 'newest' }, quantity: 1 },
      receivedAtMs: Date.now(),
      attentionAfterMs: 2_000,
    };
    await stack.temporal.workflow.start('chatOrderWorkflow', {
      workflowId,
      taskQueue: stack.taskQueue,
      args: [input],
      typedSearchAttributes: [{ key: TenantId, value: tenant.id }],
    });

    const flagged = await waitFor('the stuck answer flagged', async () => {
      const attention = await attentionOf(workflowId);
      return attention.needsAttention ? attention : undefined;
    });
    expect(flagged.reason).toBe('「回覆顧客」已失敗超過 2 秒，系統仍在重試');

    // LINE answers again: the retried answer goes out (by push: the reply token may be spent) and the flag clears.
    await fetch(`${stack.sandboxUrl}/_sandbox/faults`, { method: 'DELETE' });
    await waitFor(
      'the flag cleared',
      async () => ((await attentionOf(workflowId)).needsAttention ? undefined : true),
      40_000,
    );
    const sent = await sentTo(stack, tenant, customer);
    expect(sent.map((m) => m.kind)).toEqual(['push']);
    expect((await attentionOf(workflowId)).reason).toBeNull();
    await recordHistory(workflowId, 'chat-order-stuck-answer');
  });

  it('is nobody’s to flag when no worker takes the orders’ work, so the list says the worker is gone', async () => {
    const queue = { namespace: 'default', taskQueue: stack.taskQueue };
    expect(await orderWorkerOnline(stack.temporal, queue)).toBe(true);
    const unpolled = { ...queue, taskQueue: `${stack.taskQueue}-without-worker` };
    expect(await orderWorkerOnline(stack.temporal, unpolled)).toBe(false);
  });

  it('waits as long as the shop says before asking for a person; a bad value is refused and changes nothing', async () => {
    const refused = await api('/settings/orders', {
      method: 'PUT',
      body: JSON.stringify({ reservationHoldMinutes: 60, attentionAfterMinutes: 0 }),
    });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { message: string }).message).toContain('提醒時間最少 1 分鐘');
    expect(await (await api('/settings/orders')).json()).toEqual({
      reservationHoldMinutes: 1440,
      attentionAfterMinutes: 10,
    });

    const saved = await api('/settings/orders', {
      method: 'PUT',
      body: JSON.stringify({ reservationHoldMinutes: 90, attentionAfterMinutes: 3 }),
    });
    expect(saved.status).toBe(200);
    expect(await (await api('/settings/orders')).json()).toEqual({
      reservationHoldMinutes: 90,
      attentionAfterMinutes: 3,
    });

    // The next order's workflow starts with the shop's threshold (and a reservation with its hold).
    const customer = await createSandboxUser(stack, '王太太');
    const startInputOf = async (text: string) => {
      const delivery = await sendChat(stack, tenant, customer, text);
      const handle = stack.temporal.workflow.getHandle(chatOrderWorkflowId(tenant.id, delivery.webhookEventId));
      await waitFor('the workflow started', () => handle.describe().catch(() => undefined));
      const history = await handle.fetchHistory();
      const payload = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0]?.data;
      return JSON.parse(Buffer.from(payload!).toString('utf8')) as ChatOrderInput;
    };
    expect((await startInputOf('+1')).attentionAfterMs).toBe(3 * 60_000);
    expect(await startInputOf('幫我留')).toMatchObject({
      attentionAfterMs: 3 * 60_000,
      reservationHoldMs: 90 * 60_000,
    });
  });
});
