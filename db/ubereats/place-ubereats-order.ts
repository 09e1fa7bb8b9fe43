import { v7 as uuidv7 } from 'uuid';
import { orderSlots } from '../../domain/restaurant/business-hours.ts';
import { priceCart } from '../../domain/restaurant/cart-pricing.ts';
import { leadMinutes, prepareAtFor } from '../../domain/restaurant/order-timing.ts';
import {
  mapUberCart,
  outOfStockDenial,
  unavailableProducts,
  uberOrderSlot,
  unknownItemsDenial,
  type UberDenial,
  type UberOrder,
} from '../../domain/ubereats/uber-order.ts';
import { ubereatsOrderSource } from '../../domain/workflow-ids.ts';
import { loadMenu } from '../catalog/menu.ts';
import type { Db, Prisma } from '../client.ts';
import { notifyOrderChanged } from '../orders/order-changes.ts';
import { getBusinessHours } from '../restaurant/business-hours.ts';
import { takeBranchStock } from '../restaurant/item-stock.ts';
import { nextRestaurantOrderNumbers, restaurantOrderItems } from '../restaurant/order-numbers.ts';
import { getPickupMethods } from '../restaurant/pickup-methods.ts';
import { reserveSlotCapacity } from '../restaurant/slot-capacity.ts';

type Tx = Prisma.TransactionClient;

/** Uber Eats orders belong to one customer row per shop: Uber keeps the eater to itself. */
const UBER_CUSTOMER = { lineUserId: 'ubereats', displayName: 'Uber Eats' };

export interface PlaceUberEatsOrderInput {
  tenantId: string;
  branchId: string;
  workflowId: string;
  order: UberOrder;
  /** When the order is denied unless someone accepts it (the board counts down); null: accepted at once. */
  acceptBy: Date | null;
  now?: Date;
}

export type PlaceUberEatsOrderResult =
  { kind: 'placed'; orderId: string; number: string; pickupNumber: string } | { kind: 'denied'; denial: UberDenial };

class Denied extends Error {
  readonly denial: UberDenial;
  constructor(denial: UberDenial) {
    super(denial.code);
    this.denial = denial;
  }
}

/**
 * Places an Uber Eats order on the branch in ONE transaction, as the shop's own orders are: the
 * cart mapped onto the branch's live menu by external IDs (what does not map is named), the
 * branch accepting orders, stock taken and the next pickup slot's capacity reserved, the order
 * written as pending for the board. Anything short rolls back and says how Uber is to be told.
 * Placed once per Uber order: a retried activity finds its order.
 */
export async function placeUberEatsOrder(db: Db, input: PlaceUberEatsOrderInput): Promise<PlaceUberEatsOrderResult> {
  const source = ubereatsOrderSource(input.order.id);
  const found = await placedBySource(db, input.tenantId, source);
  if (found) return found;
  try {
    return await db.$transaction((tx) => placeIn(tx, input, source, input.now ?? new Date()), {
      timeout: 20_000,
      maxWait: 20_000,
    });
  } catch (error) {
    if (error instanceof Denied) return { kind: 'denied', denial: error.denial };
    const raced = await placedBySource(db, input.tenantId, source);
    if (raced) return raced;
    throw error;
  }
}

async function placedBySource(db: Db, tenantId: string, source: string): Promise<PlaceUberEatsOrderResult | null> {
  const row = await db.order.findFirst({
    where: { tenantId, sourceEventId: source },
    select: { id: true, number: true, pickupNumber: true },
  });
  return row ? { kind: 'placed', orderId: row.id, number: row.number, pickupNumber: row.pickupNumber ?? '' } : null;
}

