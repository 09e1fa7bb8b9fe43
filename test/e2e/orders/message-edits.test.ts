import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleMessageEdit } from '../../../api/line-chat/events/message-edit.ts';
import { startChatOrder } from '../../../api/line-chat/events/start-chat-order.ts';
import { lineWebhookEventSchema, type LineMessageEditedEvent } from '../../../integrations/line/webhook-schema.ts';
import { authConfigOf, signedInMember } from '../../support/auth.ts';
import { recordHistory } from '../../support/histories.ts';
import { createSandboxUser, sandboxPost } from '../../support/line-sandbox.ts';
import { createTestTenant, shopHelpers, type TestTenant } from '../../support/shops.ts';
import { startStack, waitFor, type Stack } from '../../support/stack.ts';

/**
 * LINE messageEdited events in group chats: an edited "+1" that becomes "+3" changes the
 * order's quantity through its workflow (re-allocated under the product's row lock), while
 * the order is 未購入 or 已購買; otherwise the customer is told it cannot change. Everything
 * goes through the sandbox, the webhook, the inbox, Temporal and PostgreSQL.
 */

let stack: Stack;
let tenant: TestTenant;
let owner: { headers: Record<string, string> };

beforeAll(async () => {
  stack = await startStack();
  tenant = await createTestTenant(stack, {
    products: [
      { code: '261122301', name: '手工皂', price: 250, stock: 10 },
      { code: '261122302', name: '限量馬克杯', price: 480, stock: 10 },
      { code: '261122303', name: '客製刻字筆', price: 1200, stock: 2 },
      { code: '261122304', name: '香氛蠟燭', price: 600, stock: 10 },
      { code: '261122305', name: '帆布袋', price: 390, stock: 10 },
      { code: '261122306', name: '無限量貼紙', price: 30, stock: -1 },
      // The newest public product: what a bare "+N" orders.
      { code: '261122307', name: '冬季圍巾', price: 1500, stock: 20 },
    ],
  });
  owner = await signedInMember(stack.db, authConfigOf(stack.env), tenant.id, { role: 'owner' });
});
afterAll(() => stack?.stop());
const { textsTo, messagesFor, redeliver, stockOf, orderById, serverDeps } = shopHelpers(() => ({ stack, tenant }));

const newGroup = () => `C${randomBytes(16).toString('hex')}`;
const quantityChanges = async (orderId: string) =>
  (await orderById(orderId)).events.filter((e) => e.type === 'quantity_changed');

interface GroupOrder {
  customer: string;
  groupId: string;
  messageId: string;
  orderId: string;
  number: string;
  workflowId: string;
}

/** A customer orders in a group chat; the shop answers in the group. */
async function orderInGroup(name: string, text: string): Promise<GroupOrder> {
  const customer = await createSandboxUser(stack, name);
  const groupId = newGroup();
  const message = (await sandboxPost(stack, `/_sandbox/channels/${tenant.channelId}/messages`, {
    userId: customer,
    groupId,
    text,
  })) as { webhookEventId: string; messageId: string; status: number; error?: string };
  expect(message.status, message.error).toBe(200);
  const order = await waitFor('the order row', () =>
    stack.db.order
      .findUnique({ where: { tenantId_sourceEventId: { tenantId: tenant.id, sourceEventId: message.webhookEventId } } })
      .then((o) => o ?? undefined),
  );
  expect(order.sourceMessageId).toBe(message.messageId);
  await messagesFor(groupId, 1);
  return {
    customer,
    groupId,
    messageId: message.messageId,
    orderId: order.id,
    number: order.number,
    workflowId: order.workflowId,
  };
}

