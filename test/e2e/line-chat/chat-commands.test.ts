import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatOrderWorkflowId, chatWorkflowId } from '../../../domain/workflow-ids.ts';
import type { OrderStatus } from '../../../domain/orders/order-status.ts';
import type { ChatHistoryResult } from '../../../workflows/line-chat/chat-history.ts';
import { recordHistory } from '../../support/histories.ts';
import { createSandboxUser, sandboxPost, sendChat, sentTo } from '../../support/line-sandbox.ts';
import { createTestTenant, shopHelpers, type TestTenant } from '../../support/shops.ts';
import { settle, startStack, waitFor, type Stack } from '../../support/stack.ts';

/**
 * Every chat command a customer may type, through the sandbox, the server, the worker and the
 * database: the Chinese and Japanese phrases, trailing punctuation, 幫我留 (handed to the
 * order workflow as a reservation), and 【履歷】 with its own workflow.
 */

let stack: Stack;
let tenant: TestTenant;
const NEWEST = '261122003';

beforeAll(async () => {
  stack = await startStack();
  tenant = await createTestTenant(stack, {
    products: [
      { code: '261122001', name: '手工皂', price: 250, stock: 100 },
      { code: '261122002', name: '下架商品', price: 100, stock: 5, isPublic: false },
      // The newest public product: what +N, 我要, 欲しい and 幫我留 take.
      { code: NEWEST, name: '冬季圍巾', price: 1500, stock: 100 },
    ],
  });
});
afterAll(() => stack?.stop());
const { textsTo, messagesFor, redeliver, dispatched } = shopHelpers(() => ({ stack, tenant }));

const orderOf = (webhookEventId: string, forTenant = tenant) =>
  stack.db.order.findUnique({
    where: { tenantId_sourceEventId: { tenantId: forTenant.id, sourceEventId: webhookEventId } },
    include: { items: true, customer: true },
  });

