import { v7 as uuidv7 } from 'uuid';
import { createOrderInvoice } from '../invoices/order-invoices.ts';
import type { InvoiceRecipient } from '../../domain/invoices/invoice-recipient.ts';
import { isOpenAt, orderSlots, type OrderSlot } from '../../domain/restaurant/business-hours.ts';
import {
  isAvailabilityProblem,
  priceCart,
  type CartProblem,
  type PricedCart,
  type PricedMenuItem,
} from '../../domain/restaurant/cart-pricing.ts';
import type { PaymentMethod } from '../../domain/payments/payment-settings.ts';
import type { CheckoutRequest } from '../../domain/restaurant/checkout.ts';
import { shortageMessage, type Shortage } from '../../domain/restaurant/daily-ops.ts';
import type { OrderHandling } from '../../domain/restaurant/order-handling.ts';
import { leadMinutes, prepareAtFor } from '../../domain/restaurant/order-timing.ts';
import {
  coordinatesOf,
  deliveryQuote,
  methodsOpen,
  type PickupMethods,
} from '../../domain/restaurant/pickup-methods.ts';
import type { RestaurantOrderStatus } from '../../domain/restaurant/restaurant-order-status.ts';
import { restaurantOrderSource, restaurantOrderWorkflowId } from '../../domain/workflow-ids.ts';
import { loadMenu, type CustomerMenu } from '../catalog/menu.ts';
import {
  discountRefusal,
  priceCheckoutDiscounts,
  type DiscountRefusal,
  recordOrderDiscounts,
} from '../promotions/checkout-discounts.ts';
import type { Db, Prisma } from '../client.ts';
import { notifyOrderChanged } from '../orders/order-changes.ts';
import { getBusinessHours } from './business-hours.ts';
import { takeBranchStock } from './item-stock.ts';
import { getOrderHandling } from './order-handling.ts';
import { nextRestaurantOrderNumbers, restaurantOrderItems } from './order-numbers.ts';
import { getPickupMethods } from './pickup-methods.ts';
import { reserveSlotCapacity } from './slot-capacity.ts';
import { nextFreeSlots } from './slot-availability.ts';

/**
 * Places a restaurant order in ONE transaction: the cart priced against the branch's live menu
 * (its prices, pauses, sold-out items: domain/restaurant/cart-pricing.ts), the branch open for
 * the chosen slot and accepting orders, the discounts of the pricing order taken off
 * (db/promotions/checkout-discounts.ts: a typed code's use taken under its row lock), the branch's
 * stock taken, the slot's capacity reserved, the order, its lines, its discount lines, its pickup
 * number and its 'created' event written. Anything short rolls
 * the whole transaction back, so stock, capacity and the order land together or not at all.
 * Concurrent orders for the last place of a slot queue on the slot's counter row: exactly as many
 * as it holds get in. A submit seen before (same customer, same submitId) returns its order.
 */

type Tx = Prisma.TransactionClient;

export interface PlaceRestaurantOrderInput {
  tenantId: string;
  customerId: string;
  checkout: CheckoutRequest;
  /** How the customer pays, already checked against the shop's 收款金流設定 (cash when absent). */
  payment?: PaymentMethod;
  /** 電子發票: the customer's carrier choice, already checked (null: the shop issues no e-invoices). */
  invoice?: InvoiceRecipient | null;
  now?: Date;
}

export interface PlacedRestaurantOrder {
  id: string;
  number: string;
  status: RestaurantOrderStatus;
  pickupNumber: string;
  branchId: string;
  method: 'pickup' | 'delivery' | 'dine_in';
  wantedAt: Date;
  prepareAt: Date;
  acceptBy: Date | null;
  total: number;
  workflowId: string;
  createdAt: Date;
  /** The branch's 接單設定 as they were when the order was placed (the workflow keeps to them). */
  handling: OrderHandling;
  payment: PaymentMethod;
}

export type PlaceRestaurantOrderResult =
  | { kind: 'placed' | 'repeated'; order: PlacedRestaurantOrder }
  | { kind: 'invalid_order'; message: string; problems: CartProblem[] }
  | { kind: 'unavailable'; message: string; problems: CartProblem[] }
  | { kind: 'slot_full' | 'slot_unavailable'; message: string; nextSlots: OrderSlot[] }
  | DiscountRefusal
  | { kind: 'branch_closed' | 'branch_paused' | 'branch_not_found'; message: string };

