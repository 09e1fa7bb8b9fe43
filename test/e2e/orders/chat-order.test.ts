import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderState } from '../../../workflows/orders/chat-order/updates.ts';
import { orderStateQuery } from '../../../workflows/orders/chat-order/updates.ts';
import { chatOrderWorkflowId } from '../../../domain/workflow-ids.ts';
import { startStack, waitFor, type Stack } from '../../support/stack.ts';
import { createSandboxUser, sandboxPost, sendChat, sentTo } from '../../support/line-sandbox.ts';
import { createTestTenant, shopHelpers, type TestTenant } from '../../support/shops.ts';
import { recordHistory } from '../../support/histories.ts';
import { authConfigOf, signedInMember } from '../../support/auth.ts';

let stack: Stack;
let tenant: TestTenant;

beforeAll(async () => {
  stack = await startStack();
  tenant = await createTestTenant(stack, {
    products: [
      { code: '261122001', name: '手工皂', price: 250, stock: 20 },
      { code: '261122002', name: '限量馬克杯', price: 480, stock: 2 },
      { code: '261122003', name: '客製刻字筆', price: 1200, stock: -1 },
      { code: '261122004', name: '已售完的帽子', price: 690, stock: 0 },
      { code: '261122005', name: '下架商品', price: 100, stock: 5, isPublic: false },
      // The newest public product: what a bare "+N" orders.
      { code: '261122006', name: '冬季圍巾', price: 1500, stock: 30 },
    ],
  });
});
afterAll(() => stack?.stop());
const { textsTo, messagesFor, redeliver, stockOf } = shopHelpers(() => ({ stack, tenant }));

async function orderOf(webhookEventId: string) {
  return stack.db.order.findUnique({
    where: { tenantId_sourceEventId: { tenantId: tenant.id, sourceEventId: webhookEventId } },
    include: { items: true, events: { orderBy: { createdAt: 'asc' } }, customer: true },
  });
}

