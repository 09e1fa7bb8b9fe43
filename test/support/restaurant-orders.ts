import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { startRestaurantOrder } from '../../api/storefront/start-restaurant-order.ts';
import { findPaymentOptions } from '../../db/payments/payment-settings.ts';
import { placeRestaurantOrder } from '../../db/restaurant/place-restaurant-order.ts';
import { restaurantPaymentPlan, type PaymentMethod } from '../../domain/payments/payment-settings.ts';
import { checkoutSchema } from '../../domain/restaurant/checkout.ts';
import { DEFAULT_PICKUP_METHODS, type PickupMethods } from '../../domain/restaurant/pickup-methods.ts';
import type { BusinessHours } from '../../domain/restaurant/business-hours.ts';
import type { OrderHandling } from '../../domain/restaurant/order-handling.ts';
import { authConfigOf, requestAs, signedInMember, type TestMember, type TestSession } from './auth.ts';
import { createSandboxUser } from './line-sandbox.ts';
import { createTestTenant, type TestTenant } from './shops.ts';
import { waitFor, type Stack } from './stack.ts';
import { customerBrowser, withLiff, type CustomerBrowser } from './storefront.ts';

/** Open every day all day (00:00–23:59), orders up to 7 days ahead. */
export const ALL_DAY: BusinessHours = {
  week: Array.from({ length: 7 }, () => [{ start: '00:00', end: '23:59' }]),
  special: [],
  orderAheadDays: 7,
};

export interface TestRestaurant {
  tenant: TestTenant & { liffId: string };
  owner: TestMember & TestSession;
  branchId: string;
  /** 珍珠奶茶 NT$60 with 甜度 (required) and 加料 (加珍珠 +10). */
  tea: { id: string; sweetness: string; half: string; full: string; toppings: string; pearls: string };
  /** 滷肉飯 NT$45, no options. */
  rice: string;
}

/**
 * A restaurant on the stack: a LINE channel with a bound owner, a LIFF app, one branch open all
 * day with 10-minute pickup slots, and a small menu. `methods`, `hours` and `handling` override.
 */
export async function openRestaurant(
  stack: Stack,
  loginChannelId: string,
  options: { methods?: Partial<PickupMethods>; hours?: BusinessHours; handling?: Partial<OrderHandling> } = {},
): Promise<TestRestaurant> {
  const tenant = await withLiff(stack, await createTestTenant(stack, { products: [] }), loginChannelId);
  await stack.db.tenant.update({ where: { id: tenant.id }, data: { kind: 'restaurant' } });
  const owner = await signedInMember(stack.db, authConfigOf(stack.env), tenant.id, { role: 'owner' });
  const branch = await stack.db.branch.create({
    data: { tenantId: tenant.id, name: '信義店', address: '台北市信義區松仁路 100 號', phone: '0223456789' },
  });
  const methods: PickupMethods = {
    ...DEFAULT_PICKUP_METHODS,
    pickupLeadMinutes: 0,
    pickupSlotMinutes: 10,
    ...options.methods,
  };
  await stack.db.branchPickupMethods.create({ data: { tenantId: tenant.id, branchId: branch.id, settings: methods } });
  await stack.db.branchBusinessHours.create({
    data: { tenantId: tenant.id, branchId: branch.id, settings: options.hours ?? ALL_DAY },
  });
  if (options.handling)
    await stack.db.branchOrderHandling.create({
      data: {
        tenantId: tenant.id,
        branchId: branch.id,
        acceptWithinMinutes: 10,
        remindAfterMinutes: 3,
        autoAccept: false,
        pickupReminderMinutes: 0,
        ...options.handling,
      },
    });
  const product = (code: string, name: string, price: number) =>
    stack.db.product.create({ data: { tenantId: tenant.id, code, name, price, stock: -1 }, select: { id: true } });
  const tea = await product('261207001', '珍珠奶茶', 60);
  const rice = await product('261207002', '滷肉飯', 45);
  const group = async (name: string, required: boolean, choices: [string, number][]) => {
    const created = await stack.db.optionGroup.create({
      data: {
        tenantId: tenant.id,
        name,
        required,
        multiple: !required,
        minSelect: required ? 1 : 0,
        maxSelect: required ? 1 : choices.length,
      },
      select: { id: true },
    });
    await stack.db.optionChoice.createMany({
      data: choices.map(([n, priceDelta], sortOrder) => ({
        tenantId: tenant.id,
        groupId: created.id,
        name: n,
        priceDelta,
        sortOrder,
      })),
    });
    const rows = await stack.db.optionChoice.findMany({
      where: { groupId: created.id },
      orderBy: { sortOrder: 'asc' },
    });
    return { id: created.id, choices: rows };
  };
  const sweetness = await group('甜度', true, [
    ['半糖', 0],
    ['全糖', 0],
  ]);
  const toppings = await group('加料', false, [['加珍珠', 10]]);
  await stack.db.productOptionGroup.createMany({
    data: [
      { tenantId: tenant.id, productId: tea.id, groupId: sweetness.id, sortOrder: 0 },
      { tenantId: tenant.id, productId: tea.id, groupId: toppings.id, sortOrder: 1 },
    ],
  });
  return {
    tenant,
    owner,
    branchId: branch.id,
    tea: {
      id: tea.id,
      sweetness: sweetness.id,
      half: sweetness.choices[0]!.id,
      full: sweetness.choices[1]!.id,
      toppings: toppings.id,
      pearls: toppings.choices[0]!.id,
    },
    rice: rice.id,
  };
}

