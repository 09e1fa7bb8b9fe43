import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chatOrderWorkflowId } from '../../../domain/workflow-ids.ts';
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

    // One attempt, not an endless retry: the workflow is still running and waits for the shop.
    const description = await stack.temporal.workflow.getHandle(workflowId).describe();
    expect(description.status.name).toBe('RUNNING');
    const pending = (description.raw.pendingActivities ?? []).length;
    expect(pending).toBe(0);

    // The admin's list of orders that need a person shows it, with the reason.
    const listed = await waitFor('the order in the attention list', async () => {
      const body = (await (await api('/orders/attention')).json()) as {
        orders: { order: { number: string } | null; reason: string }[];
      };
      return body.orders.find((o) => o.order?.number === state.orderNumber);
    });
    expect(listed.reason).toBe(flagged.reason);
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
});