describe('a customer orders in the LINE chat', () => {
  it('"+2" orders the newest public product, answers with the order number and total, and audits it', async () => {
    const customer = await createSandboxUser(stack, '王小明');
    const delivery = await sendChat(stack, tenant, customer, '+2');
    expect(delivery.status).toBe(200);

    const [reply] = await messagesFor(customer, 1);
    const order = await waitFor('order row', () => orderOf(delivery.webhookEventId).then((o) => o ?? undefined));
    expect(order.number).toMatch(/^[A-Z]{4}-\d{8}-\d{4}$/);
    expect(order.status).toBe('confirmed');
    expect(order.total).toBe(3000);
    expect(order.items).toEqual([
      expect.objectContaining({ productCode: '261122006', requestedQuantity: 2, allocatedQuantity: 2, unitPrice: 1500 }),
    ]);
    expect(order.customer.displayName).toBe('王小明');
    expect(reply).toContain(order.number);
    expect(reply).toContain('冬季圍巾');
    expect(reply).toContain('NT$3,000');
    expect(await stockOf('261122006')).toBe(28);

    await waitFor('customer_notified audit line', async () =>
      (await orderOf(delivery.webhookEventId))?.events.some((e) => e.type === 'customer_notified'),
    );
    const events = (await orderOf(delivery.webhookEventId))!.events.map((e) => e.type);
    expect(events[0]).toBe('created');

    const sent = await sentTo(stack, tenant, customer);
    expect(sent.map((m) => m.kind)).toEqual(['reply']);

    // The operator finds the workflow by its order number (it starts right after the answer).
    const handle = stack.temporal.workflow.getHandle(chatOrderWorkflowId(tenant.id, delivery.webhookEventId));
    const state: OrderState = await waitFor('the workflow carrying the order', async () => {
      const known = await handle.query(orderStateQuery).catch(() => undefined);
      return known?.outcome === 'placed' ? known : undefined;
    });
    expect(state).toMatchObject({ outcome: 'placed', orderNumber: order.number, status: 'confirmed', total: 3000 });
    const found = await waitFor('visibility of OrderNumber', async () => {
      for await (const wf of stack.temporal.workflow.list({ query: `OrderNumber = "${order.number}"` })) return wf;
      return undefined;
    });
    expect(found.workflowId).toBe(handle.workflowId);
    // A "+1" the inbox placed and answered itself (chat-order-placed-open is the same before the inbox did).
    await recordHistory(handle.workflowId, 'chat-order-inbox-placed');
  });

  it('"CODE+N" with spaces and full-width characters orders that product', async () => {
    const customer = await createSandboxUser(stack, '陳美玲');
    const delivery = await sendChat(stack, tenant, customer, '２６１１２２００１　＋３');
    const [reply] = await messagesFor(customer, 1);
    const order = await orderOf(delivery.webhookEventId);
    expect(order?.items[0]).toMatchObject({ productCode: '261122001', requestedQuantity: 3, allocatedQuantity: 3 });
    expect(order?.total).toBe(750);
    expect(reply).toContain('手工皂');
    expect(await stockOf('261122001')).toBe(17);
  });

  it('an answer LINE refuses once goes out by push, once, and the order is made once', async () => {
    await sandboxPost(stack, '/_sandbox/faults', { path: '/v2/bot/message/reply', mode: 'error500', count: 1 });
    const customer = await createSandboxUser(stack, '陳美玲');
    const delivery = await sendChat(stack, tenant, customer, '261122003+1');
    const [reply] = await messagesFor(customer, 1);
    const order = await waitFor('order row', () => orderOf(delivery.webhookEventId).then((o) => o ?? undefined));
    expect(reply).toContain(order.number);
    await new Promise((r) => setTimeout(r, 1500)); // a second answer would show up here
    expect((await sentTo(stack, tenant, customer)).map((m) => m.kind)).toEqual(['push']);
    expect(await stack.db.order.count({ where: { tenantId: tenant.id, sourceEventId: delivery.webhookEventId } })).toBe(1);
  });

  it('a redelivered event makes no second order and no second reply', async () => {
    const customer = await createSandboxUser(stack, '林大華');
    const delivery = await sendChat(stack, tenant, customer, '261122001+1');
    await messagesFor(customer, 1);
    const redelivery = await redeliver(delivery.webhookEventId);
    expect(redelivery.status).toBe(200);
    // Give a wrongly started second workflow every chance to act before we count.
    await new Promise((r) => setTimeout(r, 1500));
    const orders = await stack.db.order.count({ where: { tenantId: tenant.id, customer: { lineUserId: customer } } });
    expect(orders).toBe(1);
    expect(await textsTo(customer)).toHaveLength(1);
    expect(await stockOf('261122001')).toBe(16);
  });

  it('stock 0: no order, the customer is told, the admins get a 完全缺貨 alert', async () => {
    const customer = await createSandboxUser(stack, '張志明');
    const delivery = await sendChat(stack, tenant, customer, '261122004+1');
    const [reply] = await messagesFor(customer, 1);
    expect(reply).toContain('已售完的帽子');
    expect(await orderOf(delivery.webhookEventId)).toBeNull();
    const [alert] = await messagesFor(tenant.adminLineUserIds[0]!, 1);
    expect(alert).toContain('完全缺貨');
    expect(alert).toContain('261122004');
    expect(alert).toContain('張志明');
    expect(await stockOf('261122004')).toBe(0);
  });

  it('partial stock: a partial order, and the admins learn what was missing', async () => {
    const admin = tenant.adminLineUserIds[0]!;
    const alertsBefore = (await textsTo(admin)).length;
    const customer = await createSandboxUser(stack, '黃淑芬');
    const delivery = await sendChat(stack, tenant, customer, '261122002+3');
    const [reply] = await messagesFor(customer, 1);
    const order = await orderOf(delivery.webhookEventId);
    expect(order?.items[0]).toMatchObject({ requestedQuantity: 3, allocatedQuantity: 2 });
    expect(order?.total).toBe(960);
    expect(reply).toContain(order!.number);
    expect(await stockOf('261122002')).toBe(0);
    const alerts = await messagesFor(admin, alertsBefore + 1);
    const alert = alerts.at(-1)!;
    expect(alert).toContain('庫存不足');
    expect(alert).toContain(order!.number);
    expect(alert).toMatch(/3/);
    expect(alert).toMatch(/2/);
    const pushes = (await sentTo(stack, tenant, admin)).filter((m) => m.kind === 'push');
    expect(pushes.every((m) => typeof m.retryKey === 'string' && m.retryKey.length === 36)).toBe(true);
    await waitFor('admins_notified audit line', async () =>
      (await orderOf(delivery.webhookEventId))?.events.some((e) => e.type === 'admins_notified'),
    );
  });

  it('unlimited stock (-1) takes any quantity and stays unlimited', async () => {
    const customer = await createSandboxUser(stack, '李國強');
    const delivery = await sendChat(stack, tenant, customer, '261122003+99');
    await messagesFor(customer, 1);
    const order = await orderOf(delivery.webhookEventId);
    expect(order?.items[0]).toMatchObject({ requestedQuantity: 99, allocatedQuantity: 99 });
    expect(order?.total).toBe(118_800);
    expect(await stockOf('261122003')).toBe(-1);
  });

  it('an unknown or non-public code gets a clear reply and no order', async () => {
    const customer = await createSandboxUser(stack, '吳佩珊');
    const unknown = await sendChat(stack, tenant, customer, '999999999+1');
    const hidden = await sendChat(stack, tenant, customer, '261122005+1');
    const texts = await messagesFor(customer, 2);
    expect(texts.join('\n')).toContain('999999999');
    expect(texts.join('\n')).toContain('261122005');
    expect(await orderOf(unknown.webhookEventId)).toBeNull();
    expect(await orderOf(hidden.webhookEventId)).toBeNull();
    expect(await stockOf('261122005')).toBe(5);
  });

  it('ordinary chat is not an order and gets no automatic answer', async () => {
    const customer = await createSandboxUser(stack, '周杰');
    await sendChat(stack, tenant, customer, '請問圍巾有其他顏色嗎？+1');
    await sendChat(stack, tenant, customer, '我要+1');
    await new Promise((r) => setTimeout(r, 1000));
    expect(await textsTo(customer)).toEqual([]);
    expect(await stack.db.customer.count({ where: { tenantId: tenant.id, lineUserId: customer } })).toBe(0);
  });
});

