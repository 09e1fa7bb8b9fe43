import type { OrderStatus } from '../orders/order-status.ts';
import { daysInMonth, taipeiDayKey, taipeiDayRange } from '../taipei-time.ts';

/**
 * 個資保存期限 (系統設定): how long a customer's personal data is kept after they last dealt with
 * the shop, and what anonymizing them changes. The nightly run (workflows/customers/
 * data-retention.ts) and the settings page's preview use these rules; the SQL that applies them
 * is db/customers/data-retention.ts.
 */

/** The choices a shop has, in months; null (不自動清除) keeps everything, the default. */
export const RETENTION_MONTHS = [6, 12, 24, 36] as const;
export type RetentionMonths = (typeof RETENTION_MONTHS)[number];

export function isRetentionMonths(value: unknown): value is RetentionMonths {
  return typeof value === 'number' && (RETENTION_MONTHS as readonly number[]).includes(value);
}

/**
 * Orders that need nothing more of their customer. A customer with any other order (未購入,
 * 已支付 not yet shipped, a kitchen still cooking, 其他/請諮詢) is never anonymized: the shop still
 * has to reach them.
 */
export const CLOSED_ORDER_STATUSES = ['shipped', 'cancelled', 'completed', 'rejected'] as const satisfies readonly OrderStatus[];

export function isClosedOrderStatus(status: OrderStatus): boolean {
  return (CLOSED_ORDER_STATUSES as readonly string[]).includes(status);
}

/**
 * The cut-off for a limit as of `at`: midnight in Asia/Taipei, `months` calendar months before
 * the Taipei day `at` falls on (the day clamped to the shorter month: 3/31 less 1 month is 2/28).
 * A customer whose last activity (last order, else when they became a customer or joined as a
 * member, whichever is latest) is before it is past the limit; one whose last order was exactly
 * N months ago today is kept until tomorrow, so nobody is kept for less than N full months.
 */
export function retentionCutoff(at: Date, months: RetentionMonths): Date {
  const today = taipeiDayKey(at);
  const total = Number(today.slice(0, 4)) * 12 + (Number(today.slice(4, 6)) - 1) - months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const day = Math.min(Number(today.slice(6, 8)), daysInMonth(year, month));
  const key = `${String(year).padStart(4, '0')}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}`;
  return taipeiDayRange(key).start;
}

/**
 * What anonymizing a customer writes. Order amounts, items, statuses, invoices and points stay:
 * the tax records and the shop's reports need them; only what names or reaches the person goes.
 */
export const ANONYMIZED_NAME = '已匿名顧客';

export const ANONYMIZED_LINE_USER_ID_PREFIX = 'anonymized:';

/**
 * The customer row: name and picture gone, the LINE user ID replaced by one that names nobody
 * (still unique per shop; the same person ordering again becomes a new customer).
 */
export function anonymizedLineUserId(customerId: string): string {
  return `${ANONYMIZED_LINE_USER_ID_PREFIX}${customerId}`;
}

/** Each of their orders: 取餐人, 聯絡電話, the delivery address and its point, the customer's note. */
export const ANONYMIZED_ORDER_FIELDS = {
  contactName: null,
  contactPhone: null,
  deliveryAddress: null,
  deliveryLat: null,
  deliveryLng: null,
  customerNote: null,
} as const;

/**
 * Their member row stays (its points ledger and coupons are the shop's books) without what they
 * gave when joining: the phone (a required column, so empty), birthday and gender.
 */
export const ANONYMIZED_MEMBER_FIELDS = { phone: '', birthday: null, gender: 'undisclosed' } as const;

/** How many customers one transaction of the nightly run anonymizes. */
export const RETENTION_BATCH_SIZE = 200;
