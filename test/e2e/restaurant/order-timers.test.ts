import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BusinessHours } from '../../../domain/restaurant/business-hours.ts';
import { recordHistory } from '../../support/histories.ts';
import { textsTo } from '../../support/line-sandbox.ts';
import {
  openRestaurant,
  pickupSlots,
  placeEarlier,
  restaurantCustomer,
  teaCheckout,
  type TestRestaurant,
} from '../../support/restaurant-orders.ts';
import { startStack, waitFor, type Stack } from '../../support/stack.ts';

/**
 * The order workflow's own clock, on the real worker with short settings: an order nobody
 * accepts reminds the staff after a minute and is rejected after two, the customer told why and
 * the slot given back (the order is placed nearly two minutes back, so its reminder is due at
 * once and its deadline seconds away); a future order of an auto-accepting shop waits, accepted,
 * until its slot less the lead time, then reaches the kitchen by itself, and the customer is
 * reminded to come.
 */

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
}, 120_000);
afterAll(() => stack?.stop());

const MINUTE = 60_000;

/** 'HH:MM' in Asia/Taipei of an instant. */
const taipeiClock = (at: Date) => new Date(at.getTime() + 8 * 60 * MINUTE).toISOString().slice(11, 16);

async function placeFirstSlot(shop: TestRestaurant) {
  const customer = await restaurantCustomer(stack, shop);
  const [slot] = await pickupSlots(stack, shop);
  const answer = await customer.browser.call(
    'POST',
    `/api/shop/${shop.tenant.slug}/restaurant-orders`,
    teaCheckout(shop, slot!.start),
  );
  expect(answer.status).toBe(201);
  const order = await stack.db.order.findFirstOrThrow({
    where: { tenantId: shop.tenant.id, number: answer.body!.orderNumber as string },
  });
  return { ...customer, order };
}

describe.concurrent('the restaurant order workflow on its clock', () => {
  it('reminds the staff, then rejects an order nobody accepted and tells the customer', async () => {
    const shop = await openRestaurant(stack, '2300001401', {
      handling: { acceptWithinMinutes: 2, remindAfterMinutes: 1 },
    });
    const { order, lineUserId } = await placeEarlier(stack, shop, 2 * MINUTE - 10_000);
    expect(order.acceptBy!.getTime() - order.createdAt.getTime()).toBe(2 * MINUTE);
    const [staff] = shop.tenant.adminLineUserIds;
    const reminder = await waitFor('the staff reminder', async () =>
      (await textsTo(stack, shop.tenant, staff!)).find((t) => t.startsWith('【尚未接單】')),
    );
    expect(reminder).toContain(`取餐號碼 ${order.pickupNumber}`);
    expect(Date.now() - order.createdAt.getTime()).toBeGreaterThanOrEqual(MINUTE - 2000);
    expect((await stack.db.order.findUniqueOrThrow({ where: { id: order.id } })).status).toBe('pending');

    const rejected = await waitFor(
      'the automatic rejection',
      async () => {
        const row = await stack.db.order.findUniqueOrThrow({ where: { id: order.id } });
        return row.status === 'rejected' && row;
      },
      30_000,
    );
    expect(rejected.rejectReason).toBe('店家未在時間內接單');
    expect(Date.now() - order.createdAt.getTime()).toBeGreaterThanOrEqual(2 * MINUTE - 2000);
    const texts = await waitFor('the customer told', async () => {
      const all = await textsTo(stack, shop.tenant, lineUserId);
      return all.some((t) => t.includes('原因：店家未在時間內接單')) && all;
    });
    expect(texts.at(-1)).toContain(`/orders/${order.number}`);
    const slot = await stack.db.slotOrderCount.findUnique({
      where: { branchId_slotStart: { branchId: shop.branchId, slotStart: order.wantedAt! } },
    });
    expect(slot?.orders).toBe(0);
    await stack.temporal.workflow.getHandle(order.workflowId).result();
    await recordHistory(order.workflowId, 'restaurant-order-auto-rejected');
  }, 90_000);

  it('wakes a future order at its slot less the lead time and starts it for an auto-accepting shop', async () => {
    // The branch opens at the first whole minute a minute and ten seconds away; its first slot
    // is the order's, with a 1-minute lead, so the kitchen is due 10 to 70 seconds from now.
    const opening = new Date(Math.ceil((Date.now() + MINUTE + 10_000) / MINUTE) * MINUTE);
    const hours: BusinessHours = {
      week: Array.from({ length: 7 }, () => [
        { start: taipeiClock(opening), end: taipeiClock(new Date(opening.getTime() + 3 * 60 * MINUTE)) },
      ]),
      special: [],
      orderAheadDays: 7,
    };
    const shop = await openRestaurant(stack, '2300001402', {
      hours,
      methods: { pickupLeadMinutes: 1 },
      handling: { autoAccept: true, pickupReminderMinutes: 1 },
    });
    const { order, lineUserId } = await placeFirstSlot(shop);
    expect(order.wantedAt).toEqual(opening);
    expect(order.prepareAt).toEqual(new Date(opening.getTime() - MINUTE));
    expect(order.acceptBy).toBeNull();
    await waitFor('the automatic acceptance', async () => {
      const row = await stack.db.order.findUniqueOrThrow({ where: { id: order.id } });
      return row.status === 'accepted';
    });
    const started = await waitFor(
      'the kitchen start at the prepare time',
      async () => {
        const row = await stack.db.order.findUniqueOrThrow({ where: { id: order.id } });
        return row.status === 'preparing' && Date.now();
      },
      100_000,
    );
    expect(started).toBeGreaterThanOrEqual(order.prepareAt!.getTime());
    // The board hears of it (the order change carries `due`): the event is on the order's timeline.
    const due = await waitFor(
      'the 該做了 event',
      async () => (await stack.db.orderEvent.findFirst({ where: { orderId: order.id, type: 'prepare_due' } })) ?? undefined,
    );
    expect(due.createdAt.getTime()).toBeGreaterThanOrEqual(order.prepareAt!.getTime());
    const texts = await waitFor('the pickup reminder', async () => {
      const all = await textsTo(stack, shop.tenant, lineUserId);
      return all.some((t) => t.startsWith('提醒您')) && all;
    });
    expect(texts.find((t) => t.startsWith('提醒您'))).toContain(`取餐號碼 ${order.pickupNumber}`);
    await recordHistory(order.workflowId, 'restaurant-order-future-woken');
  }, 150_000);
});
