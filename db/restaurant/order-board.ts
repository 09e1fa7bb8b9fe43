import type { PricedChoice } from '../../domain/restaurant/cart-pricing.ts';
import type { RestaurantOrderStatus } from '../../domain/restaurant/restaurant-order-status.ts';
import { taipeiDayKey, taipeiDayRange } from '../../domain/taipei-time.ts';
import { deliveryStage, type DeliveryStage } from '../../domain/delivery/delivery-status.ts';
import { isUberEatsSource } from '../../domain/workflow-ids.ts';
import type { Db, Prisma } from '../client.ts';
import { latestDeliveryBookings } from '../delivery/bookings.ts';

/**
 * The kitchen's view of a branch's restaurant orders (訂單處理, 未來訂單總覽). Every query names
 * the tenant and the branch; +1 orders (no pickup method) never appear.
 */

type Client = Db | Prisma.TransactionClient;

export interface BoardOrder {
  id: string;
  number: string;
  pickupNumber: string | null;
  status: RestaurantOrderStatus;
  method: 'pickup' | 'delivery' | 'dine_in';
  wantedAt: string | null;
  createdAt: string;
  /** A pending order is rejected by itself then. */
  acceptBy: string | null;
  /** The kitchen should start then (a future order's 該做了). */
  dueToPrepareAt: string | null;
  customerName: string;
  phone: string | null;
  table: string | null;
  deliveryAddress: string | null;
  note: string | null;
  /** The lines' sum before discounts. */
  subtotal: number;
  /** What the pricing order took off, each as the customer saw it. */
  discounts: { kind: string; label: string; amount: number }[];
  deliveryFee: number;
  total: number;
  rejectReason: string | null;
  cancelReason: string | null;
  lines: { name: string; quantity: number; unitPrice: number; choices: string[]; note: string | null }[];
  /** Where the order came from: the shop's own channels, or Uber Eats (its badge on the card). */
  channel: 'jiayi' | 'ubereats';
  /** 外送: the rider booked from the branch's delivery partner, as the partner last told it. */
  delivery: BoardDelivery | null;
}

export interface BoardDelivery {
  stage: DeliveryStage;
  /** The booking's number: 2 and up after a rider gave the order up. */
  attempt: number;
  fee: number | null;
  rider: { name: string; phone: string; plate: string } | null;
  trackingLink: string | null;
  /** Why no rider is coming (the staff arrange it themselves). */
  problem: string | null;
}

/** Puts each delivery order's latest booking on it. */
export async function withDeliveries(db: Client, tenantId: string, orders: BoardOrder[]): Promise<BoardOrder[]> {
  const ids = orders.filter((o) => o.method === 'delivery').map((o) => o.id);
  const bookings = await latestDeliveryBookings(db, tenantId, ids);
  return orders.map((order) => {
    const booking = bookings.get(order.id);
    if (!booking) return order;
    return {
      ...order,
      delivery: {
        stage: deliveryStage(booking.status),
        attempt: booking.attempt,
        fee: booking.fee,
        rider: booking.driver,
        trackingLink: booking.shareLink,
        problem: booking.status === 'failed' ? booking.error : null,
      },
    };
  });
}

export const boardSelect = {
  id: true,
  number: true,
  pickupNumber: true,
  status: true,
  pickupMethod: true,
  wantedAt: true,
  createdAt: true,
  acceptBy: true,
  prepareAt: true,
  contactName: true,
  contactPhone: true,
  tableLabel: true,
  deliveryAddress: true,
  customerNote: true,
  deliveryFee: true,
  total: true,
  rejectReason: true,
  cancelReason: true,
  sourceEventId: true,
  customer: { select: { displayName: true } },
  items: {
    select: { productName: true, allocatedQuantity: true, unitPrice: true, choices: true, note: true },
    orderBy: { id: 'asc' },
  },
  discounts: { select: { kind: true, label: true, amount: true }, orderBy: { id: 'asc' } },
} as const satisfies Prisma.OrderSelect;

type BoardRow = Prisma.OrderGetPayload<{ select: typeof boardSelect }>;

/** The names of a line's chosen options as stored (cart-pricing.ts PricedChoice). */
export function choiceNames(stored: unknown): string[] {
  return Array.isArray(stored) ? (stored as PricedChoice[]).map((c) => c.name) : [];
}

export function boardOrderOf(row: BoardRow): BoardOrder {
  return {
    id: row.id,
    number: row.number,
    pickupNumber: row.pickupNumber,
    status: row.status as RestaurantOrderStatus,
    method: row.pickupMethod ?? 'pickup',
    wantedAt: row.wantedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    acceptBy: row.status === 'pending' ? (row.acceptBy?.toISOString() ?? null) : null,
    dueToPrepareAt: row.prepareAt?.toISOString() ?? null,
    customerName: row.contactName ?? row.customer.displayName,
    phone: row.contactPhone,
    table: row.tableLabel,
    deliveryAddress: row.deliveryAddress,
    note: row.customerNote,
    subtotal: row.total - row.deliveryFee + row.discounts.reduce((sum, d) => sum + d.amount, 0),
    discounts: row.discounts,
    deliveryFee: row.deliveryFee,
    total: row.total,
    rejectReason: row.rejectReason,
    cancelReason: row.cancelReason,
    lines: row.items.map((i) => ({
      name: i.productName,
      quantity: i.allocatedQuantity,
      unitPrice: i.unitPrice,
      choices: choiceNames(i.choices),
      note: i.note,
    })),
    channel: isUberEatsSource(row.sourceEventId) ? 'ubereats' : 'jiayi',
    delivery: null,
  };
}

