import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
import { customerBrowser } from '../../support/storefront.ts';

/**
 * 送出訂單 at a restaurant over the real API, database and workflow: one transaction for stock,
 * slot and order (50 customers for the last 5 places of a slot: exactly 5 orders), an item paused
 * while in the cart, another shop's item, a redelivered submit, and what the customer is told.
 */

let stack: Stack;
let shop: TestRestaurant;
let other: TestRestaurant;

beforeAll(async () => {
  stack = await startStack();
  shop = await openRestaurant(stack, '2300001201');
  other = await openRestaurant(stack, '2300001202');
}, 120_000);
afterAll(() => stack?.stop());

const ordersUrl = (s: TestRestaurant) => `/api/shop/${s.tenant.slug}/restaurant-orders`;

describe('placing a restaurant order', () => {
  it('prices the cart by the one rule before anything is ordered', async () => {
    const [slot] = await pickupSlots(stack, shop);
    const { submitId: _submitId, ...quote } = teaCheckout(shop, slot!.start);
    // No sign-in needed: a visitor's browser (with the page's CSRF token) asks.
    const visitor = await customerBrowser(stack);
    const response = await visitor.call('POST', `${ordersUrl(shop)}/quote`, {
      ...quote,
      lines: [...quote.lines, { productId: shop.rice, quantity: 2, choices: {} }],
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      lines: [
        {
          name: '珍珠奶茶',
          unitPrice: 70,
          lineTotal: 70,
          choices: [{ name: '半糖' }, { name: '加珍珠', priceDelta: 10 }],
        },
        { name: '滷肉飯', unitPrice: 45, lineTotal: 90 },
      ],
      subtotal: 160,
      deliveryFee: 0,
      total: 160,
      problems: [],
    });
  });

  it('places one order per submit, numbers its pickup, and tells the customer in LINE', async () => {
    const { lineUserId, browser } = await restaurantCustomer(stack, shop);
    const [slot] = await pickupSlots(stack, shop);
    const body = teaCheckout(shop, slot!.start);
    const [first, twin] = await Promise.all([
      browser.call('POST', ordersUrl(shop), body),
      browser.call('POST', ordersUrl(shop), body),
    ]);
    expect([first.status, twin.status].sort()).toEqual([200, 201]);
    expect(first.body).toMatchObject({ status: 'pending', pickupNumber: '001' });
    expect(twin.body).toEqual(first.body);
    const again = await browser.call('POST', ordersUrl(shop), body);
    expect(again).toEqual({ status: 200, body: first.body });
    const number = first.body!.orderNumber as string;
    expect(first.body!.statusPath).toBe(`/shop/${shop.tenant.slug}/orders/${number}`);
    const orders = await stack.db.order.findMany({ where: { tenantId: shop.tenant.id }, include: { items: true } });
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({
      total: 70,
      pickupMethod: 'pickup',
      contactPhone: '0912345678',
      items: [{ productName: '珍珠奶茶', unitPrice: 70, allocatedQuantity: 1 }],
    });
    const texts = await waitFor('the placed message', async () => {
      const sent = await textsTo(stack, shop.tenant, lineUserId);
      return sent.length > 0 && sent;
    });
    expect(texts[0]).toContain('已收到您的訂單（取餐號碼 001）');
    expect(texts[0]).toContain(`https://liff.line.me/${shop.tenant.liffId}/orders/${number}`);
  });

  it('takes exactly 5 of 50 simultaneous orders for a slot of 5, and offers the next free slots', async () => {
    await stack.db.branchCapacity.create({
      data: { tenantId: shop.tenant.id, branchId: shop.branchId, maxOrdersPerSlot: 5 },
    });
    const slots = await pickupSlots(stack, shop);
    const slot = slots[3]!;
    const customers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => restaurantCustomer(stack, shop, `客人${i}`)),
    );
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        customers[i % 10]!.browser.call('POST', ordersUrl(shop), teaCheckout(shop, slot.start)),
      ),
    );
    const placed = answers.filter((a) => a.status === 201);
    const full = answers.filter((a) => a.status === 409);
    expect(placed).toHaveLength(5);
    expect(full).toHaveLength(45);
    expect(full[0]!.body).toMatchObject({
      code: 'slot_full',
      message: '這個時段的訂單已經額滿，請選其他時段',
      nextSlots: [{ start: slots[4]!.start }, { start: slots[5]!.start }, { start: slots[6]!.start }],
    });
    expect(await stack.db.order.count({ where: { tenantId: shop.tenant.id, wantedAt: new Date(slot.start) } })).toBe(5);
    const numbers = new Set(placed.map((a) => a.body!.pickupNumber));
    expect(numbers.size).toBe(5);
    expect((await pickupSlots(stack, shop)).find((s) => s.start === slot.start)).toMatchObject({ full: true, left: 0 });
    await stack.db.branchCapacity.deleteMany({ where: { branchId: shop.branchId } });
  }, 120_000);

  it('refuses an item paused while it sat in the cart, and changes nothing', async () => {
    const { browser } = await restaurantCustomer(stack, shop);
    const [slot] = await pickupSlots(stack, shop);
    await stack.db.branchItemPause.create({
      data: { tenantId: shop.tenant.id, branchId: shop.branchId, productId: shop.tea.id },
    });
    const before = await stack.db.order.count({ where: { tenantId: shop.tenant.id } });
    const answer = await browser.call('POST', ordersUrl(shop), teaCheckout(shop, slot!.start));
    expect(answer.status).toBe(409);
    expect(answer.body).toMatchObject({
      code: 'unavailable',
      problems: [{ line: 0, code: 'paused', message: '「珍珠奶茶」暫停供應' }],
    });
    expect(answer.body!.message).toContain('「珍珠奶茶」暫停供應');
    expect(await stack.db.order.count({ where: { tenantId: shop.tenant.id } })).toBe(before);
    await stack.db.branchItemPause.deleteMany({ where: { branchId: shop.branchId } });
  });

  it("refuses another shop's item in the cart", async () => {
    const { browser } = await restaurantCustomer(stack, shop);
    const [slot] = await pickupSlots(stack, shop);
    const answer = await browser.call(
      'POST',
      ordersUrl(shop),
      teaCheckout(shop, slot!.start, { lines: [{ productId: other.rice, quantity: 1, choices: {} }] }),
    );
    expect(answer.status).toBe(409);
    expect(answer.body).toMatchObject({ code: 'unavailable', problems: [{ code: 'unknown_item' }] });
    // Nor may another shop's branch be named in this shop's order.
    const foreignBranch = await browser.call('POST', ordersUrl(shop), teaCheckout(other, slot!.start));
    expect(foreignBranch.status).toBe(404);
  });

  it('answers bad input with zh-TW messages and a signed-out customer with 401', async () => {
    const { browser } = await restaurantCustomer(stack, shop);
    const bad = await browser.call('POST', ordersUrl(shop), { ...teaCheckout(shop, 'later'), phone: '12' });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'invalid_order', message: '請選擇取餐時間' });
    const response = await fetch(`${stack.apiUrl}${ordersUrl(shop)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(teaCheckout(shop, new Date().toISOString(), { submitId: randomUUID() })),
    });
    expect([401, 403]).toContain(response.status);
  });

  it('lets the customer cancel with a reason until the shop accepts, and no one else', async () => {
    const { browser } = await restaurantCustomer(stack, shop, '陳先生');
    const [slot] = await pickupSlots(stack, shop);
    const placed = async () => {
      const answer = await browser.call('POST', ordersUrl(shop), teaCheckout(shop, slot!.start));
      expect(answer.status).toBe(201);
      return answer.body!.orderNumber as string;
    };
    const cancelUrl = (number: string) => `/api/shop/${shop.tenant.slug}/orders/${number}/cancel`;

    const number = await placed();
    expect(await browser.call('POST', cancelUrl(number), { reason: ' ' })).toMatchObject({
      status: 400,
      body: { message: '請選擇取消原因' },
    });
    const stranger = (await restaurantCustomer(stack, shop, '路人')).browser;
    expect((await stranger.call('POST', cancelUrl(number), { reason: '點錯了' })).status).toBe(404);
    const cancelled = await browser.call('POST', cancelUrl(number), { reason: '點錯了' });
    expect(cancelled).toMatchObject({ status: 200, body: { status: 'cancelled', cancelReason: '點錯了' } });
    const row = await stack.db.order.findFirstOrThrow({ where: { tenantId: shop.tenant.id, number } });
    expect(row).toMatchObject({ status: 'cancelled', cancelReason: '點錯了' });

    // Accepted: the kitchen may have started, so only the shop can cancel it now.
    const accepted = await placed();
    const { id } = await stack.db.order.findFirstOrThrow({ where: { tenantId: shop.tenant.id, number: accepted } });
    expect((await boardAction(stack, shop, id, 'accept')).status).toBe(200);
    const refused = await browser.call('POST', cancelUrl(accepted), { reason: '不想要了' });
    expect(refused).toMatchObject({ status: 409, body: { code: 'cannot_cancel' } });
    expect(await stack.db.order.findFirstOrThrow({ where: { id } })).toMatchObject({ status: 'accepted' });
  });
});
