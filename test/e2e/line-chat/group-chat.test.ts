import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatWorkflowId } from '../../../domain/workflow-ids.ts';
import type { ChatHistoryResult } from '../../../workflows/line-chat/chat-history.ts';
import { createSandboxUser, sandboxPost, sentTo } from '../../support/line-sandbox.ts';
import { createTestTenant, shopHelpers, type TestTenant } from '../../support/shops.ts';
import { settle, startStack, waitFor, type Stack } from '../../support/stack.ts';

/**
 * Orders from LINE group chats and rooms (multi-person chats): the customer is the member
 * who wrote, the answer goes to the chat and names them; a message whose writer LINE does
 * not name is nobody's order.
 */

let stack: Stack;
let tenant: TestTenant;
const NEWEST = '261122002';

beforeAll(async () => {
  stack = await startStack();
  tenant = await createTestTenant(stack, {
    products: [
      { code: '261122001', name: '手工皂', price: 250, stock: 100 },
      { code: NEWEST, name: '冬季圍巾', price: 1500, stock: 100 },
    ],
  });
});
afterAll(() => stack?.stop());
const { textsTo, messagesFor, redeliver, dispatched } = shopHelpers(() => ({ stack, tenant }));

const newGroupId = () => `C${uuidv7().replace(/-/g, '')}`;
const newRoomId = () => `R${uuidv7().replace(/-/g, '')}`;

/** A member writes in a group; the sandbox builds LINE's event (source type group, with userId). */
const sayInGroup = (groupId: string, userId: string, text: string) =>
  sandboxPost(stack, `/_sandbox/channels/${tenant.channelId}/messages`, { userId, groupId, text }) as Promise<{
    webhookEventId: string;
    status: number;
  }>;
const sendEvent = async (event: Record<string, unknown>) => {
  const delivery = (await sandboxPost(stack, `/_sandbox/channels/${tenant.channelId}/events`, { events: [event] })) as {
    webhookEventIds: string[];
    status: number;
  };
  return { webhookEventId: delivery.webhookEventIds[0]!, status: delivery.status };
};
const orderOf = (webhookEventId: string) =>
  stack.db.order.findUnique({
    where: { tenantId_sourceEventId: { tenantId: tenant.id, sourceEventId: webhookEventId } },
    include: { items: true, customer: true },
  });