const ACTIVE: RestaurantOrderStatus[] = ['pending', 'accepted', 'preparing', 'ready'];

export interface BoardFilter {
  statuses: RestaurantOrderStatus[] | null;
  method: 'pickup' | 'delivery' | 'dine_in' | null;
  from: Date | null;
  to: Date | null;
}

/**
 * The board: every order still waiting to be accepted (whatever its day), the day's and overdue
 * orders in the kitchen, and, when the filter asks for them, the day's finished ones; soonest first.
 * `counts` are the active orders per status, whatever the filter.
 */
export async function boardOrders(
  db: Client,
  tenantId: string,
  branchId: string,
  filter: BoardFilter,
  now = new Date(),
) {
  const { end: dayEnd, start: dayStart } = taipeiDayRange(taipeiDayKey(now));
  const scope = { tenantId, branchId, pickupMethod: { not: null } } satisfies Prisma.OrderWhereInput;
  const onBoard: Prisma.OrderWhereInput = {
    OR: [
      { status: 'pending' },
      { status: { in: ['accepted', 'preparing', 'ready'] }, wantedAt: { lt: dayEnd } },
      { status: { in: ['completed', 'rejected', 'cancelled'] }, updatedAt: { gte: dayStart } },
    ],
  };
  const statuses = filter.statuses ?? ACTIVE;
  const rows = await db.order.findMany({
    where: {
      ...scope,
      AND: [
        onBoard,
        { status: { in: statuses } },
        ...(filter.method ? [{ pickupMethod: filter.method }] : []),
        ...(filter.from ? [{ wantedAt: { gte: filter.from } }] : []),
        ...(filter.to ? [{ wantedAt: { lt: filter.to } }] : []),
      ],
    },
    orderBy: [{ wantedAt: 'asc' }, { createdAt: 'asc' }],
    take: 500,
    select: boardSelect,
  });
  const grouped = await db.order.groupBy({
    by: ['status'],
    where: { ...scope, AND: [onBoard, { status: { in: ACTIVE } }] },
    _count: { _all: true },
  });
  const counts = { pending: 0, accepted: 0, preparing: 0, ready: 0 };
  for (const g of grouped) if (g.status in counts) counts[g.status as keyof typeof counts] = g._count._all;
  return { orders: await withDeliveries(db, tenantId, rows.map(boardOrderOf)), counts };
}

/** One order of the branch as the board shows it; null when it is not a restaurant order of this branch. */
export async function boardOrder(db: Client, tenantId: string, branchId: string, orderId: string) {
  const row = await db.order.findFirst({
    where: { tenantId, branchId, id: orderId, pickupMethod: { not: null } },
    select: { ...boardSelect, workflowId: true },
  });
  if (!row) return null;
  const [order] = await withDeliveries(db, tenantId, [boardOrderOf(row)]);
  return { order: order!, workflowId: row.workflowId };
}

/** Whether the order is one of this branch's (for a stream to pass on only its own changes). */
export async function isBranchOrder(db: Client, tenantId: string, branchId: string, orderId: string): Promise<boolean> {
  return (await db.order.count({ where: { tenantId, branchId, id: orderId } })) > 0;
}

/**
 * 未來訂單總覽: the orders still to make on `days` Taipei days from `fromDay` (YYYYMMDD), by day
 * and slot, with each day's item totals for preparation (an item with other options is another row).
 */
export async function futureOrders(db: Client, tenantId: string, branchId: string, fromDay: string, days: number) {
  const start = taipeiDayRange(fromDay).start;
  const end = new Date(start.getTime() + days * 24 * 60 * 60 * 1000);
  const rows = await db.order.findMany({
    where: {
      tenantId,
      branchId,
      pickupMethod: { not: null },
      status: { in: ACTIVE },
      wantedAt: { gte: start, lt: end },
    },
    orderBy: [{ wantedAt: 'asc' }, { createdAt: 'asc' }],
    take: 2000,
    select: boardSelect,
  });
  const byDay = new Map<
    string,
    { slots: Map<string, BoardOrder[]>; items: Map<string, { name: string; choices: string[]; quantity: number }> }
  >();
  for (let i = 0; i < days; i++) {
    const day = taipeiDayKey(new Date(start.getTime() + i * 24 * 60 * 60 * 1000 + 12 * 60 * 60 * 1000));
    byDay.set(day, { slots: new Map(), items: new Map() });
  }
  for (const row of rows) {
    const order = boardOrderOf(row);
    const day = byDay.get(taipeiDayKey(row.wantedAt!));
    if (!day) continue;
    const slot = order.wantedAt!;
    day.slots.set(slot, [...(day.slots.get(slot) ?? []), order]);
    for (const line of order.lines) {
      const key = JSON.stringify([line.name, line.choices]);
      const item = day.items.get(key) ?? { name: line.name, choices: line.choices, quantity: 0 };
      item.quantity += line.quantity;
      day.items.set(key, item);
    }
  }
  return [...byDay.entries()].map(([day, { slots, items }]) => ({
    date: `${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6, 8)}`,
    slots: [...slots.entries()].map(([slotStart, orders]) => ({ start: slotStart, orders })),
    items: [...items.values()].sort((a, b) => b.quantity - a.quantity || a.name.localeCompare(b.name, 'zh-Hant')),
  }));
}
