import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession, createMember, type TestSession } from '../../test/support/auth.ts';
import { startAuthServer, type AuthServer } from '../../test/support/auth-server.ts';
import { createTenant } from '../../test/support/shops.ts';
import type { AdminOrderDetail, AdminOrderNote } from './order-detail.ts';

/**
 * The order page's API against a real PostgreSQL and the real server: the detail (items,
 * customer, allowed statuses, timeline with names, notes), adding notes, and the bad input the
 * message route refuses before anything reaches Temporal (which is a recording stand-in here;
 * test/e2e/orders/order-messages.test.ts sends for real). Another shop's order numbers are not found.
 */

let server: AuthServer;
let shop: { id: string; slug: string };
let other: { id: string; slug: string };
let owner: TestSession;
let ownerStaffId: string;
let orderNumber: string;
let orderId: string;
let otherNumber: string;

async function seedOrder(
  tenantId: string,
  number: string,
  opts: { blocked?: boolean; status?: 'pending' | 'shipped' } = {},
) {
  const customer = await server.db.customer.create({
    data: {
      tenantId,
      lineUserId: `U${randomUUID().replaceAll('-', '')}`,
      displayName: '王小明',
      pictureUrl: 'https://profile.line-scdn.net/wang.jpg',
      blockedAt: opts.blocked ? new Date() : null,
    },
  });
  const product = await server.db.product.create({
    data: { tenantId, code: `2611220${number.slice(-2)}`, name: '桂花烏龍', price: 350, stock: 0 },
  });
  return server.db.order.create({
    data: {
      tenantId,
      number,
      customerId: customer.id,
      status: opts.status ?? 'pending',
      total: 700,
      trackingNumber: opts.status === 'shipped' ? 'TW123' : null,
      sourceEventId: `evt-${randomUUID()}`,
      workflowId: `order:${tenantId}:line:${number}`,
      items: {
        create: {
          tenantId,
          productId: product.id,
          productCode: product.code,
          productName: product.name,
          unitPrice: 350,
          requestedQuantity: 3,
          allocatedQuantity: 2,
        },
      },
    },
  });
}

beforeAll(async () => {
  server = await startAuthServer('order_detail');
  shop = await createTenant(server.db, 'detail-shop', '美玲的手作小舖');
  other = await createTenant(server.db, 'other-shop', '隔壁小店');
  const member = await createMember(server.db, shop.id, { role: 'owner', displayName: '美玲' });
  ownerStaffId = member.staffId;
  owner = await createSession(server.db, server.config, member.userId);
  const order = await seedOrder(shop.id, 'ABCD-20261122-0001', { blocked: true });
  orderNumber = order.number;
  orderId = order.id;
  const t0 = Date.parse('2026-11-22T02:00:00.000Z');
  await server.db.orderEvent.createMany({
    data: [
      {
        tenantId: shop.id,
        orderId,
        type: 'created',
        toStatus: 'pending',
        actor: 'customer:Uwang',
        createdAt: new Date(t0),
      },
      {
        tenantId: shop.id,
        orderId,
        type: 'customer_notified',
        actor: 'system',
        data: { delivery: 'reply', retryKey: randomUUID() },
        createdAt: new Date(t0 + 1000),
      },
      {
        tenantId: shop.id,
        orderId,
        type: 'status_changed',
        fromStatus: 'pending',
        toStatus: 'confirmed',
        actor: `staff:${ownerStaffId}`,
        data: { changeId: randomUUID(), trackingNumber: null },
        createdAt: new Date(t0 + 2000),
      },
    ],
  });
  otherNumber = (await seedOrder(other.id, 'WXYZ-20261122-0001')).number;
}, 120_000);
afterAll(() => server?.close());

