import { z } from 'zod';
import { taipeiDaySeries } from '../insights/day-series.ts';
import { dayKeyToIsoDate, isoDateToDayKey, weekdayOfDayKey } from '../insights/report-range.ts';
import { formatTaipeiDateTime, taipeiDayKey, taipeiDayRange } from '../taipei-time.ts';
import type { PickupMethods } from './pickup-methods.ts';

/**
 * A branch's business hours (營業時間設定): opening periods per weekday, with breaks between
 * them; special dates (公休 or their own hours); how many days ahead customers may order. And
 * the rules read from them, all in Asia/Taipei whatever the machine's zone: open now, the next
 * opening, the order slots a customer may pick, the orders that no longer fit.
 *
 * A period belongs to the day it starts on and may end after midnight (18:00–02:00 on Friday
 * runs into Saturday). A special date replaces that day's periods only, so Friday night's
 * 18:00–02:00 still runs into a Saturday that is 公休.
 */

export const PERIODS_PER_DAY_MAX = 6;
export const SPECIAL_DATES_MAX = 60;
export const NOTE_MAX = 30;
export const ORDER_AHEAD_DAYS_MAX = 30;
/** Index = weekday as Date.getUTCDay() counts it (0 = 週日). */
export const WEEKDAY_NAMES = ['週日', '週一', '週二', '週三', '週四', '週五', '週六'] as const;
/** The order a merchant reads a week in: Monday first. */
export const WEEK_ORDER = [1, 2, 3, 4, 5, 6, 0] as const;

const MINUTE_MS = 60_000;
const DAY_MINUTES = 24 * 60;
const DAY_MS = DAY_MINUTES * MINUTE_MS;

const clock = (label: string) =>
  z.string({ error: `請輸入${label}` }).regex(/^([01]\d|2[0-3]):[0-5]\d$/, `${label}要像 11:00 這樣寫（00:00–23:59）`);

export const periodSchema = z
  .strictObject({ start: clock('開始時間'), end: clock('結束時間') })
  .refine((p) => p.start !== p.end, { path: ['end'], message: '結束時間不能和開始時間一樣' });
export type Period = z.infer<typeof periodSchema>;

const periodList = z
  .array(periodSchema, { error: '營業時段必須是清單' })
  .max(PERIODS_PER_DAY_MAX, `一天最多 ${PERIODS_PER_DAY_MAX} 個時段`);

export const specialDateSchema = z.strictObject({
  /** YYYY-MM-DD, a date input's value. */
  date: z
    .string({ error: '請選擇日期' })
    .refine((value) => isoDateToDayKey(value) !== null, '請選擇日期（例如 2026-09-25）'),
  closed: z.boolean({ error: '公休必須是是或否' }),
  /** Ignored when closed; must then be empty so what is saved is what is shown. */
  periods: periodList,
  note: z
    .string({ error: '備註必須是文字' })
    .trim()
    .max(NOTE_MAX, `備註最多 ${NOTE_MAX} 個字`)
    .refine((value) => !/\p{Cc}/u.test(value), '備註不能有控制字元'),
});
export type SpecialDate = z.infer<typeof specialDateSchema>;

/** Minutes after the start of the period's day: [start, end), end past 1440 when it runs past midnight. */
function span(period: Period): [number, number] {
  const minutes = (text: string) => Number(text.slice(0, 2)) * 60 + Number(text.slice(3, 5));
  const start = minutes(period.start);
  const end = minutes(period.end);
  return [start, end <= start ? end + DAY_MINUTES : end];
}

const label = (p: Period) => `${p.start}–${p.end}`;

/** Overlaps inside one day's periods, and with what the day before runs past midnight. */
function checkOverlaps(
  periods: Period[],
  spillOf: Period[],
  path: (string | number)[],
  ctx: z.RefinementCtx,
  dayName = '',
) {
  const order = periods.map((p, i) => ({ p, i, s: span(p) })).sort((a, b) => a.s[0] - b.s[0]);
  // Sorted by start, a period overlaps when it starts before the latest end so far.
  let latest = order[0];
  for (const here of order.slice(1)) {
    if (latest && here.s[0] < latest.s[1])
      ctx.addIssue({
        code: 'custom',
        path: [...path, here.i, 'start'],
        message: `${dayName}${label(here.p)} 和 ${label(latest.p)} 重疊了`,
      });
    if (!latest || here.s[1] > latest.s[1]) latest = here;
  }
  for (const before of spillOf) {
    const spillEnd = span(before)[1] - DAY_MINUTES;
    if (spillEnd <= 0) continue;
    const hit = order.find(({ s }) => s[0] < spillEnd);
    if (hit)
      ctx.addIssue({
        code: 'custom',
        path: [...path, hit.i, 'start'],
        message: `${dayName}${label(hit.p)} 和前一天的 ${label(before)} 重疊了`,
      });
  }
}