/** The customer edits their message: LINE sends messageEdited with the same message ID and the new text. */
async function editMessage(o: GroupOrder, text: string, options: { timestamp?: number; groupId?: string | null } = {}) {
  const source =
    options.groupId === null
      ? { type: 'user', userId: o.customer }
      : { type: 'group', groupId: o.groupId, userId: o.customer };
  const result = (await sandboxPost(stack, `/_sandbox/channels/${tenant.channelId}/events`, {
    type: 'messageEdited',
    source,
    message: { type: 'text', id: o.messageId, text },
    ...(options.timestamp !== undefined ? { timestamp: options.timestamp } : {}),
  })) as { webhookEventIds: string[]; events: unknown[]; status: number; error?: string };
  expect(result.status, result.error).toBe(200);
  return { webhookEventId: result.webhookEventIds[0]!, event: result.events[0] };
}

const setStatus = async (number: string, to: string) => {
  const response = await fetch(`${stack.apiUrl}/api/t/${tenant.slug}/orders/${number}/status`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...owner.headers },
    body: JSON.stringify({ to }),
  });
  expect(response.status).toBe(200);
};

describe('an edited "+N" in a group changes the order while it is 未購入 or 已購買', () => {
  it('"+1" edited into "+3": more stock taken, the total follows, audited, answered in the group', async () => {
    const before = await stockOf('261122307');
    const o = await orderInGroup('王小明', '+1');
    expect(await stockOf('261122307')).toBe(before - 1);

    const edit = await editMessage(o, '+3');
    const texts = await messagesFor(o.groupId, 2);
    expect(texts[1]).toContain('已依您修改的訊息更新訂單數量');
    expect(texts[1]).toContain(o.number);
    expect(texts[1]).toContain('3 件 × NT$1,500 = NT$4,500');

    const order = await orderById(o.orderId);
    expect(order.status).toBe('confirmed');
    expect(order.total).toBe(4500);
    expect(order.items[0]).toMatchObject({ requestedQuantity: 3, allocatedQuantity: 3 });
    expect(await stockOf('261122307')).toBe(before - 3);
    const [audit] = await quantityChanges(o.orderId);
    expect(audit).toMatchObject({ actor: `customer:${o.customer}` });
    expect(audit!.data).toMatchObject({
      changeId: edit.webhookEventId,
      before: { requested: 1, allocated: 1 },
      after: { requested: 3, allocated: 3 },
      source: { webhookEventId: edit.webhookEventId },
    });
    await recordHistory(o.workflowId, 'chat-order-quantity-edited');
  });

  it('"CODE+5" edited into "CODE+2": the difference goes back to the stock', async () => {
    const o = await orderInGroup('陳美玲', '261122301+5');
    expect(await stockOf('261122301')).toBe(5);
    await editMessage(o, '261122301 +2');
    const texts = await messagesFor(o.groupId, 2);
    expect(texts[1]).toContain('2 件 × NT$250 = NT$500');
    expect(await stockOf('261122301')).toBe(8);
    const order = await orderById(o.orderId);
    expect(order.total).toBe(500);
    expect(order.items[0]).toMatchObject({ requestedQuantity: 2, allocatedQuantity: 2 });
  });

  it('short stock: a partial allocation, the customer and the admins told what is missing', async () => {
    const admin = tenant.adminLineUserIds[0]!;
    const alertsBefore = (await textsTo(admin)).length;
    const o = await orderInGroup('林大華', '261122303+1');
    expect(await stockOf('261122303')).toBe(1);
    await editMessage(o, '261122303+5');
    const texts = await messagesFor(o.groupId, 2);
    expect(texts[1]).toContain('2 件 × NT$1,200 = NT$2,400');
    expect(texts[1]).toContain('※ 您修改為 5 件，因庫存不足，只為您保留 2 件');
    expect(await stockOf('261122303')).toBe(0);
    const order = await orderById(o.orderId);
    expect(order.items[0]).toMatchObject({ requestedQuantity: 5, allocatedQuantity: 2 });
    expect(order.total).toBe(2400);
    const alerts = await messagesFor(admin, alertsBefore + 1);
    expect(alerts.at(-1)).toContain('庫存不足');
    expect(alerts.at(-1)).toContain(o.number);
  });

  it('unlimited stock stays unlimited', async () => {
    const o = await orderInGroup('蔡依琳', '261122306+2');
    await editMessage(o, '261122306+40');
    await messagesFor(o.groupId, 2);
    expect((await orderById(o.orderId)).items[0]).toMatchObject({ requestedQuantity: 40, allocatedQuantity: 40 });
    expect(await stockOf('261122306')).toBe(-1);
  });

  it('a reservation still 未購入 takes the new quantity and stays held', async () => {
    const customer = await createSandboxUser(stack, '許志安');
    const groupId = newGroup();
    const message = (await sandboxPost(stack, `/_sandbox/channels/${tenant.channelId}/messages`, {
      userId: customer,
      groupId,
      text: '（保留測試訊息）',
    })) as { webhookEventId: string; replyToken: string; messageId: string };
    await startChatOrder(stack.temporal, stack.taskQueue, {
      tenantId: tenant.id,
      webhookEventId: message.webhookEventId,
      lineUserId: customer,
      replyToken: message.replyToken,
      command: { kind: 'reserve', target: { type: 'code', code: '261122305' }, quantity: 2 },
      receivedAtMs: Date.now(),
      text: '幫我留2個',
      sourceMessageId: message.messageId,
      reservationHoldMs: 10 * 60_000,
      conversation: { type: 'group', groupId },
    });
    await messagesFor(groupId, 1);
    const order = await stack.db.order.findUniqueOrThrow({
      where: { tenantId_sourceMessageId: { tenantId: tenant.id, sourceMessageId: message.messageId } },
    });
    const o: GroupOrder = {
      customer,
      groupId,
      messageId: message.messageId,
      orderId: order.id,
      number: order.number,
      workflowId: order.workflowId,
    };
    await editMessage(o, '261122305+3');
    await messagesFor(groupId, 2);
    const after = await orderById(o.orderId);
    expect(after.status).toBe('pending');
    expect(after.items[0]).toMatchObject({ requestedQuantity: 3, allocatedQuantity: 3 });
    expect(await stockOf('261122305')).toBe(7);
  });
});

