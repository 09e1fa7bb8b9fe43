import { z } from 'zod';
import { taipeiDayKey, taipeiDayRange } from '../taipei-time.ts';

/**
 * 日常營運: a branch's stock of each item (庫存管理), items and option choices paused for a while
 * (暫停銷售), and how much a pickup slot may take (產能限制). Shared by the API (which enforces
 * it), the admin pages (which explain it) and the order flow (db/restaurant/daily-ops.ts takes
 * stock and slot capacity with these rules). Messages are zh-TW.
 */

/** A stock quantity that never runs out. */
export const UNLIMITED = -1;
export const STOCK_MAX = 99_999;
export const CAPACITY_MAX = 9_999;
/** A pause with an end is for a short shortage (長期下架 is the menu's 供應 switch). */
export const PAUSE_DAYS_MAX = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

const whole = (label: string, min: number, max: number) =>
  z
    .number({ error: `${label}必須是整數` })
    .refine(Number.isInteger, `${label}必須是整數`)
    .min(min, `${label}不能小於 ${min}`)
    .max(max, `${label}不能超過 ${max.toLocaleString('en-US')}`);

// ---------------------------------------------------------------- 庫存

/**
 * A branch's stock of one item as stored. `stockDay` is the Taipei day (YYYYMMDD) `quantity`
 * belongs to: with a daily quantity, the first read or take on a later day starts from the daily
 * quantity again (a lazy reset, so nothing depends on a timer firing at midnight).
 */
export interface StockState {
  quantity: number;
  dailyQuantity: number | null;
  stockDay: string | null;
}

/** What is left today; UNLIMITED without a row (an item is unlimited until the shop counts it). */
export function stockOn(state: StockState | null, today: string): number {
  if (!state) return UNLIMITED;
  if (state.dailyQuantity !== null && state.stockDay !== today) return state.dailyQuantity;
  return state.quantity;
}

/** A quick +/− from the kitchen: never below 0, and unlimited stays unlimited. */
export function adjustedStock(current: number, delta: number): number {
  if (current === UNLIMITED) return UNLIMITED;
  return Math.min(STOCK_MAX, Math.max(0, current + delta));
}

export const stockSchema = z
  .strictObject({
    /** -1: unlimited (不限量); 0: sold out (售完). */
    quantity: whole('庫存數量', UNLIMITED, STOCK_MAX),
    /** Each Taipei day starts with this many; null: the quantity carries over. */
    dailyQuantity: whole('每日補貨數量', 0, STOCK_MAX).nullable(),
  })
  .refine((s) => !(s.quantity === UNLIMITED && s.dailyQuantity !== null), {
    path: ['dailyQuantity'],
    message: '不限量的品項不需要每日補貨數量',
  });
export type StockInput = z.infer<typeof stockSchema>;

export const stockAdjustSchema = z.strictObject({
  delta: whole('調整數量', -STOCK_MAX, STOCK_MAX).refine((d) => d !== 0, '調整數量不能是 0'),
});

// ---------------------------------------------------------------- 暫停銷售

/** 'resume': until the shop resumes it; 'today': to the end of the Taipei day; or an instant. */
export const pauseSchema = z.strictObject({
  until: z.union([z.literal('resume'), z.literal('today'), z.iso.datetime({ offset: true })], {
    error: '請選擇暫停到什麼時候（現在起、到幾點或今天）',
  }),
});
export type PauseInput = z.infer<typeof pauseSchema>;

/**
 * When a pause asked for now ends: null for "until resumed". A message (for the `until` field)
 * when the time has passed or is too far away.
 */
export function pauseEnd(until: PauseInput['until'], now: Date): { until: Date | null } | { error: string } {
  if (until === 'resume') return { until: null };
  if (until === 'today') return { until: taipeiDayRange(taipeiDayKey(now)).end };
  const end = new Date(until);
  if (end.getTime() <= now.getTime()) return { error: '這個時間已經過了，請選之後的時間' };
  if (end.getTime() - now.getTime() > PAUSE_DAYS_MAX * DAY_MS)
    return { error: `暫停最多 ${PAUSE_DAYS_MAX} 天；長期不賣請到菜單關閉供應` };
  return { until: end };
}