/**
 * The overlap checks run even when another field is wrong (the form shows every problem at
 * once), once the periods they compare are readable.
 */
const crossChecksReadable = {
  when: (payload: { value: unknown; issues: readonly { path?: readonly PropertyKey[] }[] }) =>
    !payload.issues.some(({ path = [] }) => path.length === 0 || path[0] === 'week' || path[0] === 'special'),
};

export const businessHoursSchema = z
  .strictObject({
    /** Seven lists of periods, index 0 = 週日 … 6 = 週六; an empty list is a day off. */
    week: z.array(periodList, { error: '每週營業時間必須是 7 天的清單' }).length(7, '每週營業時間必須剛好 7 天'),
    special: z
      .array(specialDateSchema, { error: '特殊日期必須是清單' })
      .max(SPECIAL_DATES_MAX, `特殊日期最多 ${SPECIAL_DATES_MAX} 個`),
    /** 0: today only. */
    orderAheadDays: z
      .number({ error: '可預訂天數必須是整數' })
      .refine(Number.isInteger, '可預訂天數必須是整數')
      .min(0, '可預訂天數不能小於 0')
      .max(ORDER_AHEAD_DAYS_MAX, `可預訂天數不能超過 ${ORDER_AHEAD_DAYS_MAX}`),
  })
  .superRefine((hours, ctx) => {
    hours.week.forEach((periods, day) =>
      checkOverlaps(periods, hours.week[(day + 6) % 7]!, ['week', day], ctx, `${WEEKDAY_NAMES[day]} `),
    );
    const seen = new Set<string>();
    hours.special.forEach((entry, i) => {
      if (seen.has(entry.date))
        ctx.addIssue({ code: 'custom', path: ['special', i, 'date'], message: `${entry.date} 已經設定過了` });
      seen.add(entry.date);
      if (entry.closed && entry.periods.length > 0)
        ctx.addIssue({ code: 'custom', path: ['special', i, 'periods'], message: '公休日不用填營業時段' });
      if (!entry.closed && entry.periods.length === 0)
        ctx.addIssue({ code: 'custom', path: ['special', i, 'periods'], message: '請新增營業時段，或設為公休' });
      checkOverlaps(entry.periods, [], ['special', i, 'periods'], ctx);
    });
  }, crossChecksReadable);

export type BusinessHours = z.infer<typeof businessHoursSchema>;

/**
 * Every message of a refusal keyed by its whole path ("week.1.0.end", "special.2.date",
 * "orderAheadDays"), the first one per key, so the page shows each beside its own field.
 */
export function hoursErrors(error: z.ZodError): Record<string, string> {
  const found: Record<string, string> = {};
  for (const { path, message } of error.issues) {
    const key = path.map(String).join('.');
    if (!(key in found)) found[key] = message;
  }
  return found;
}

/** A branch that never saved its hours: every day 11:00–20:00, orders up to 7 days ahead. */
export const DEFAULT_BUSINESS_HOURS: BusinessHours = {
  week: Array.from({ length: 7 }, () => [{ start: '11:00', end: '20:00' }]),
  special: [],
  orderAheadDays: 7,
};

/** Stored hours as the app reads them; an older or damaged row reads as the defaults. */
export function readBusinessHours(stored: unknown): BusinessHours {
  const parsed = businessHoursSchema.safeParse(stored);
  return parsed.success ? parsed.data : DEFAULT_BUSINESS_HOURS;
}

function shiftDay(dayKey: string, days: number): string {
  return taipeiDayKey(new Date(taipeiDayRange(dayKey).start.getTime() + days * DAY_MS));
}

/** The periods a business day runs: its special date's, else its weekday's. */
function periodsOn(hours: BusinessHours, specials: Map<string, SpecialDate>, dayKey: string): Period[] {
  const special = specials.get(dayKeyToIsoDate(dayKey));
  if (special) return special.closed ? [] : special.periods;
  return hours.week[weekdayOfDayKey(dayKey)] ?? [];
}

/** An open stretch, [start, end) in epoch ms. */
type Interval = [number, number];

/**
 * The open stretches of the business days `from`..`to` (day keys), sorted; stretches that touch
 * (23:00–00:00 then 00:00–02:00) are one, so only a real break or closing ends one.
 */
