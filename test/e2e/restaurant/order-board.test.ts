import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestAs } from '../../support/auth.ts';
import { recordHistory } from '../../support/histories.ts';
import { textsTo } from '../../support/line-sandbox.ts';
import {
  boardAction,
  openRestaurant,
  pickupSlots,
  restaurantCustomer,
  teaCheckout,
  type TestRestaurant,
} from '../../support/restaurant-orders.ts';
import { startStack, waitFor, type Stack } from '../../support/stack.ts';

/**
 * 訂單處理 over the real API, worker and LINE sandbox: the kitchen accepts, starts, readies and
 * completes an order (each a Workflow Update the status machine checks), the customer hears
 * 「餐點已完成，取餐號碼 001」 with the link to the order's page and sees the page go live, a refused
 * move is a 409, a rejection gives the slot back, and no board sees another branch's or shop's orders.
 */

let stack: Stack;
let shop: TestRestaurant;
let other: TestRestaurant;

beforeAll(async () => {
  stack = await startStack();
  shop = await openRestaurant(stack, '2300001301');
  other = await openRestaurant(stack, '2300001302');
}, 120_000);
afterAll(() => stack?.stop());

const boardUrl = (s: TestRestaurant, branchId = s.branchId) => `/api/t/${s.tenant.slug}/branches/${branchId}/board`;
const board = async (s: TestRestaurant, query = '') => {
  const answer = await requestAs(stack.apiUrl, s.owner, 'GET', `${boardUrl(s)}${query}`);
  return answer.body as unknown as {
    orders: { id: string; number: string; status: string; pickupNumber: string }[];
    counts: Record<string, number>;
  };
};

async function place(s: TestRestaurant, slotIndex = 0) {
  const customer = await restaurantCustomer(stack, s);
  const slots = await pickupSlots(stack, s);
  const answer = await customer.browser.call(
    'POST',
    `/api/shop/${s.tenant.slug}/restaurant-orders`,
    teaCheckout(s, slots[slotIndex]!.start),
  );
  expect(answer.status).toBe(201);
  const order = await stack.db.order.findFirstOrThrow({
    where: { tenantId: s.tenant.id, number: answer.body!.orderNumber as string },
  });
  return { ...customer, order, answer: answer.body! };
}

async function lineTexts(s: TestRestaurant, to: string, count: number) {
  return waitFor(`${count} LINE messages`, async () => {
    const texts = await textsTo(stack, s.tenant, to);
    return texts.length >= count && texts;
  });
}