/** A signed-in customer of the restaurant (a LINE user of the sandbox) and their browser. */
export async function restaurantCustomer(stack: Stack, shop: TestRestaurant, name = '林小姐') {
  const lineUserId = await createSandboxUser(stack, name);
  const browser: CustomerBrowser = await customerBrowser(stack);
  await browser.signIn(shop.tenant, lineUserId);
  return { lineUserId, browser };
}

/** The branch's pickup slots as the storefront lists them. */
export async function pickupSlots(stack: Stack, shop: TestRestaurant, method = 'pickup') {
  const response = await fetch(
    `${stack.apiUrl}/api/shop/${shop.tenant.slug}/branches/${shop.branchId}/order-slots?method=${method}`,
  );
  return ((await response.json()) as { slots: { start: string; end: string; full: boolean; left: number | null }[] })
    .slots;
}

/** A checkout body for a pickup order of one 珍珠奶茶 (半糖, 加珍珠). */
export function teaCheckout(shop: TestRestaurant, slotStart: string, extra: Record<string, unknown> = {}) {
  return {
    submitId: randomUUID(),
    branchId: shop.branchId,
    method: 'pickup',
    slotStart,
    customerName: '林小姐',
    phone: '0912-345-678',
    lines: [
      {
        productId: shop.tea.id,
        quantity: 1,
        choices: { [shop.tea.sweetness]: [shop.tea.half], [shop.tea.toppings]: [shop.tea.pearls] },
      },
    ],
    ...extra,
  };
}

/** A board action as the owner. */
export function boardAction(stack: Stack, shop: TestRestaurant, orderId: string, action: string, body: unknown = {}) {
  return requestAs(
    stack.apiUrl,
    shop.owner,
    'POST',
    `/api/t/${shop.tenant.slug}/branches/${shop.branchId}/board/${orderId}/${action}`,
    body,
  );
}

/**
 * Takes an accepted order through the kitchen to 已完成 on the board. An order whose slot is
 * near is started by its workflow at the slot less the lead time, so 開始製作 may find it
 * already preparing: that is the state asked for, not a failure.
 */
export async function completeOrder(stack: Stack, shop: TestRestaurant, orderId: string): Promise<void> {
  const statusOf = async () =>
    (await stack.db.order.findUniqueOrThrow({ where: { id: orderId }, select: { status: true } })).status;
  await waitFor('the order accepted', async () => ['accepted', 'preparing'].includes(await statusOf()));
  const started = await boardAction(stack, shop, orderId, 'start');
  if (started.status !== 200) expect(await statusOf(), JSON.stringify(started.body)).toBe('preparing');
  for (const action of ['ready', 'complete']) expect((await boardAction(stack, shop, orderId, action)).status).toBe(200);
}

/**
 * A pickup order of one 珍珠奶茶 placed `agoMs` before now: the storefront's own transaction
 * and workflow start, with the clock of that moment. The workflow's reminders and deadlines,
 * counted from when the order was placed, come due in seconds instead of minutes.
 */
export async function placeEarlier(stack: Stack, shop: TestRestaurant, agoMs: number, payment: PaymentMethod = 'cash') {
  const customer = await restaurantCustomer(stack, shop);
  const [slot] = await pickupSlots(stack, shop);
  const { id: customerId } = await stack.db.customer.findFirstOrThrow({
    where: { tenantId: shop.tenant.id, lineUserId: customer.lineUserId },
    select: { id: true },
  });
  const placedAt = new Date(Date.now() - agoMs);
  const result = await placeRestaurantOrder(stack.db, {
    tenantId: shop.tenant.id,
    customerId,
    checkout: checkoutSchema.parse(teaCheckout(shop, slot!.start)),
    payment,
    now: placedAt,
  });
  if (result.kind !== 'placed') throw new Error(`the order was not placed: ${result.kind}`);
  const { settings } = await findPaymentOptions(stack.db, shop.tenant.id);
  const plan = restaurantPaymentPlan(settings, payment, placedAt.getTime());
  await startRestaurantOrder(stack.temporal, stack.taskQueue, shop.tenant.id, result.order, plan);
  const order = await stack.db.order.findUniqueOrThrow({ where: { id: result.order.id } });
  return { ...customer, order };
}