async function call(method: 'GET' | 'POST', path: string, body?: unknown) {
  const response = await fetch(`${server.baseUrl}${path}`, {
    method,
    headers: { ...owner.headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
const detailOf = async (number: string) => call('GET', `/api/t/${shop.slug}/orders/${number}/detail`);
const countRows = async () => ({
  notes: await server.db.orderNote.count(),
  events: await server.db.orderEvent.count(),
  audit: await server.db.auditLog.count({ where: { action: { startsWith: 'order.' } } }),
});

describe('GET /api/t/:tenant/orders/:orderNumber/detail', () => {
  it('answers the order with requested and allocated quantities, the customer, next statuses and a named timeline', async () => {
    const { status, body } = await detailOf(orderNumber);
    expect(status).toBe(200);
    const detail = body as unknown as AdminOrderDetail;
    expect(detail.tenant).toEqual({ slug: 'detail-shop', name: '美玲的手作小舖' });
    expect(detail.order).toMatchObject({
      id: orderId,
      number: orderNumber,
      status: 'pending',
      total: 700,
      trackingNumber: null,
      items: [{ productName: '桂花烏龍', unitPrice: 350, requestedQuantity: 3, allocatedQuantity: 2 }],
    });
    expect(detail.order.workflowUrl).toContain(encodeURIComponent(`order:${shop.id}:line:${orderNumber}`));
    expect(detail.customer).toMatchObject({ displayName: '王小明', blocked: true });
    expect(detail.nextStatuses).toEqual(['confirmed', 'cancelled', 'needs_attention']);
    expect(detail.events.map((e) => [e.type, e.actor])).toEqual([
      ['created', { kind: 'customer', name: '王小明' }],
      ['customer_notified', { kind: 'system', name: null }],
      ['status_changed', { kind: 'staff', name: '美玲' }],
    ]);
    expect(detail.events[1]!.details).toEqual({ delivery: 'reply' });
    expect(detail.events[0]!.createdAt).toBe('2026-11-22T02:00:00.000Z');
    expect(detail.notes).toEqual([]);
  });

  it('answers 404 for an unknown number and for another shop’s', async () => {
    for (const number of ['ABCD-20261122-9999', otherNumber, encodeURIComponent('x'.repeat(41))]) {
      expect(await detailOf(number), number).toEqual({
        status: 404,
        body: { code: 'not_found', message: '找不到這筆訂單' },
      });
    }
  });
});

describe('POST /api/t/:tenant/orders/:orderNumber/notes', () => {
  it('adds a note by the member, newest first, with its audit line', async () => {
    const first = await call('POST', `/api/t/${shop.slug}/orders/${orderNumber}/notes`, {
      body: '  顧客希望週末到貨  ',
    });
    expect(first.status).toBe(201);
    const second = await call('POST', `/api/t/${shop.slug}/orders/${orderNumber}/notes`, {
      body: '已電話確認地址\n台北市大安區',
    });
    const notes = second.body.notes as AdminOrderNote[];
    expect(notes.map((n) => [n.body, n.authorName])).toEqual([
      ['已電話確認地址\n台北市大安區', '美玲'],
      ['顧客希望週末到貨', '美玲'],
    ]);
    expect(Date.parse(notes[0]!.createdAt)).toBeGreaterThanOrEqual(Date.parse(notes[1]!.createdAt));
    expect(((await detailOf(orderNumber)).body as unknown as AdminOrderDetail).notes).toEqual(notes);
    const audit = await server.db.auditLog.findMany({ where: { tenantId: shop.id, action: 'order.note_add' } });
    expect(audit).toHaveLength(2);
    expect(audit[0]).toMatchObject({ actorName: '美玲', targetType: 'order', targetId: orderNumber });
  });

  it('refuses an empty or over-long note, and another shop’s order, writing nothing', async () => {
    const before = await countRows();
    const empty = await call('POST', `/api/t/${shop.slug}/orders/${orderNumber}/notes`, { body: '   ' });
    expect(empty).toEqual({ status: 400, body: { code: 'invalid_input', message: '請輸入備註內容' } });
    const long = await call('POST', `/api/t/${shop.slug}/orders/${orderNumber}/notes`, { body: '字'.repeat(1001) });
    expect(long).toEqual({ status: 400, body: { code: 'invalid_input', message: '備註最多 1000 個字' } });
    const missing = await call('POST', `/api/t/${shop.slug}/orders/${orderNumber}/notes`, {});
    expect(missing.status).toBe(400);
    const foreign = await call('POST', `/api/t/${shop.slug}/orders/${otherNumber}/notes`, { body: '偷寫的備註' });
    expect(foreign).toEqual({ status: 404, body: { code: 'not_found', message: '找不到這筆訂單' } });
    expect(await countRows()).toEqual(before);
  });
});

describe('POST /api/t/:tenant/orders/:orderNumber/messages: bad input', () => {
  it('refuses each with a clear zh-TW message before anything is sent', async () => {
    const untracked = await seedOrder(shop.id, 'ABCD-20261122-0002');
    const url = (number: string) => `/api/t/${shop.slug}/orders/${number}/messages`;
    const cases: [string, unknown, number, string][] = [
      [orderNumber, { template: 'shipped' }, 400, 'requestId 必須是 UUID'],
      [orderNumber, { requestId: 'abc', text: '您好' }, 400, 'requestId 必須是 UUID'],
      [orderNumber, { requestId: randomUUID() }, 400, '請選擇一個範本，或輸入自訂訊息（擇一）'],
      [
        orderNumber,
        { requestId: randomUUID(), template: 'shipped', text: '您好' },
        400,
        '請選擇一個範本，或輸入自訂訊息（擇一）',
      ],
      [orderNumber, { requestId: randomUUID(), template: 'teleported' }, 400, '找不到這個訊息範本'],
      [orderNumber, { requestId: randomUUID(), text: '   ' }, 400, '請輸入要傳給顧客的訊息'],
      [orderNumber, { requestId: randomUUID(), text: '字'.repeat(501) }, 400, '訊息最多 500 個字，目前 501 個字'],
      [
        untracked.number,
        { requestId: randomUUID(), template: 'shipped' },
        400,
        '這筆訂單還沒有物流單號，請先在狀態中填寫物流單號',
      ],
      [otherNumber, { requestId: randomUUID(), text: '您好' }, 404, '找不到這筆訂單'],
    ];
    const before = await countRows();
    for (const [number, body, status, message] of cases) {
      const answer = await call('POST', url(number), body);
      expect(answer.status, JSON.stringify(body)).toBe(status);
      expect(answer.body.message, JSON.stringify(body)).toBe(message);
    }
    expect(await countRows()).toEqual(before);
  });
});