describe('an edit that cannot change the order', () => {
  it('after 已支付: the customer is told, nothing changes', async () => {
    const o = await orderInGroup('黃淑芬', '261122302+1');
    await setStatus(o.number, 'paid');
    const edit = await editMessage(o, '261122302+3');
    const texts = await messagesFor(o.groupId, 2);
    // Handled again (a redelivery past the inbox): the same refusal, not a second answer.
    const event = lineWebhookEventSchema.parse(edit.event) as LineMessageEditedEvent;
    expect(await handleMessageEdit(serverDeps(), { tenantId: tenant.id }, event)).toBe('refused');
    await new Promise((r) => setTimeout(r, 1000));
    expect(await textsTo(o.groupId)).toHaveLength(2);
    expect(texts[1]).toContain(o.number);
    expect(texts[1]).toContain('「已支付」');
    expect(texts[1]).toContain('無法');
    const order = await orderById(o.orderId);
    expect(order.items[0]).toMatchObject({ requestedQuantity: 1, allocatedQuantity: 1 });
    expect(order.total).toBe(480);
    expect(await stockOf('261122302')).toBe(9);
    expect(await quantityChanges(o.orderId)).toEqual([]);
  });

  it('after it was cancelled (its workflow has ended): the customer is told, the stock stays released', async () => {
    const o = await orderInGroup('張志明', '261122302+2');
    await setStatus(o.number, 'cancelled');
    await stack.temporal.workflow.getHandle(o.workflowId).result();
    const stock = await stockOf('261122302');
    await editMessage(o, '261122302+4');
    const texts = await messagesFor(o.groupId, 2);
    expect(texts[1]).toContain('「已售完/取消」');
    expect(await stockOf('261122302')).toBe(stock);
  });

  it('an edit that is no order command, or names another product, is refused with the reason', async () => {
    const o = await orderInGroup('李國強', '261122304+2');
    await editMessage(o, '+2 謝謝老闆');
    let texts = await messagesFor(o.groupId, 2);
    expect(texts[1]).toContain('不是訂購指令');
    await editMessage(o, '261122301+2');
    texts = await messagesFor(o.groupId, 3);
    expect(texts[2]).toContain('不能換成其他商品');
    expect((await orderById(o.orderId)).items[0]).toMatchObject({ requestedQuantity: 2, allocatedQuantity: 2 });
    expect(await stockOf('261122304')).toBe(8);
  });

  it('an edit in a 1:1 chat is ignored', async () => {
    const o = await orderInGroup('吳佩珊', '261122304+1');
    await editMessage(o, '261122304+3', { groupId: null });
    await new Promise((r) => setTimeout(r, 1500));
    expect(await textsTo(o.groupId)).toHaveLength(1);
    expect(await textsTo(o.customer)).toEqual([]);
    expect((await orderById(o.orderId)).items[0]).toMatchObject({ requestedQuantity: 1 });
  });
});

