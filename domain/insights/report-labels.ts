import { ORDER_STATUS_LABELS_ZH, type OrderStatus } from '../orders/order-status.ts';
import type { RevenueClass } from './revenue-class.ts';

/**
 * The zh-TW words of the reports' CSV files, as the admin pages say them (the pages take theirs
 * from web/src/lib/i18n, which a test keeps equal to these).
 */
export const PICKUP_LABELS_ZH: Record<string, string> = {
  pickup: '自取',
  delivery: '外送',
  dine_in: '內用',
  none: 'LINE +1',
};

export const PAYMENT_LABELS_ZH: Record<string, string> = {
  cash: '現金',
  transfer: '轉帳',
  card: '線上刷卡',
  none: '未記錄',
};

/** A status as a transaction line shows it: a paid order cancelled reads 已退款. */
export function transactionStatusZh(status: OrderStatus, revenueClass: RevenueClass): string {
  return revenueClass === 'refunded' ? '已退款' : ORDER_STATUS_LABELS_ZH[status];
}

/** A key in words ('' for none); a key without words as itself. */
export const labelOr = (labels: Record<string, string>, key: string | null) => (key ? (labels[key] ?? key) : '');
