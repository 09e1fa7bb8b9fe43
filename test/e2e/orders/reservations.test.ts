import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handlePostback } from '../../../api/line-chat/events/postback.ts';
import { startChatOrder } from '../../../api/line-chat/events/start-chat-order.ts';
import { lineWebhookEventSchema, type LinePostbackEvent } from '../../../integrations/line/webhook-schema.ts';
import { orderStateQuery, type OrderState } from '../../../workflows/orders/chat-order/updates.ts';
import { authConfigOf, signedInMember } from '../../support/auth.ts';
import { recordHistory } from '../../support/histories.ts';
import { createSandboxUser, sandboxPost, sentTo, textsOf } from '../../support/line-sandbox.ts';
import { createTestTenant, shopHelpers, type TestTenant } from '../../support/shops.ts';
import { startStack, waitFor, type Stack } from '../../support/stack.ts';

/**
 * 幫我留 reservations through the real processes: held in 未購入 with the tenant's window,
 * confirmed by the customer's 「確認購買」 postback or by the merchant, or expired by the
 * workflow's timer with the stock released. The parser for 幫我留 is not this file's
 * concern: reservations are started with startChatOrder, as the webhook does, for a real
 * LINE message event (so the reply token and message ID are the sandbox's own).
 */

let stack: Stack;
let tenant: TestTenant;
let owner: { staffId: string; headers: Record<string, string> };
const LONG_HOLD_MS = 10 * 60_000;

const RACE_CODES = Array.from({ length: 12 }, (_, i) => `2611222${String(i).padStart(2, '0')}`);

beforeAll(async () => {
  stack = await startStack();
  tenant = await createTestTenant(stack, {
    products: [
      { code: '261122101', name: '手工皂', price: 250, stock: 10 },
      { code: '261122102', name: '限量馬克杯', price: 480, stock: 10 },
      { code: '261122103', name: '冬季圍巾', price: 1500, stock: 10 },
      { code: '261122104', name: '香氛蠟燭', price: 600, stock: 10 },
      { code: '261122105', name: '帆布袋', price: 390, stock: 10 },
      ...RACE_CODES.map((code) => ({ code, name: `搶購商品 ${code}`, price: 100, stock: 5 })),
    ],
  });
  owner = await signedInMember(stack.db, authConfigOf(stack.env), tenant.id, { role: 'owner' });
});
afterAll(() => stack?.stop());
const { sentMessagesFor, redeliver, stockOf, orderById, serverDeps } = shopHelpers(() => ({ stack, tenant }));

interface Reservation {
  customer: string;
  workflowId: string;
  orderId: string;
  number: string;
  receivedAtMs: number;
}

/** A customer writes in the chat; the reservation starts for that message as the webhook would start it. */
async function reserve(name: string, code: string, quantity: number, holdMs: number): Promise<Reservation> {
  const customer = await createSandboxUser(stack, name);
  const message = (await sandboxPost(stack, `/_sandbox/channels/${tenant.channelId}/messages`, {
    userId: customer,
    text: '（保留測試訊息）',
  })) as { webhookEventId: string; replyToken: string; messageId: string; status: number };
  expect(message.status).toBe(200);
  const receivedAtMs = Date.now();
  const { workflowId } = await startChatOrder(stack.temporal, stack.taskQueue, {
    tenantId: tenant.id,
    webhookEventId: message.webhookEventId,
    lineUserId: customer,
    replyToken: message.replyToken,
    command: { kind: 'reserve', target: { type: 'code', code }, quantity },
    receivedAtMs,
    text: `幫我留${quantity}個`,
    sourceMessageId: message.messageId,
    reservationHoldMs: holdMs,
  });
  const order = await waitFor('the reservation row', () =>
    stack.db.order
      .findUnique({ where: { tenantId_sourceEventId: { tenantId: tenant.id, sourceEventId: message.webhookEventId } } })
      .then((o) => o ?? undefined),
  );
  return { customer, workflowId, orderId: order.id, number: order.number, receivedAtMs };
}