describe('group chats', () => {
  it('"+1" in a group is the writing member’s order, answered in the group with their name', async () => {
    const groupId = newGroupId();
    const member = await createSandboxUser(stack, '王小明');
    const delivery = await sayInGroup(groupId, member, '+1');
    expect(delivery.status).toBe(200);
    const [reply] = await messagesFor(groupId, 1);
    const order = await waitFor('the order', () => orderOf(delivery.webhookEventId).then((o) => o ?? undefined));
    expect(order.customer).toMatchObject({ lineUserId: member, displayName: '王小明' });
    expect(order.items).toEqual([expect.objectContaining({ productCode: NEWEST, requestedQuantity: 1 })]);
    expect(order.sourceMessageId).not.toBeNull();
    expect(reply!.startsWith('@王小明\n')).toBe(true);
    expect(reply).toContain(order.number);
    expect((await sentTo(stack, tenant, groupId)).map((m) => m.kind)).toEqual(['reply']);
    // Nothing went to the member's 1:1 chat.
    expect(await textsTo(member)).toEqual([]);
  });

  it('two members ordering in one group get one order each, each answer naming its customer', async () => {
    const groupId = newGroupId();
    const [a, b] = [await createSandboxUser(stack, '陳一'), await createSandboxUser(stack, '林二')];
    const [first, second] = await Promise.all([sayInGroup(groupId, a, '261122001+2'), sayInGroup(groupId, b, '我要')]);
    const texts = await messagesFor(groupId, 2);
    const orderA = await waitFor('order A', () => orderOf(first.webhookEventId).then((o) => o ?? undefined));
    const orderB = await waitFor('order B', () => orderOf(second.webhookEventId).then((o) => o ?? undefined));
    expect(orderA.customer.lineUserId).toBe(a);
    expect(orderB.customer.lineUserId).toBe(b);
    expect(texts.find((t) => t.includes(orderA.number))!.startsWith('@陳一\n')).toBe(true);
    expect(texts.find((t) => t.includes(orderB.number))!.startsWith('@林二\n')).toBe(true);
  });

  it('when the reply fails, the answer is pushed to the group (not to the member) with a retry key', async () => {
    const groupId = newGroupId();
    const member = await createSandboxUser(stack, '推播群組');
    await sandboxPost(stack, '/_sandbox/faults', { path: '/v2/bot/message/reply', mode: 'error500', count: 1 });
    const delivery = await sayInGroup(groupId, member, '+3');
    const [pushed] = await messagesFor(groupId, 1);
    const order = await orderOf(delivery.webhookEventId);
    expect(pushed!.startsWith('@推播群組\n')).toBe(true);
    expect(pushed).toContain(order!.number);
    const sent = await sentTo(stack, tenant, groupId);
    expect(sent.map((m) => m.kind)).toEqual(['push']);
    expect(sent[0]!.retryKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(await textsTo(member)).toEqual([]);
  });

  it('a message in a group without a userId is ignored: no order, no customer, no answer', async () => {
    const groupId = newGroupId();
    const delivery = await sendEvent({
      type: 'message',
      source: { type: 'group', groupId },
      message: { type: 'text', text: '+1' },
    });
    expect(delivery.status).toBe(200);
    const row = await dispatched(delivery.webhookEventId);
    expect(row.lastError).toBeNull();
    await settle();
    expect(await orderOf(delivery.webhookEventId)).toBeNull();
    expect(await textsTo(groupId)).toEqual([]);
  });

  it('幫我留 in a group is the member’s reservation', async () => {
    const groupId = newGroupId();
    const member = await createSandboxUser(stack, '群組保留');
    const delivery = await sayInGroup(groupId, member, '幫我留2個');
    const [reply] = await messagesFor(groupId, 1);
    const order = await waitFor('the reservation', () => orderOf(delivery.webhookEventId).then((o) => o ?? undefined));
    expect(order.status).toBe('pending');
    expect(order.customer.lineUserId).toBe(member);
    expect(order.items[0]).toMatchObject({ requestedQuantity: 2 });
    expect(reply).toContain(order.number);
    expect(reply!.startsWith('@群組保留\n')).toBe(true);
  });

  it('【履歷】 in a group is not shown there: the member is pointed to the 1:1 chat', async () => {
    const groupId = newGroupId();
    const member = await createSandboxUser(stack, '隱私顧客');
    await sayInGroup(groupId, member, '+1');
    await messagesFor(groupId, 1);
    const delivery = await sayInGroup(groupId, member, '【履歷】');
    const [, reply] = await messagesFor(groupId, 2);
    expect(reply).toContain('@隱私顧客');
    expect(reply).toContain('一對一聊天室');
    expect(reply).not.toMatch(/[A-Z]{4}-\d{8}-\d{4}/);
    const result = (await stack.temporal.workflow
      .getHandle(chatWorkflowId(tenant.id, delivery.webhookEventId))
      .result()) as ChatHistoryResult;
    expect(result).toEqual({ listed: 0, delivery: 'reply' });
    expect(await textsTo(member)).toEqual([]);
  });

  it('a redelivered group order makes one order and one answer', async () => {
    const groupId = newGroupId();
    const member = await createSandboxUser(stack, '群組重送');
    const delivery = await sayInGroup(groupId, member, '+1');
    await messagesFor(groupId, 1);
    await dispatched(delivery.webhookEventId);
    const redelivery = await redeliver(delivery.webhookEventId);
    expect(redelivery.status).toBe(200);
    await settle();
    expect(await stack.db.order.count({ where: { tenantId: tenant.id, customer: { lineUserId: member } } })).toBe(1);
    expect(await textsTo(groupId)).toHaveLength(1);
  });
});

describe('rooms (multi-person chats)', () => {
  it('"+2" in a room is the member’s order, answered in the room with their name', async () => {
    const roomId = newRoomId();
    const member = await createSandboxUser(stack, '房間顧客');
    const delivery = await sendEvent({
      type: 'message',
      source: { type: 'room', roomId, userId: member },
      message: { type: 'text', text: '+2' },
    });
    const [reply] = await messagesFor(roomId, 1);
    const order = await waitFor('the order', () => orderOf(delivery.webhookEventId).then((o) => o ?? undefined));
    expect(order.customer.lineUserId).toBe(member);
    expect(order.total).toBe(3000);
    expect(reply!.startsWith('@房間顧客\n')).toBe(true);
    expect(reply).toContain(order.number);
  });

  it('a message in a room without a userId is ignored', async () => {
    const roomId = newRoomId();
    const delivery = await sendEvent({
      type: 'message',
      source: { type: 'room', roomId },
      message: { type: 'text', text: '我要' },
    });
    await dispatched(delivery.webhookEventId);
    await settle();
    expect(await orderOf(delivery.webhookEventId)).toBeNull();
    expect(await textsTo(roomId)).toEqual([]);
  });
});