describe('edits arriving out of order or twice', () => {
  it('the newest edit wins: an older edit arriving later is ignored', async () => {
    const o = await orderInGroup('周杰', '261122301+1');
    const stock = await stockOf('261122301');
    const now = Date.now();
    // The customer edited to +2 and then to +4; LINE delivers the +4 edit first.
    await editMessage(o, '261122301+4', { timestamp: now + 2000 });
    await messagesFor(o.groupId, 2);
    await editMessage(o, '261122301+2', { timestamp: now + 1000 });
    await new Promise((r) => setTimeout(r, 1500));
    expect(await textsTo(o.groupId)).toHaveLength(2);
    const order = await orderById(o.orderId);
    expect(order.items[0]).toMatchObject({ requestedQuantity: 4, allocatedQuantity: 4 });
    expect(await stockOf('261122301')).toBe(stock - 3);
    expect(await quantityChanges(o.orderId)).toHaveLength(1);
  });

  it('a refused newest edit still makes older edits stale', async () => {
    const o = await orderInGroup('鄭秀文', '261122304+1');
    const now = Date.now();
    await editMessage(o, '好的', { timestamp: now + 2000 });
    await messagesFor(o.groupId, 2);
    await editMessage(o, '261122304+3', { timestamp: now + 1000 });
    await new Promise((r) => setTimeout(r, 1500));
    expect(await textsTo(o.groupId)).toHaveLength(2);
    expect((await orderById(o.orderId)).items[0]).toMatchObject({ requestedQuantity: 1 });
  });

  it('a redelivered edit (and the same event handled twice) changes the order once and answers once', async () => {
    const o = await orderInGroup('蔡阿嘎', '+1');
    const stock = await stockOf('261122307');
    const edit = await editMessage(o, '+2');
    await messagesFor(o.groupId, 2);

    const redelivery = await redeliver(edit.webhookEventId);
    expect(redelivery.status).toBe(200);
    const event = lineWebhookEventSchema.parse(edit.event) as LineMessageEditedEvent;
    expect(await handleMessageEdit(serverDeps(), { tenantId: tenant.id }, event)).toBe('changed');
    expect(await handleMessageEdit(serverDeps(), { tenantId: tenant.id }, event)).toBe('changed');
    await new Promise((r) => setTimeout(r, 1500));

    expect(await textsTo(o.groupId)).toHaveLength(2);
    expect(await quantityChanges(o.orderId)).toHaveLength(1);
    expect(await stockOf('261122307')).toBe(stock - 1);
    expect((await orderById(o.orderId)).items[0]).toMatchObject({ requestedQuantity: 2, allocatedQuantity: 2 });
  });
});