/** The customer taps 「確認購買」: LINE sends a postback event with the button's data. */
async function tapConfirm(r: Reservation, userId = r.customer, data = `confirm:${r.number}`) {
  const result = (await sandboxPost(stack, `/_sandbox/channels/${tenant.channelId}/events`, {
    type: 'postback',
    userId,
    postback: { data },
  })) as { webhookEventIds: string[]; events: unknown[]; status: number; error?: string };
  expect(result.status, result.error).toBe(200);
  return { webhookEventId: result.webhookEventIds[0]!, event: result.events[0] };
}

/** The merchant changes the status in the admin (signed in as the shop's owner). */
const changeStatus = (number: string, to: string) =>
  fetch(`${stack.apiUrl}/api/t/${tenant.slug}/orders/${number}/status`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...owner.headers },
    body: JSON.stringify({ to }),
  });

const stateOf = (r: Reservation): Promise<OrderState> =>
  stack.temporal.workflow.getHandle(r.workflowId).query(orderStateQuery);
const statusChanges = async (r: Reservation) =>
  (await orderById(r.orderId)).events
    .filter((e) => e.type === 'status_changed')
    .map((e) => ({ from: e.fromStatus, to: e.toStatus, actor: e.actor }));

describe('a customer reserves with 幫我留', () => {
  it('holds the stock in 未購入 and says what, until when, and how to confirm (a 確認購買 postback button)', async () => {
    const r = await reserve('王小明', '261122101', 3, LONG_HOLD_MS);
    const [held] = await sentMessagesFor(r.customer, 1);
    expect(held!.kind).toBe('reply');
    const message = held!.messages[0] as {
      text: string;
      quickReply?: { items: { type: string; action: { type: string; label: string; data: string } }[] };
    };
    expect(message.text).toContain('已為您保留商品');
    expect(message.text).toContain(r.number);
    expect(message.text).toContain('手工皂');
    expect(message.text).toContain('NT$750');
    expect(message.text).toContain('（台灣時間）');
    // The deadline is the customer's message time plus the hold, in Asia/Taipei.
    const deadline = new Date(r.receivedAtMs + LONG_HOLD_MS + 8 * 3600_000);
    const hhmm = `${String(deadline.getUTCHours()).padStart(2, '0')}:${String(deadline.getUTCMinutes()).padStart(2, '0')}`;
    expect(message.text).toContain(hhmm);
    expect(message.quickReply?.items).toEqual([
      {
        type: 'action',
        action: { type: 'postback', label: '確認購買', data: `confirm:${r.number}`, displayText: '確認購買' },
      },
    ]);

    const order = await orderById(r.orderId);
    expect(order.status).toBe('pending');
    expect(order.items[0]).toMatchObject({ requestedQuantity: 3, allocatedQuantity: 3 });
    expect(await stockOf('261122101')).toBe(7);
    expect((await stateOf(r)).reservation).toEqual({ expiresAtMs: r.receivedAtMs + LONG_HOLD_MS, outcome: 'holding' });
  });

  it('confirmed in time by the customer\u2019s postback: 已購買, the stock still held, the customer told', async () => {
    const before = await stockOf('261122102');
    const r = await reserve('陳美玲', '261122102', 2, LONG_HOLD_MS);
    await sentMessagesFor(r.customer, 1);
    expect(await stockOf('261122102')).toBe(before - 2);

    const tap = await tapConfirm(r);
    const sent = await sentMessagesFor(r.customer, 2);
    const confirmed = sent.at(-1)!;
    expect(confirmed.kind).toBe('reply'); // answered with the postback's reply token
    expect(textsOf([confirmed])[0]).toContain('已為您確認購買');
    expect(textsOf([confirmed])[0]).toContain(r.number);

    const order = await orderById(r.orderId);
    expect(order.status).toBe('confirmed');
    expect(await stockOf('261122102')).toBe(before - 2);
    expect(await statusChanges(r)).toEqual([{ from: 'pending', to: 'confirmed', actor: `customer:${r.customer}` }]);
    expect(order.events.find((e) => e.type === 'status_changed')?.data).toMatchObject({ changeId: tap.webhookEventId });
    expect((await stateOf(r)).reservation?.outcome).toBe('confirmed');
    await recordHistory(r.workflowId, 'chat-reservation-confirmed');
  });

  it('a redelivered postback (and the same event handled twice) confirms once and answers once', async () => {
    const r = await reserve('林大華', '261122103', 1, LONG_HOLD_MS);
    await sentMessagesFor(r.customer, 1);
    const tap = await tapConfirm(r);
    await sentMessagesFor(r.customer, 2);

    const redelivery = await redeliver(tap.webhookEventId);
    expect(redelivery.status).toBe(200);
    // Past the inbox too: the handler itself, for the same event, gets the first outcome.
    const event = lineWebhookEventSchema.parse(tap.event) as LinePostbackEvent;
    expect(await handlePostback(serverDeps(), { tenantId: tenant.id }, event)).toBe('confirmed');
    expect(await handlePostback(serverDeps(), { tenantId: tenant.id }, event)).toBe('confirmed');
    await new Promise((r) => setTimeout(r, 1500));

    expect(textsOf(await sentTo(stack, tenant, r.customer))).toHaveLength(2);
    expect(await statusChanges(r)).toHaveLength(1);
    expect(await stockOf('261122103')).toBe(9);
    const stored = await stack.db.lineWebhookEvent.count({
      where: { tenantId: tenant.id, webhookEventId: tap.webhookEventId },
    });
    expect(stored).toBe(1);
  });

  it('a tap by someone else (a group member), a second tap and a malformed postback change nothing', async () => {
    const r = await reserve('張志明', '261122104', 1, LONG_HOLD_MS);
    await sentMessagesFor(r.customer, 1);
    const stranger = await createSandboxUser(stack, '路人');
    await tapConfirm(r, stranger);
    const [refusal] = await sentMessagesFor(stranger, 1);
    expect(textsOf([refusal!])[0]).toContain('只有保留的顧客本人可以確認購買');
    expect((await orderById(r.orderId)).status).toBe('pending');

    await tapConfirm(r, r.customer, `confirm:${r.number}'; DROP TABLE orders; --`);
    await tapConfirm(r, r.customer, 'confirm:ZZZZ-20261122-0001');
    await new Promise((r) => setTimeout(r, 1000));
    expect(textsOf(await sentTo(stack, tenant, r.customer))).toHaveLength(1);
    expect((await orderById(r.orderId)).status).toBe('pending');

    await tapConfirm(r);
    await sentMessagesFor(r.customer, 2);
    await tapConfirm(r);
    const sent = await sentMessagesFor(r.customer, 3);
    expect(textsOf(sent).at(-1)).toContain('已經確認購買');
    expect(await statusChanges(r)).toHaveLength(1);
  });

  it('confirmed by the merchant through the status API: 已購買, the stock held, the customer told by push', async () => {
    const before = await stockOf('261122105');
    const r = await reserve('黃淑芬', '261122105', 4, LONG_HOLD_MS);
    await sentMessagesFor(r.customer, 1);
    const response = await changeStatus(r.number, 'confirmed');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'confirmed' });
    const sent = await sentMessagesFor(r.customer, 2);
    expect(sent.at(-1)!.kind).toBe('push');
    expect(textsOf(sent).at(-1)).toContain('店家已為您確認購買');
    expect((await orderById(r.orderId)).status).toBe('confirmed');
    expect(await stockOf('261122105')).toBe(before - 4);
    expect(await statusChanges(r)).toEqual([{ from: 'pending', to: 'confirmed', actor: `staff:${owner.staffId}` }]);
    expect((await stateOf(r)).reservation?.outcome).toBe('confirmed');
  });
});

