import type { BoardMethod, BoardOrder } from '#lib/api.ts';
import { RESTAURANT_ORDER_STATUSES, isFinalRestaurantStatus, type RestaurantOrderStatus } from '#lib/domain.ts';

/**
 * How the kitchen board arranges a branch's orders: three lanes (新訂單, 製作中, 可取餐) in the
 * order the kitchen works them, today's finished ones apart, and the filters by method and time.
 * Pure, so the page, the future overview and the tests share it.
 */

export const LANES = ['new', 'cooking', 'ready'] as const;
export type Lane = (typeof LANES)[number];

const LANE_STATUSES: Record<Lane, readonly RestaurantOrderStatus[]> = {
  new: ['pending'],
  cooking: ['accepted', 'preparing'],
  ready: ['ready'],
};

/** Today's finished orders: completed, rejected, cancelled (the status machine's final ones). */
export const FINISHED_STATUSES = RESTAURANT_ORDER_STATUSES.filter(isFinalRestaurantStatus);

/** What the board shows: every lane, one lane, or today's finished orders. */
export type StatusView = 'all' | Lane | 'done';
export const STATUS_VIEWS: readonly StatusView[] = ['all', ...LANES, 'done'];

export type MethodFilter = 'all' | BoardMethod;
export const METHOD_FILTERS: readonly MethodFilter[] = ['all', 'pickup', 'delivery', 'dine_in'];

/** soon: wanted within the hour (or already late, or as soon as possible); later: after that. */
export type TimeFilter = 'all' | 'soon' | 'later';
export const TIME_FILTERS: readonly TimeFilter[] = ['all', 'soon', 'later'];
const SOON_MS = 60 * 60_000;

export function laneOf(status: RestaurantOrderStatus): Lane | null {
  return LANES.find((lane) => LANE_STATUSES[lane].includes(status)) ?? null;
}

const ms = (iso: string | null) => (iso === null ? Number.POSITIVE_INFINITY : Date.parse(iso));

/**
 * The moment that decides an order's place in its lane: for a new order the accept-by deadline,
 * otherwise when it is wanted (an order for right now comes first), then first come first served.
 */
function urgency(order: BoardOrder): number {
  if (order.status === 'pending' && order.acceptBy) return ms(order.acceptBy);
  return order.wantedAt ? ms(order.wantedAt) : ms(order.createdAt);
}

export function byUrgency(a: BoardOrder, b: BoardOrder): number {
  return urgency(a) - urgency(b) || ms(a.createdAt) - ms(b.createdAt) || (a.id < b.id ? -1 : 1);
}

export function matchesFilters(order: BoardOrder, method: MethodFilter, time: TimeFilter, now: number): boolean {
  if (method !== 'all' && order.method !== method) return false;
  if (time === 'all') return true;
  const soon = order.wantedAt === null || ms(order.wantedAt) - now <= SOON_MS;
  return time === 'soon' ? soon : !soon;
}

/** The orders of each lane, most urgent first, after the filters. */
export function lanesOf(
  orders: readonly BoardOrder[],
  method: MethodFilter,
  time: TimeFilter,
  now: number,
): Record<Lane, BoardOrder[]> {
  const lanes: Record<Lane, BoardOrder[]> = { new: [], cooking: [], ready: [] };
  for (const order of orders) {
    const lane = laneOf(order.status);
    if (lane && matchesFilters(order, method, time, now)) lanes[lane].push(order);
  }
  for (const lane of LANES) lanes[lane].sort(byUrgency);
  return lanes;
}

/** Today's finished orders, the latest first, after the filters. */
export function finishedOf(orders: readonly BoardOrder[], method: MethodFilter, time: TimeFilter, now: number) {
  return orders
    .filter((o) => isFinalRestaurantStatus(o.status) && matchesFilters(o, method, time, now))
    .sort((a, b) => -byUrgency(a, b));
}

export interface Countdown {
  /** Whole seconds to go; negative once past. */
  seconds: number;
  past: boolean;
  /** The distance either way as 'm:ss' (the accept-by countdown, where seconds count). */
  clock: string;
  /** The distance either way in whole minutes, rounded up (when an order is wanted). */
  minutes: number;
}

export function countdown(targetIso: string, now: number): Countdown {
  const seconds = Math.floor((Date.parse(targetIso) - now) / 1000);
  const away = Math.abs(seconds);
  const clock = `${Math.floor(away / 60)}:${String(away % 60).padStart(2, '0')}`;
  return { seconds, past: seconds < 0, clock, minutes: Math.ceil(away / 60) };
}

/** The accept-by countdown turns red this close to the automatic rejection. */
export const ACCEPT_URGENT_SECONDS = 120;

/** An accepted future order whose time to start cooking has come (該做了). */
export function dueNow(order: BoardOrder, now: number): boolean {
  return order.status === 'accepted' && order.dueToPrepareAt !== null && ms(order.dueToPrepareAt) <= now;
}

/** The IDs of new (pending) orders among `next` that `known` did not have: each one chimes. */
export function arrivals(known: ReadonlySet<string>, next: readonly BoardOrder[]): BoardOrder[] {
  return next.filter((o) => o.status === 'pending' && !known.has(o.id));
}

/** Why a shop usually cancels, one tap each (in the customer's zh-TW: they are told). */
export const CANCEL_REASONS_ZH = ['顧客要求取消', '餐點已售完', '店家臨時無法出餐', '顧客未取餐'] as const;