type Refusal = Exclude<PlaceRestaurantOrderResult, { kind: 'placed' | 'repeated' }>;

/** Thrown inside the transaction to roll it back with the answer for the customer. */
class Refused extends Error {
  readonly result: Refusal;
  constructor(result: Refusal) {
    super(result.kind);
    this.result = result;
  }
}

export async function placeRestaurantOrder(
  db: Db,
  input: PlaceRestaurantOrderInput,
): Promise<PlaceRestaurantOrderResult> {
  const now = input.now ?? new Date();
  const source = restaurantOrderSource(input.customerId, input.checkout.submitId);
  const before = await findPlacedBySource(db, input.tenantId, source);
  if (before) return { kind: 'repeated', order: before };
  try {
    return await db.$transaction((tx) => placeIn(tx, input, source, now), { timeout: 20_000, maxWait: 20_000 });
  } catch (error) {
    if (error instanceof Refused) {
      const refusal = error.result;
      if (refusal.kind === 'slot_full' || refusal.kind === 'slot_unavailable')
        refusal.nextSlots = await nextSlotsAfter(db, input, now);
      return refusal;
    }
    // Two taps of one submit raced: the unique (tenant, source) let one in; answer with its order.
    const placed = await findPlacedBySource(db, input.tenantId, source);
    if (placed) return { kind: 'repeated', order: placed };
    throw error;
  }
}

async function nextSlotsAfter(db: Db, input: PlaceRestaurantOrderInput, now: Date): Promise<OrderSlot[]> {
  const { checkout, tenantId } = input;
  if (checkout.method === 'dine_in' || !checkout.slotStart) return [];
  const [{ hours }, methods] = await Promise.all([
    getBusinessHours(db, tenantId, checkout.branchId),
    getPickupMethods(db, tenantId, checkout.branchId),
  ]);
  const slots = orderSlots(hours, methods, checkout.method, now);
  return nextFreeSlots(db, tenantId, checkout.branchId, slots, new Date(checkout.slotStart));
}