describe('admins change an order status through a Workflow Update', () => {
  /** The shop's owner, signed in (session cookie and CSRF token). */
  let admin: Record<string, string>;
  beforeAll(async () => {
    admin = (await signedInMember(stack.db, authConfigOf(stack.env), tenant.id, { role: 'owner' })).headers;
  });
  async function placeOrder(name: string, text: string) {
    const customer = await createSandboxUser(stack, name);
    const delivery = await sendChat(stack, tenant, customer, text);
    await messagesFor(customer, 1);
    return (await orderOf(delivery.webhookEventId))!;
  }
  const changeStatus = (number: string, body: unknown) =>
    fetch(`${stack.apiUrl}/api/t/${tenant.slug}/orders/${number}/status`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...admin },
      body: JSON.stringify(body),
    });

  it('moves through 已支付 and 已出貨 with a tracking number, and refuses what the status machine forbids', async () => {
    const order = await placeOrder('蔡依琳', '261122001+1');
    let response = await changeStatus(order.number, { to: 'paid' });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'paid' });
    expect((await stack.db.order.findUniqueOrThrow({ where: { id: order.id } })).status).toBe('paid');

    response = await changeStatus(order.number, { to: 'shipped', trackingNumber: 'TW123456789' });
    expect(await response.json()).toMatchObject({ status: 'shipped', trackingNumber: 'TW123456789' });

    response = await changeStatus(order.number, { to: 'pending' });
    expect(response.status).toBe(409);
    const refusal = (await response.json()) as { code: string; message: string };
    expect(refusal.code).toBe('not_allowed');
    expect(refusal.message.length).toBeGreaterThan(0);
    const stored = await stack.db.order.findUniqueOrThrow({ where: { id: order.id }, include: { events: true } });
    expect(stored.status).toBe('shipped');
    expect(stored.trackingNumber).toBe('TW123456789');
    expect(stored.events.filter((e) => e.type === 'status_changed').map((e) => e.toStatus)).toEqual(['paid', 'shipped']);
    await recordHistory(order.workflowId, 'chat-order-paid-shipped');
  });

  it('a change retried with the same Idempotency-Key (its answer lost) answers 200 once stored, without a second change', async () => {
    const order = await placeOrder('蕭亞軒', '261122001+1');
    const withKey = (key: string) =>
      fetch(`${stack.apiUrl}/api/t/${tenant.slug}/orders/${order.number}/status`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': key, ...admin },
        body: JSON.stringify({ to: 'paid' }),
      });
    expect((await withKey('retry-key-0001')).status).toBe(200);
    // The same key again, as a client does when the server died before answering.
    const retried = await withKey('retry-key-0001');
    expect(retried.status).toBe(200);
    expect(await retried.json()).toMatchObject({ status: 'paid' });
    // A new key is a new request: the order is already 已付款.
    const fresh = await withKey('retry-key-0002');
    expect(fresh.status).toBe(409);
    expect(((await fresh.json()) as { code: string }).code).toBe('same_status');
    expect((await withKey('bad key!')).status).toBe(400);
    const stored = await stack.db.order.findUniqueOrThrow({ where: { id: order.id }, include: { events: true } });
    expect(stored.events.filter((e) => e.type === 'status_changed').map((e) => e.toStatus)).toEqual(['paid']);
    const audits = await stack.db.auditLog.count({
      where: { tenantId: tenant.id, action: 'order.status_change', targetId: order.number },
    });
    expect(audits).toBe(1);
  });

  it('cancelling returns the stock, and a cancelled order cannot change again', async () => {
    const before = await stockOf('261122001');
    const order = await placeOrder('許志安', '261122001+4');
    expect(await stockOf('261122001')).toBe(before - 4);
    const response = await changeStatus(order.number, { to: 'cancelled' });
    expect(response.status).toBe(200);
    expect(await stockOf('261122001')).toBe(before);
    const again = await changeStatus(order.number, { to: 'confirmed' });
    expect(again.status).toBe(409);
    const handle = stack.temporal.workflow.getHandle(order.workflowId);
    const result = await handle.result();
    expect(result.status).toBe('cancelled');
    await recordHistory(order.workflowId, 'chat-order-cancelled');
  });

  it('rejects bad input and other tenants\u2019 orders', async () => {
    const order = await placeOrder('鄭秀文', '261122001+1');
    expect((await changeStatus(order.number, { to: 'teleported' })).status).toBe(400);
    const other = await createTestTenant(stack, { products: [] });
    // The owner of this shop, on the other shop's address: not a member there, so not found.
    const crossTenant = await fetch(`${stack.apiUrl}/api/t/${other.slug}/orders/${order.number}/status`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...admin },
      body: JSON.stringify({ to: 'cancelled' }),
    });
    expect(crossTenant.status).toBe(404);
    expect((await stack.db.order.findUniqueOrThrow({ where: { id: order.id } })).status).toBe('confirmed');
  });
});