describe('order commands in Chinese and Japanese, with punctuation', () => {
  const phrases: [string, string, number][] = [
    ['我要', '張三', 1],
    ['要', '李四', 1],
    ['來！', '王五', 1],
    ['欲しい', '田中花子', 1],
    ['お願いします。', '佐藤健', 1],
    ['+1！', '趙六', 1],
    ['＋２。', '錢七', 2],
  ];

  it.each(phrases)('%j (from %s) orders of the newest product', async (text, name, quantity) => {
    const customer = await createSandboxUser(stack, name);
    const delivery = await sendChat(stack, tenant, customer, text);
    const [reply] = await messagesFor(customer, 1);
    const order = await waitFor('the order', () => orderOf(delivery.webhookEventId).then((o) => o ?? undefined));
    expect(order.status).toBe('confirmed');
    expect(order.customer.displayName).toBe(name);
    expect(order.items).toEqual([expect.objectContaining({ productCode: NEWEST, requestedQuantity: quantity })]);
    expect(order.total).toBe(1500 * quantity);
    expect(reply).toContain(order.number);
    expect(order.workflowId).toBe(chatOrderWorkflowId(tenant.id, delivery.webhookEventId));
  });

  it('"CODE＋N！" in full width orders that product', async () => {
    const customer = await createSandboxUser(stack, '孫八');
    const delivery = await sendChat(stack, tenant, customer, '２６１１２２００１　＋３！');
    const [reply] = await messagesFor(customer, 1);
    const order = await orderOf(delivery.webhookEventId);
    expect(order?.items[0]).toMatchObject({ productCode: '261122001', requestedQuantity: 3 });
    expect(reply).toContain('手工皂');
  });

  it('an unknown or non-public code, even with a trailing mark, gets a clear reply and no order', async () => {
    const customer = await createSandboxUser(stack, '周九');
    const unknown = await sendChat(stack, tenant, customer, '999999999+1！');
    const hidden = await sendChat(stack, tenant, customer, '261122002 +1。');
    const texts = await messagesFor(customer, 2);
    expect(texts.join('\n')).toContain('999999999');
    expect(texts.join('\n')).toContain('261122002');
    expect(await orderOf(unknown.webhookEventId)).toBeNull();
    expect(await orderOf(hidden.webhookEventId)).toBeNull();
  });

  it('+0, +100 and 幫我留100個 are told the limit once, make no order, and a +1 behind a direction mark orders', async () => {
    const customer = await createSandboxUser(stack, '鄭十一');
    const deliveries = [];
    for (const text of ['+0', '+100', '幫我留100個']) deliveries.push(await sendChat(stack, tenant, customer, text));
    const texts = await messagesFor(customer, 3);
    expect(texts).toHaveLength(3);
    for (const text of texts) expect(text).toContain('數量請輸入 1 到 99');
    // Answered in any order; the reservation's answer says no hold was made.
    expect(texts.filter((text) => text.includes('沒有為您成立保留'))).toHaveLength(1);
    for (const delivery of deliveries) expect(await orderOf(delivery.webhookEventId)).toBeNull();
    // Redelivered: answered once.
    await dispatched(deliveries[1]!.webhookEventId);
    expect((await redeliver(deliveries[1]!.webhookEventId)).status).toBe(200);
    await settle();
    expect(await textsTo(customer)).toHaveLength(3);

    const marked = await sendChat(stack, tenant, customer, '+1\u200E');
    expect(await waitFor('the order', () => orderOf(marked.webhookEventId).then((o) => o ?? undefined))).toBeTruthy();
  });

  it('commands mixed with other text are chat: no answer, no customer, no workflow', async () => {
    const customer = await createSandboxUser(stack, '吳十');
    for (const text of ['我要2個', '+1 謝謝', '我要+1', 'history please', '幫我留一下', '要嗎？']) {
      await sendChat(stack, tenant, customer, text);
    }
    await settle();
    expect(await textsTo(customer)).toEqual([]);
    expect(await stack.db.customer.count({ where: { tenantId: tenant.id, lineUserId: customer } })).toBe(0);
  });

  it('a redelivered 我要 makes no second order and no second reply', async () => {
    const customer = await createSandboxUser(stack, '重送我要');
    const delivery = await sendChat(stack, tenant, customer, '我要');
    await messagesFor(customer, 1);
    await dispatched(delivery.webhookEventId);
    expect((await redeliver(delivery.webhookEventId)).status).toBe(200);
    await settle();
    expect(await stack.db.order.count({ where: { tenantId: tenant.id, customer: { lineUserId: customer } } })).toBe(1);
    expect(await textsTo(customer)).toHaveLength(1);
  });
});

describe('幫我留: reservations go to the order workflow', () => {
  it.each([
    ['幫我留', 1],
    ['幫我留兩個', 2],
    ['幫我留３個！', 3],
  ] as const)('%j holds %i of the newest product in 未購入', async (text, quantity) => {
    const customer = await createSandboxUser(stack, `保留${quantity}`);
    const delivery = await sendChat(stack, tenant, customer, text);
    const [reply] = await messagesFor(customer, 1);
    const order = await waitFor('the reservation', () => orderOf(delivery.webhookEventId).then((o) => o ?? undefined));
    expect(order.status).toBe('pending');
    expect(order.items).toEqual([expect.objectContaining({ productCode: NEWEST, requestedQuantity: quantity })]);
    expect(order.workflowId).toBe(chatOrderWorkflowId(tenant.id, delivery.webhookEventId));
    expect(reply).toContain(order.number);
    expect(reply).toContain('保留');
  });

  it('a redelivered 幫我留 holds the stock once', async () => {
    const customer = await createSandboxUser(stack, '重送保留');
    const stockBefore = (await stack.db.product.findUniqueOrThrow({ where: { id: tenant.products.get(NEWEST)!.id } }))
      .stock;
    const delivery = await sendChat(stack, tenant, customer, '幫我留2個');
    await messagesFor(customer, 1);
    await dispatched(delivery.webhookEventId);
    await redeliver(delivery.webhookEventId);
    await settle();
    expect(await stack.db.order.count({ where: { tenantId: tenant.id, customer: { lineUserId: customer } } })).toBe(1);
    expect(await textsTo(customer)).toHaveLength(1);
    const stockAfter = (await stack.db.product.findUniqueOrThrow({ where: { id: tenant.products.get(NEWEST)!.id } }))
      .stock;
    expect(stockAfter).toBe(stockBefore - 2);
  });
});