async function placeIn(
  tx: Tx,
  input: PlaceRestaurantOrderInput,
  source: string,
  now: Date,
): Promise<PlaceRestaurantOrderResult> {
  const { tenantId, checkout } = input;
  const branch = await tx.branch.findFirst({
    where: { tenantId, id: checkout.branchId, archivedAt: null },
    select: { id: true, orderingStatus: true, latitude: true, longitude: true },
  });
  if (!branch) throw new Refused({ kind: 'branch_not_found', message: '找不到這間分店' });
  if (branch.orderingStatus !== 'accepting')
    throw new Refused({ kind: 'branch_paused', message: '這間分店暫停接受線上點餐，請稍後再試' });
  // One after another: a transaction's one connection takes one query at a time.
  const { hours } = await getBusinessHours(tx, tenantId, branch.id);
  const methods = await getPickupMethods(tx, tenantId, branch.id);
  const handling = await getOrderHandling(tx, tenantId, branch.id);
  const menu = await loadMenu(tx, tenantId, branch.id, now);
  if (!methodsOpen(methods).includes(checkout.method))
    throw new Refused({ kind: 'invalid_order', message: '這間分店目前不提供這種取餐方式', problems: [] });
  const wantedAt = chosenTime(checkout, hours, methods, now);
  const table = checkout.method === 'dine_in' ? tableOf(methods, checkout.table) : null;

  const cart = priceCheckout(
    menu.categories.flatMap((c) => c.items),
    methods,
    branch,
    checkout,
  );
  refuseProblems(cart);
  const priced = await priceCheckoutDiscounts(tx, {
    tenantId,
    branchId: branch.id,
    customerId: input.customerId,
    cart,
    categoryOf: categoryOfMenu(menu),
    promoCode: checkout.promoCode,
    couponId: checkout.couponId,
    usePoints: checkout.usePoints,
    now,
  });
  const refused = discountRefusal(priced, checkout.usePoints);
  if (refused) throw new Refused(refused);
  const total = priced.cart.total;
  // Discounts that leave nothing to pay leave nothing for a card or a transfer to carry.
  const payment: PaymentMethod = total === 0 ? 'cash' : (input.payment ?? 'cash');
  const delivery = checkout.delivery;

  const lines = cart.lines.map((l) => ({ productId: l.productId, quantity: l.quantity }));
  const stock = await takeBranchStock(tx, tenantId, branch.id, lines, now);
  if (!stock.ok) throw new Refused(unavailable(cart, stock.shortages));
  if (checkout.method !== 'dine_in') {
    const slot = await reserveSlotCapacity(tx, tenantId, branch.id, wantedAt, lines);
    if (!slot.ok) {
      const short = slot.shortages[0]!;
      const name =
        short.reason === 'slot_full' ? '' : (cart.lines.find((l) => l.productId === short.productId)?.name ?? '');
      throw new Refused({ kind: 'slot_full', message: shortageMessage(short, name), nextSlots: [] });
    }
  }

  const orderId = uuidv7();
  const workflowId = restaurantOrderWorkflowId(tenantId, orderId);
  const { number, pickupNumber } = await nextRestaurantOrderNumbers(tx, tenantId, branch.id, now, wantedAt);
  const prepareAt = prepareAtFor(wantedAt, leadMinutes(methods, checkout.method), now);
  const acceptBy = handling.autoAccept ? null : new Date(now.getTime() + handling.acceptWithinMinutes * 60_000);

  await tx.order.create({
    data: {
      id: orderId,
      tenantId,
      number,
      customerId: input.customerId,
      status: 'pending',
      total,
      deliveryFee: cart.deliveryFee,
      sourceEventId: source,
      workflowId,
      branchId: branch.id,
      wantedAt,
      pickupMethod: checkout.method,
      pickupNumber,
      tableLabel: table,
      deliveryAddress: checkout.method === 'delivery' ? (delivery?.address ?? null) : null,
      deliveryLat: checkout.method === 'delivery' ? (delivery?.lat ?? null) : null,
      deliveryLng: checkout.method === 'delivery' ? (delivery?.lng ?? null) : null,
      deliveryZone: checkout.method === 'delivery' ? (delivery?.zone ?? null) : null,
      customerNote: checkout.note || null,
      contactName: checkout.customerName || null,
      contactPhone: checkout.phone || null,
      acceptBy,
      prepareAt,
      stockDay: stock.day,
      createdAt: now,
      items: { createMany: { data: await restaurantOrderItems(tx, tenantId, cart.lines) } },
      payment: {
        create: {
          tenantId,
          method: payment,
          amount: total,
          transferDigits: payment === 'transfer' ? (checkout.transferDigits ?? null) : null,
        },
      },
      events: {
        create: {
          tenantId,
          type: 'created',
          toStatus: 'pending',
          actor: `customer:${input.customerId}`,
          data: { submitId: checkout.submitId, method: checkout.method, handling } as Prisma.InputJsonValue,
        },
      },
    },
  });
  const lost = await recordOrderDiscounts(tx, {
    tenantId,
    orderId,
    customerId: input.customerId,
    discounts: priced.cart.discounts,
    promoCode: checkout.promoCode,
    couponId: checkout.couponId,
    memberId: priced.memberId,
    points: priced.points?.used ?? 0,
    now,
  });
  if (lost) throw new Refused(lost);
  if (input.invoice) await createOrderInvoice(tx, { tenantId, orderId, recipient: input.invoice, amount: total });
  await notifyOrderChanged(tx as unknown as Db, tenantId, orderId);
  return {
    kind: 'placed',
    order: {
      id: orderId,
      number,
      status: 'pending',
      pickupNumber,
      branchId: branch.id,
      method: checkout.method,
      wantedAt,
      prepareAt,
      acceptBy,
      total,
      workflowId,
      createdAt: now,
      handling,
      payment,
    },
  };
}

/** Each item's category on this menu (the scope of promotions, codes and coupons). */
export function categoryOfMenu(menu: CustomerMenu): (productId: string) => string | null {
  const byItem = new Map(menu.categories.flatMap((c) => c.items.map((item) => [item.id, c.id] as const)));
  return (productId) => byItem.get(productId) ?? null;
}

/** The one pricing rule over the branch's live menu, with its delivery quote for the customer's place. */
export function priceCheckout(
  items: PricedMenuItem[],
  methods: PickupMethods,
  branch: { latitude: number | null; longitude: number | null },
  checkout: Pick<CheckoutRequest, 'method' | 'lines' | 'delivery'>,
): PricedCart {
  const branchCoords = coordinatesOf(branch.latitude, branch.longitude);
  const place = checkout.delivery;
  const customer = { coords: coordinatesOf(place?.lat, place?.lng), zone: place?.zone ?? null };
  return priceCart(items, checkout.lines, {
    method: checkout.method,
    deliveryQuote: (subtotal) => deliveryQuote(methods, branchCoords, customer, subtotal),
  });
}