/**
 * "到幾點" on the page: HH:MM today in Taipei as an ISO instant, or null when it is not a time
 * or has already passed today (the page says so next to the field).
 */
export function taipeiTimeToday(hhmm: string, now: Date): string | null {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  if (!match) return null;
  const start = taipeiDayRange(taipeiDayKey(now)).start.getTime();
  const at = new Date(start + (Number(match[1]) * 60 + Number(match[2])) * 60_000);
  return at.getTime() > now.getTime() ? at.toISOString() : null;
}

/** An expired pause is simply not a pause: nothing has to clear it. */
export function isPaused(pause: { until: Date | null } | null | undefined, now: Date): boolean {
  return !!pause && (pause.until === null || pause.until.getTime() > now.getTime());
}

/** Whole minutes left of a pause with an end (rounded up, so "1 分鐘" until it is over). */
export function minutesLeft(until: Date, now: Date): number {
  return Math.max(0, Math.ceil((until.getTime() - now.getTime()) / 60_000));
}

/** Why a customer cannot order an item now, or null when they can. A pause outranks stock. */
export type Unavailable = 'paused' | 'sold_out' | null;
export function unavailableReason(paused: boolean, stockLeft: number): Unavailable {
  if (paused) return 'paused';
  return stockLeft === 0 ? 'sold_out' : null;
}

// ---------------------------------------------------------------- 產能限制

/** Per branch: at most this many orders in one pickup slot (null: no limit). */
export const branchCapacitySchema = z.strictObject({
  maxOrdersPerSlot: whole('每個時段最多訂單數', 1, CAPACITY_MAX).nullable(),
});
export type BranchCapacityInput = z.infer<typeof branchCapacitySchema>;

/** Per item at a branch: at most this many of it in one pickup slot (null: no limit). */
export const itemCapacitySchema = z.strictObject({
  maxPerSlot: whole('每個時段最多份數', 1, CAPACITY_MAX).nullable(),
});

/** One line of an order as stock and capacity see it: an item and how many. */
export interface OrderLine {
  productId: string;
  quantity: number;
}

export const orderLinesSchema = z
  .array(z.strictObject({ productId: z.uuid('品項不正確'), quantity: whole('數量', 1, STOCK_MAX) }))
  .min(1, '訂單沒有品項')
  .max(200, '訂單品項太多');

/**
 * One line per item (an item ordered twice with different options is one count), sorted by id:
 * every order then locks rows in the same order, so two orders never deadlock each other.
 */
export function mergeLines(lines: readonly OrderLine[]): OrderLine[] {
  const byItem = new Map<string, number>();
  for (const line of lines) byItem.set(line.productId, (byItem.get(line.productId) ?? 0) + line.quantity);
  return [...byItem.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([productId, quantity]) => ({ productId, quantity }));
}

/** What is left of a limit (null: no limit). */
export function leftOf(limit: number | null, used: number): number | null {
  return limit === null ? null : Math.max(0, limit - used);
}

/** Why an order cannot be taken: the items short of stock or of slot capacity, or the slot full. */
export type Shortage =
  | { reason: 'sold_out'; productId: string; left: number }
  | { reason: 'item_slot_full'; productId: string; left: number }
  | { reason: 'slot_full' };

/** A refusal in the customer's words, for the order page. */
export function shortageMessage(shortage: Shortage, name: string): string {
  switch (shortage.reason) {
    case 'sold_out':
      return shortage.left === 0 ? `「${name}」已經售完` : `「${name}」只剩 ${shortage.left} 份`;
    case 'item_slot_full':
      return shortage.left === 0
        ? `「${name}」這個時段已經額滿，請選其他時段`
        : `「${name}」這個時段只能再訂 ${shortage.left} 份`;
    case 'slot_full':
      return '這個時段的訂單已經額滿，請選其他時段';
  }
}