describe('the kitchen board', () => {
  it('takes an order from 待接單 to 已完成 with one tap each, and the customer sees it live', async () => {
    const { lineUserId, browser, order } = await place(shop);
    const listed = await board(shop);
    expect(listed.orders.map((o) => o.id)).toContain(order.id);
    expect(listed.counts.pending).toBeGreaterThanOrEqual(1);

    const page = `/api/shop/${shop.tenant.slug}/orders/${order.number}`;
    expect((await browser.call('GET', page)).body).toMatchObject({
      kind: 'restaurant',
      status: 'pending',
      pickupNumber: order.pickupNumber,
      method: 'pickup',
      branch: { name: '信義店' },
      lines: [{ name: '珍珠奶茶', quantity: 1, choices: ['半糖', '加珍珠'], lineTotal: 70 }],
    });

    // The customer's page listens while the kitchen works.
    const stream = await fetch(`${stack.apiUrl}${page}/stream`, {
      headers: { cookie: [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    const reader = stream.body!.getReader();
    let seen = '';
    const heard = (async () => {
      const decoder = new TextDecoder();
      while (!seen.includes('"status":"ready"')) {
        const { value, done } = await reader.read();
        if (done) break;
        seen += decoder.decode(value);
      }
    })();

    const accepted = await boardAction(stack, shop, order.id, 'accept', { prepMinutes: 10 });
    expect(accepted).toMatchObject({ status: 200, body: { status: 'accepted', acceptBy: null } });
    expect((await boardAction(stack, shop, order.id, 'start')).body).toMatchObject({ status: 'preparing' });
    expect((await boardAction(stack, shop, order.id, 'ready')).body).toMatchObject({ status: 'ready' });
    await heard;
    await reader.cancel();
    expect(seen).toContain('event: order');

    const texts = await lineTexts(shop, lineUserId, 3);
    const ready = texts.find((t) => t.startsWith('餐點已完成'))!;
    expect(ready.split('\n')[0]).toBe(`餐點已完成，取餐號碼 ${order.pickupNumber}`);
    expect(ready).toContain(`https://liff.line.me/${shop.tenant.liffId}/orders/${order.number}`);
    expect(texts.some((t) => t.startsWith('信義店已接單'))).toBe(true);

    expect((await boardAction(stack, shop, order.id, 'complete')).body).toMatchObject({ status: 'completed' });
    const done = await browser.call('GET', page);
    expect((done.body!.timeline as { status: string }[]).map((t) => t.status)).toEqual([
      'pending',
      'accepted',
      'preparing',
      'ready',
      'completed',
    ]);
    const handle = stack.temporal.workflow.getHandle(order.workflowId);
    await handle.result();
    const description = await handle.describe();
    expect(description.searchAttributes).toMatchObject({
      OrderStatus: ['completed'],
      PickupNumber: [order.pickupNumber],
      BranchId: [shop.branchId],
    });
    await recordHistory(order.workflowId, 'restaurant-order-completed');
  });

  it('refuses a move the status machine does not allow with 409, and a rejection without a reason', async () => {
    const { order } = await place(shop);
    const early = await boardAction(stack, shop, order.id, 'complete');
    expect(early).toMatchObject({
      status: 409,
      body: { code: 'invalid_transition', message: '「待接單」的訂單不能完成' },
    });
    const noReason = await boardAction(stack, shop, order.id, 'reject', {});
    expect(noReason).toMatchObject({ status: 400, body: { code: 'reason_required', message: '請輸入拒單原因' } });
    expect((await stack.db.order.findUniqueOrThrow({ where: { id: order.id } })).status).toBe('pending');
  });

  it('gives the slot back on a rejection and tells the customer why', async () => {
    await stack.db.branchCapacity.create({
      data: { tenantId: shop.tenant.id, branchId: shop.branchId, maxOrdersPerSlot: 3 },
    });
    const { order, lineUserId } = await place(shop, 2);
    const slotStart = order.wantedAt!;
    const used = async () =>
      (
        await stack.db.slotOrderCount.findUnique({
          where: { branchId_slotStart: { branchId: shop.branchId, slotStart } },
        })
      )?.orders;
    expect(await used()).toBe(1);
    const rejected = await boardAction(stack, shop, order.id, 'reject', { reason: '珍珠煮完了' });
    expect(rejected.body).toMatchObject({ status: 'rejected', rejectReason: '珍珠煮完了' });
    expect(await used()).toBe(0);
    const texts = await lineTexts(shop, lineUserId, 2);
    expect(texts.some((t) => t.includes('原因：珍珠煮完了'))).toBe(true);
    expect((await boardAction(stack, shop, order.id, 'accept')).status).toBe(409);
    await stack.db.branchCapacity.deleteMany({ where: { branchId: shop.branchId } });
  });

  it("never shows or moves another branch's or shop's orders", async () => {
    const theirs = await place(other);
    const second = await stack.db.branch.create({
      data: { tenantId: shop.tenant.id, name: '大安店', address: '台北市大安區', phone: '0227001234' },
    });
    expect((await board(shop)).orders.map((o) => o.id)).not.toContain(theirs.order.id);
    const ownOther = await requestAs(stack.apiUrl, shop.owner, 'GET', boardUrl(shop, second.id));
    expect((ownOther.body as { orders: unknown[] }).orders).toEqual([]);
    // Their branch under our shop, their order under our branch: not found, and nothing moves.
    expect((await requestAs(stack.apiUrl, shop.owner, 'GET', boardUrl(shop, other.branchId))).status).toBe(404);
    const moved = await requestAs(
      stack.apiUrl,
      shop.owner,
      'POST',
      `/api/t/${shop.tenant.slug}/branches/${shop.branchId}/board/${theirs.order.id}/accept`,
      {},
    );
    expect(moved.status).toBe(404);
    const inOurOtherBranch = await requestAs(
      stack.apiUrl,
      shop.owner,
      'POST',
      `/api/t/${shop.tenant.slug}/branches/${second.id}/board/${(await place(shop)).order.id}/accept`,
      {},
    );
    expect(inOurOtherBranch.status).toBe(404);
    expect((await stack.db.order.findUniqueOrThrow({ where: { id: theirs.order.id } })).status).toBe('pending');
    // Nor may a customer read another customer's order page.
    const stranger = await restaurantCustomer(stack, other, '路人');
    expect(
      (await stranger.browser.call('GET', `/api/shop/${other.tenant.slug}/orders/${theirs.order.number}`)).status,
    ).toBe(404);
  });

  it('lists future orders by day and slot with item totals, and keeps 接單設定', async () => {
    const { order } = await place(shop, 5);
    const day = order.wantedAt!.toISOString();
    const future = await requestAs(
      stack.apiUrl,
      shop.owner,
      'GET',
      `/api/t/${shop.tenant.slug}/branches/${shop.branchId}/future-orders?days=2`,
    );
    expect(future.status).toBe(200);
    const days = (
      future.body as unknown as {
        days: {
          date: string;
          slots: { start: string; orders: { id: string }[] }[];
          items: { name: string; quantity: number }[];
        }[];
      }
    ).days;
    const slot = days.flatMap((d) => d.slots).find((s) => s.start === day)!;
    expect(slot.orders.map((o) => o.id)).toContain(order.id);
    expect(days.flatMap((d) => d.items).find((i) => i.name === '珍珠奶茶')!.quantity).toBeGreaterThanOrEqual(1);

    const url = `/api/t/${shop.tenant.slug}/branches/${shop.branchId}/order-handling`;
    expect((await requestAs(stack.apiUrl, shop.owner, 'GET', url)).body).toEqual({
      acceptWithinMinutes: 10,
      remindAfterMinutes: 3,
      autoAccept: false,
      pickupReminderMinutes: 15,
    });
    const bad = await requestAs(stack.apiUrl, shop.owner, 'PUT', url, {
      acceptWithinMinutes: 5,
      remindAfterMinutes: 5,
      autoAccept: false,
      pickupReminderMinutes: 0,
    });
    expect(bad).toMatchObject({ status: 400, body: { message: '提醒時間要比接單時限短' } });
    const saved = { acceptWithinMinutes: 5, remindAfterMinutes: 2, autoAccept: true, pickupReminderMinutes: 0 };
    expect((await requestAs(stack.apiUrl, shop.owner, 'PUT', url, saved)).body).toEqual(saved);
    expect((await requestAs(stack.apiUrl, shop.owner, 'GET', url)).body).toEqual(saved);
    await stack.db.branchOrderHandling.deleteMany({ where: { branchId: shop.branchId } });
  });
});