/** The slot the customer picked, which must be one the branch offers now; dine-in is now, while open. */
function chosenTime(
  checkout: CheckoutRequest,
  hours: Awaited<ReturnType<typeof getBusinessHours>>['hours'],
  methods: PickupMethods,
  now: Date,
): Date {
  if (checkout.method === 'dine_in') {
    if (!isOpenAt(hours, now))
      throw new Refused({ kind: 'branch_closed', message: '分店目前沒有營業，內用請於營業時間點餐' });
    return now;
  }
  const slots = orderSlots(hours, methods, checkout.method, now);
  if (slots.length === 0) throw new Refused({ kind: 'branch_closed', message: '分店近期沒有可預訂的時段，請改天再來' });
  const wanted = new Date(checkout.slotStart!).getTime();
  const slot = slots.find((s) => s.start.getTime() === wanted);
  if (!slot)
    throw new Refused({
      kind: 'slot_unavailable',
      message: '這個時段已經無法預訂（可能已過備餐時間），請選其他時段',
      nextSlots: [],
    });
  return slot.start;
}

/** The branch's own spelling of the table label; a table the branch does not have is refused. */
function tableOf(methods: PickupMethods, table: string | undefined): string {
  const found = methods.tables.find((t) => t.toUpperCase() === (table ?? '').toUpperCase());
  if (!found)
    throw new Refused({
      kind: 'invalid_order',
      message: `找不到桌號「${table ?? ''}」，請重新掃描桌上的 QR Code`,
      problems: [],
    });
  return found;
}

function refuseProblems(cart: PricedCart): void {
  if (cart.problems.length === 0) return;
  const availability = cart.problems.filter(isAvailabilityProblem);
  if (availability.length > 0)
    throw new Refused({
      kind: 'unavailable',
      message: `${availability.map((p) => p.message).join('、')}，請調整購物車後再送出`,
      problems: cart.problems,
    });
  throw new Refused({
    kind: 'invalid_order',
    message: cart.problems.map((p) => p.message).join('\n'),
    problems: cart.problems,
  });
}

function unavailable(cart: PricedCart, shortages: Shortage[]): Refusal {
  const problems: CartProblem[] = shortages.map((s) => {
    const name = 'productId' in s ? (cart.lines.find((l) => l.productId === s.productId)?.name ?? '') : '';
    const line = 'productId' in s ? cart.lines.findIndex((l) => l.productId === s.productId) : -1;
    return { ...(line >= 0 ? { line } : {}), code: 'sold_out' as const, message: shortageMessage(s, name) };
  });
  return {
    kind: 'unavailable',
    message: `${problems.map((p) => p.message).join('、')}，請調整購物車後再送出`,
    problems,
  };
}

/** The order a submit made, with what its workflow needs. */
export async function findPlacedBySource(
  db: Db | Tx,
  tenantId: string,
  source: string,
): Promise<PlacedRestaurantOrder | null> {
  const row = await db.order.findFirst({
    where: { tenantId, sourceEventId: source, pickupMethod: { not: null } },
    select: {
      id: true,
      number: true,
      status: true,
      pickupNumber: true,
      branchId: true,
      pickupMethod: true,
      wantedAt: true,
      prepareAt: true,
      acceptBy: true,
      total: true,
      workflowId: true,
      createdAt: true,
      events: { where: { type: 'created' }, select: { data: true }, take: 1 },
      payment: { select: { method: true } },
    },
  });
  if (!row || !row.branchId || !row.pickupMethod || !row.wantedAt) return null;
  const created = row.events[0]?.data as { handling?: OrderHandling } | null | undefined;
  const handling = created?.handling ?? (await getOrderHandling(db, tenantId, row.branchId));
  return {
    id: row.id,
    number: row.number,
    status: row.status as RestaurantOrderStatus,
    pickupNumber: row.pickupNumber ?? '',
    branchId: row.branchId,
    method: row.pickupMethod,
    wantedAt: row.wantedAt,
    prepareAt: row.prepareAt ?? row.wantedAt,
    acceptBy: row.acceptBy,
    total: row.total,
    workflowId: row.workflowId,
    createdAt: row.createdAt,
    handling,
    payment: row.payment?.method ?? 'cash',
  };
}