async function placeIn(
  tx: Tx,
  input: PlaceUberEatsOrderInput,
  source: string,
  now: Date,
): Promise<PlaceUberEatsOrderResult> {
  const { tenantId, branchId, order } = input;
  const branch = await tx.branch.findFirst({
    where: { tenantId, id: branchId, archivedAt: null },
    select: { orderingStatus: true },
  });
  if (!branch || branch.orderingStatus !== 'accepting')
    throw new Denied({ code: 'STORE_CLOSED', explanation: '分店目前暫停接單', outOfStockItems: [] });
  // One after another: a transaction's one connection takes one query at a time.
  const menu = await loadMenu(tx, tenantId, branchId, now);
  const { hours } = await getBusinessHours(tx, tenantId, branchId);
  const methods = await getPickupMethods(tx, tenantId, branchId);
  const items = menu.categories.flatMap((c) => c.items);
  const cart = mapUberCart(order, items);
  if (cart.unknown.length > 0) throw new Denied(unknownItemsDenial(cart.unknown));
  const priced = priceCart(items, cart.lines, { method: 'pickup' });
  const unavailable = unavailableProducts(cart.lines, priced.problems);
  if (unavailable.length > 0) throw new Denied(outOfStockDenial(order, unavailable));
  if (priced.problems.length > 0)
    throw new Denied({
      code: 'MISSING_ITEM',
      explanation: priced.problems.map((p) => p.message).join('；'),
      outOfStockItems: [],
    });

  const lines = priced.lines.map((l) => ({ productId: l.productId, quantity: l.quantity }));
  const stock = await takeBranchStock(tx, tenantId, branchId, lines, now);
  if (!stock.ok)
    throw new Denied(
      outOfStockDenial(
        order,
        stock.shortages.flatMap((s) => ('productId' in s ? [s.productId] : [])),
      ),
    );
  // The courier comes when the food is ready: the branch's next pickup slot, or a scheduled
  // order's own, counted like any order and cooked from its slot less the lead time.
  const slots = orderSlots(hours, methods, 'pickup', now);
  const slot = uberOrderSlot(order, slots);
  if (!slot && order.estimated_ready_for_pickup_at && slots.length > 0)
    throw new Denied({ code: 'STORE_CLOSED', explanation: '預約的時間不在營業時間內', outOfStockItems: [] });
  const wantedAt = slot?.start ?? now;
  const prepareAt = prepareAtFor(wantedAt, leadMinutes(methods, 'pickup'), now);
  if (slot) {
    const reserved = await reserveSlotCapacity(tx, tenantId, branchId, slot.start, lines);
    if (!reserved.ok)
      throw new Denied({ code: 'CAPACITY', explanation: '這個時段的訂單已經額滿', outOfStockItems: [] });
  }

  const customer = await tx.customer.upsert({
    where: { tenantId_lineUserId: { tenantId, lineUserId: UBER_CUSTOMER.lineUserId } },
    create: { tenantId, ...UBER_CUSTOMER },
    update: {},
    select: { id: true },
  });
  const { number, pickupNumber } = await nextRestaurantOrderNumbers(tx, tenantId, branchId, now, wantedAt);
  const orderId = uuidv7();
  const note = [`Uber Eats #${order.display_id}`, order.cart.special_instructions].filter(Boolean).join('：');
  await tx.order.create({
    data: {
      id: orderId,
      tenantId,
      number,
      customerId: customer.id,
      status: 'pending',
      total: priced.total,
      sourceEventId: source,
      workflowId: input.workflowId,
      branchId,
      wantedAt,
      pickupMethod: 'pickup',
      pickupNumber,
      customerNote: note,
      contactName: order.eater?.first_name ?? null,
      prepareAt,
      acceptBy: input.acceptBy,
      stockDay: stock.day,
      createdAt: now,
      items: { createMany: { data: await restaurantOrderItems(tx, tenantId, priced.lines) } },
      events: {
        create: {
          tenantId,
          type: 'created',
          toStatus: 'pending',
          actor: 'ubereats',
          data: { uberOrderId: order.id, displayId: order.display_id } as Prisma.InputJsonValue,
        },
      },
    },
  });
  await notifyOrderChanged(tx as unknown as Db, tenantId, orderId);
  return { kind: 'placed', orderId, number, pickupNumber };
}