describe('【履歷】: the customer’s recent orders', () => {
  /** Orders written straight into the database, so their dates and statuses are ours to choose. */
  async function seedOrders(
    forTenant: TestTenant,
    lineUserId: string,
    orders: { number: string; status: OrderStatus; createdAt: string; quantity: number }[],
  ) {
    const customerId = uuidv7();
    await stack.db.customer.create({
      data: { id: customerId, tenantId: forTenant.id, lineUserId, displayName: '歷史顧客' },
    });
    const [productCode, product] = [...forTenant.products.entries()][0]!;
    for (const o of orders) {
      const orderId = uuidv7();
      await stack.db.order.create({
        data: {
          id: orderId,
          tenantId: forTenant.id,
          number: o.number,
          customerId,
          status: o.status,
          total: 250 * o.quantity,
          sourceEventId: `seed-${orderId}`,
          workflowId: `seed-${orderId}`,
          createdAt: new Date(o.createdAt),
          items: {
            create: {
              id: uuidv7(),
              tenantId: forTenant.id,
              productId: product.id,
              productCode,
              productName: '手工皂',
              unitPrice: 250,
              requestedQuantity: o.quantity,
              allocatedQuantity: o.quantity,
            },
          },
        },
      });
    }
  }

  it('lists the newest 5 with number, date (Asia/Taipei), status, items and total, and only this shop’s', async () => {
    const customer = await createSandboxUser(stack, '老顧客');
    await seedOrders(tenant, customer, [
      { number: 'HIST-20260101-0001', status: 'shipped', createdAt: '2026-01-01T02:00:00Z', quantity: 1 },
      { number: 'HIST-20260102-0001', status: 'paid', createdAt: '2026-01-02T02:00:00Z', quantity: 2 },
      { number: 'HIST-20260103-0001', status: 'cancelled', createdAt: '2026-01-03T02:00:00Z', quantity: 3 },
      { number: 'HIST-20260104-0001', status: 'needs_attention', createdAt: '2026-01-04T02:00:00Z', quantity: 4 },
      { number: 'HIST-20260105-0001', status: 'pending', createdAt: '2026-01-05T02:00:00Z', quantity: 5 },
      // 16:30 UTC is already the next day in Taipei.
      { number: 'HIST-20260109-0001', status: 'confirmed', createdAt: '2026-01-08T16:30:00Z', quantity: 6 },
    ]);
    // The same LINE user ID in another shop: never shown here.
    const otherShop = await createTestTenant(stack, {
      products: [{ code: '261122001', name: '手工皂', price: 250, stock: 10 }],
    });
    await seedOrders(otherShop, customer, [
      { number: 'OTHR-20260110-0001', status: 'confirmed', createdAt: '2026-01-10T02:00:00Z', quantity: 1 },
    ]);

    const delivery = await sendChat(stack, tenant, customer, '【履歷】');
    const [reply] = await messagesFor(customer, 1);
    expect(reply).toContain('您共有 6 筆訂單，以下是最近 5 筆');
    const numbers = reply!.match(/HIST-\d{8}-\d{4}/g);
    expect(numbers).toEqual([
      'HIST-20260109-0001',
      'HIST-20260105-0001',
      'HIST-20260104-0001',
      'HIST-20260103-0001',
      'HIST-20260102-0001',
    ]);
    expect(reply).not.toContain('HIST-20260101-0001');
    expect(reply).not.toContain('OTHR-');
    expect(reply).toContain(
      '1. HIST-20260109-0001\n　2026/01/09 00:30｜已購買\n　「手工皂」（261122001）× 6\n　合計：NT$1,500',
    );
    for (const label of ['未購入', '其他/請諮詢', '已售完/取消', '已支付']) expect(reply).toContain(label);
    expect(reply).toContain('2026/01/02 10:00');

    const result = (await stack.temporal.workflow
      .getHandle(chatWorkflowId(tenant.id, delivery.webhookEventId))
      .result()) as ChatHistoryResult;
    expect(result).toEqual({ listed: 5, delivery: 'reply' });
    await recordHistory(chatWorkflowId(tenant.id, delivery.webhookEventId), 'chat-history-listed');
    // Asking for history changes nothing.
    expect(await stack.db.order.count({ where: { tenantId: tenant.id, customer: { lineUserId: customer } } })).toBe(6);
  });

  it('shows an order just placed in the chat first', async () => {
    const customer = await createSandboxUser(stack, '新顧客');
    const delivery = await sendChat(stack, tenant, customer, '+2');
    const [confirmation] = await messagesFor(customer, 1);
    const order = await orderOf(delivery.webhookEventId);
    expect(confirmation).toContain(order!.number);
    await sendChat(stack, tenant, customer, 'history');
    const [, history] = await messagesFor(customer, 2);
    expect(history).toContain('您的訂單（共 1 筆）');
    expect(history).toContain(`1. ${order!.number}`);
    expect(history).toContain('「冬季圍巾」（261122003）× 2');
    expect(history).toContain('合計：NT$3,000');
    expect(history).toContain('已購買');
  });

  it.each(['【購入履歷】', 'HISTORY', '【history】！', '購入履歷', '履歷'])(
    '%j is answered with the history too',
    async (text) => {
      const customer = await createSandboxUser(stack, `問紀錄 ${text}`);
      await sendChat(stack, tenant, customer, text);
      const [reply] = await messagesFor(customer, 1);
      expect(reply).toContain('目前還沒有您的訂單紀錄');
      // Asking creates nothing: no customer row for someone without orders.
      expect(await stack.db.customer.count({ where: { tenantId: tenant.id, lineUserId: customer } })).toBe(0);
    },
  );

  it('pushes the history with a retry key when the reply fails', async () => {
    const customer = await createSandboxUser(stack, '推播紀錄');
    await sandboxPost(stack, '/_sandbox/faults', { path: '/v2/bot/message/reply', mode: 'error500', count: 1 });
    const delivery = await sendChat(stack, tenant, customer, '【履歷】');
    await messagesFor(customer, 1);
    const sent = await sentTo(stack, tenant, customer);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.kind).toBe('push');
    expect(sent[0]!.retryKey).toMatch(/^[0-9a-f-]{36}$/);
    const result = (await stack.temporal.workflow
      .getHandle(chatWorkflowId(tenant.id, delivery.webhookEventId))
      .result()) as ChatHistoryResult;
    expect(result.delivery).toBe('push');
  });

  it('a redelivered 【履歷】 is answered once, even after the inbox forgot the event', async () => {
    const customer = await createSandboxUser(stack, '重送紀錄');
    const delivery = await sendChat(stack, tenant, customer, '【履歷】');
    await messagesFor(customer, 1);
    await dispatched(delivery.webhookEventId);

    expect((await redeliver(delivery.webhookEventId)).status).toBe(200);
    await settle();
    expect(await textsTo(customer)).toHaveLength(1);

    await stack.db.lineWebhookEvent.deleteMany({
      where: { tenantId: tenant.id, webhookEventId: delivery.webhookEventId },
    });
    await redeliver(delivery.webhookEventId);
    await dispatched(delivery.webhookEventId);
    await settle();
    expect(await textsTo(customer)).toHaveLength(1);
  });
});