describe('an unconfirmed reservation expires', () => {
  it('at the end of the window: cancelled by the system, the stock back, the customer told; late taps refused', async () => {
    const code = '261122101';
    const before = await stockOf(code);
    const r = await reserve('李國強', code, 2, 3000);
    await sentMessagesFor(r.customer, 1);
    expect(await stockOf(code)).toBe(before - 2);

    const result: OrderState = await stack.temporal.workflow.getHandle(r.workflowId).result();
    expect(Date.now()).toBeGreaterThanOrEqual(r.receivedAtMs + 3000);
    expect(result.status).toBe('cancelled');
    expect(result.reservation?.outcome).toBe('expired');
    expect(await stockOf(code)).toBe(before);
    const order = await orderById(r.orderId);
    expect(order.status).toBe('cancelled');
    expect(await statusChanges(r)).toEqual([{ from: 'pending', to: 'cancelled', actor: 'system' }]);
    expect(order.events.find((e) => e.type === 'status_changed')?.data).toMatchObject({
      reason: 'reservation_expired',
    });
    const sent = await sentMessagesFor(r.customer, 2);
    expect(sent.at(-1)!.kind).toBe('push');
    expect(sent.at(-1)!.retryKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(textsOf(sent).at(-1)).toContain('超過保留期限');
    expect(textsOf(sent).at(-1)).toContain(r.number);
    await recordHistory(r.workflowId, 'chat-reservation-expired');

    // The customer taps 確認購買 after all: the workflow has ended; the answer comes from the database.
    await tapConfirm(r);
    const late = await sentMessagesFor(r.customer, 3);
    expect(textsOf(late).at(-1)).toContain('保留已超過期限');
    // And the merchant cannot confirm it either.
    const response = await changeStatus(r.number, 'confirmed');
    expect(response.status).toBe(409);
    expect(await stockOf(code)).toBe(before);
    expect((await orderById(r.orderId)).status).toBe('cancelled');
  });

  it('a confirmation racing the expiry: exactly one wins and the stock is right either way (12 races)', async () => {
    const HOLD_MS = 4000;
    // Taps leave from 700 ms before to 400 ms after the deadline, 100 ms apart. The postback
    // then travels through the sandbox, the webhook, the inbox and Temporal (tens to hundreds
    // of ms on a busy machine), so the confirmations reach the workflow around its deadline,
    // some just before and some just after it (and its timer, which the server may fire late).
    const offsets = RACE_CODES.map((_, i) => -700 + i * 100);
    const races = await Promise.all(
      RACE_CODES.map(async (code, i) => {
        const r = await reserve(`搶確認 ${i + 1}`, code, 2, HOLD_MS);
        await sentMessagesFor(r.customer, 1);
        return { r, code, offset: offsets[i]! };
      }),
    );
    await Promise.all(
      races.map(async ({ r, offset }) => {
        const at = r.receivedAtMs + HOLD_MS + offset;
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())));
        await tapConfirm(r);
      }),
    );

    const outcomes: Record<string, string> = {};
    for (const { r, code, offset } of races) {
      // Settled: the workflow's state has left 'holding' and its queue is empty (answers sent).
      const state = await waitFor(`race ${code} settled`, async () => {
        const s = await stateOf(r).catch(() => undefined);
        return s && s.reservation?.outcome !== 'holding' && s.status !== 'pending' ? s : undefined;
      });
      const changes = await waitFor(`race ${code} audit`, async () => {
        const c = await statusChanges(r);
        return c.length > 0 ? c : undefined;
      });
      const order = await orderById(r.orderId);
      const stock = await stockOf(code);
      const texts = textsOf(await sentMessagesFor(r.customer, 2));
      await new Promise((resolve) => setTimeout(resolve, 300));
      const finalTexts = textsOf(await sentTo(stack, tenant, r.customer));
      outcomes[`${offset} ms`] = order.status;

      expect(changes).toHaveLength(1);
      // A tap sent at or after the deadline reaches the workflow after it: never a purchase.
      if (offset >= 0) expect(order.status).toBe('cancelled');
      if (order.status === 'confirmed') {
        expect(state.reservation?.outcome).toBe('confirmed');
        expect(changes[0]).toEqual({ from: 'pending', to: 'confirmed', actor: `customer:${r.customer}` });
        expect(stock).toBe(3);
        expect(finalTexts.filter((t) => t.includes('已為您確認購買'))).toHaveLength(1);
        expect(finalTexts.some((t) => t.includes('超過保留期限'))).toBe(false);
      } else {
        expect(order.status).toBe('cancelled');
        expect(state.reservation?.outcome).toBe('expired');
        expect(changes[0]).toEqual({ from: 'pending', to: 'cancelled', actor: 'system' });
        expect(stock).toBe(5);
        expect(finalTexts.some((t) => t.includes('已為您確認購買'))).toBe(false);
        // The expiry push, and the answer to the late tap.
        expect(finalTexts.filter((t) => t.includes('保留已自動取消'))).toHaveLength(1);
        expect(texts.length).toBeGreaterThanOrEqual(2);
      }
    }
    console.log('confirmation vs expiry, by tap offset from the deadline:', outcomes);
  });
});