function openIntervals(hours: BusinessHours, from: string, to: string): Interval[] {
  const specials = new Map(hours.special.map((s) => [s.date, s]));
  const raw: Interval[] = [];
  for (const day of taipeiDaySeries(from, to)) {
    const midnight = taipeiDayRange(day).start.getTime();
    for (const period of periodsOn(hours, specials, day)) {
      const [start, end] = span(period);
      raw.push([midnight + start * MINUTE_MS, midnight + end * MINUTE_MS]);
    }
  }
  raw.sort((a, b) => a[0] - b[0]);
  const merged: Interval[] = [];
  for (const [start, end] of raw) {
    const last = merged.at(-1);
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}

/**
 * The stretches around `now`: from yesterday (whose late periods run into today) to `days`
 * days after today.
 */
function intervalsAround(hours: BusinessHours, now: Date, days: number): Interval[] {
  const today = taipeiDayKey(now);
  return openIntervals(hours, shiftDay(today, -1), shiftDay(today, days));
}

/** Whether the branch is open at `now`. */
export function isOpenAt(hours: BusinessHours, now: Date): boolean {
  const t = now.getTime();
  return intervalsAround(hours, now, 0).some(([start, end]) => start <= t && t < end);
}

/**
 * When the branch next opens after `now` (after the current stretch when open now), past
 * breaks, days off and special dates; null when it does not open within a year.
 */
export function nextOpening(hours: BusinessHours, now: Date): Date | null {
  const t = now.getTime();
  // A week usually answers; a long 公休 needs the year.
  for (const days of [8, 366]) {
    const found = intervalsAround(hours, now, days).find(([start]) => start > t);
    if (found) return new Date(found[0]);
  }
  return null;
}

export type OpeningStatus = { open: true; closesAt: Date } | { open: false; nextOpening: Date | null };

/** 「營業中，21:00 休息」 or 「休息中，下次營業 …」: what the page's preview and the storefront say. */
export function openingStatus(hours: BusinessHours, now: Date): OpeningStatus {
  const t = now.getTime();
  const current = intervalsAround(hours, now, 1).find(([start, end]) => start <= t && t < end);
  if (current) return { open: true, closesAt: new Date(current[1]) };
  return { open: false, nextOpening: nextOpening(hours, now) };
}

export const SLOT_METHODS = ['pickup', 'delivery'] as const;
export type SlotMethod = (typeof SLOT_METHODS)[number];

export interface OrderSlot {
  start: Date;
  end: Date;
}

/**
 * The times a customer may pick for `method`, earliest first: slots of the branch's slot length
 * (取餐時段, used for delivery too) counted from each opening, never across a break or closing,
 * starting no sooner than now plus the method's lead time (備餐/外送準備時間) and on a day no
 * later than orderAheadDays after today. None when the method is off.
 */
export function orderSlots(hours: BusinessHours, methods: PickupMethods, method: SlotMethod, now: Date): OrderSlot[] {
  const enabled = method === 'pickup' ? methods.pickupEnabled : methods.deliveryEnabled;
  if (!enabled) return [];
  const lead = method === 'pickup' ? methods.pickupLeadMinutes : methods.deliveryLeadMinutes;
  const step = methods.pickupSlotMinutes * MINUTE_MS;
  const earliest = now.getTime() + lead * MINUTE_MS;
  const lastDay = shiftDay(taipeiDayKey(now), hours.orderAheadDays);
  const horizon = taipeiDayRange(lastDay).end.getTime();
  const slots: OrderSlot[] = [];
  for (const [start, end] of intervalsAround(hours, now, hours.orderAheadDays)) {
    for (let at = start; at + step <= end && at < horizon; at += step)
      if (at >= earliest) slots.push({ start: new Date(at), end: new Date(at + step) });
  }
  return slots;
}

/** The orders whose wished-for time (預計取餐/送達時間) is not within the hours. */
export function ordersOutsideHours<T extends { id: string; wantedAt: Date }>(hours: BusinessHours, orders: T[]): T[] {
  const byDay = new Map<string, Interval[]>();
  return orders.filter(({ wantedAt }) => {
    const day = taipeiDayKey(wantedAt);
    let intervals = byDay.get(day);
    if (!intervals) {
      intervals = openIntervals(hours, shiftDay(day, -1), day);
      byDay.set(day, intervals);
    }
    const t = wantedAt.getTime();
    return !intervals.some(([start, end]) => start <= t && t < end);
  });
}

/** 'HH:MM' in Asia/Taipei. */
export function taipeiClock(instant: Date): string {
  return formatTaipeiDateTime(instant).slice(11);
}

/** 週二 of an instant, in Asia/Taipei. */
export function taipeiWeekdayName(instant: Date): string {
  return WEEKDAY_NAMES[weekdayOfDayKey(taipeiDayKey(instant))]!;
}

/** GET .../order-slots: the storefront's question; `date` (YYYY-MM-DD) narrows to one Taipei day. */
export const orderSlotsQuery = z.strictObject({
  method: z.enum(SLOT_METHODS, { error: '取件方式只能是自取（pickup）或外送（delivery）' }),
  date: z
    .string()
    .refine((value) => isoDateToDayKey(value) !== null, '日期要像 2026-12-08 這樣寫')
    .optional(),
});

/** The slots starting on one Taipei day, 'YYYY-MM-DD'. */
export function slotsOn(slots: OrderSlot[], date: string): OrderSlot[] {
  const key = isoDateToDayKey(date);
  return slots.filter((slot) => taipeiDayKey(slot.start) === key);
}
