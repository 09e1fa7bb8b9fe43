import type { OrderStatus } from '../orders/order-status.ts';

/**
 * How the reports (營運報表) count an order's money. The database keeps its day rollups with the
 * same rule (report_revenue_class in the report_payments migration; a test holds the two equal):
 *
 * - sales (成交): bought and not taken back, whatever step it is at (已購買 … 已完成);
 * - open (未成立): pending, not bought yet (+1 未購入, a restaurant order not yet accepted);
 * - cancelled (取消): cancelled or rejected before anything was paid;
 * - refunded (退款): cancelled or rejected after it had been paid (its money went back).
 *
 * Only sales is revenue; the other three are shown beside it, never netted into it.
 */
export const REVENUE_CLASSES = ['sales', 'open', 'cancelled', 'refunded'] as const;
export type RevenueClass = (typeof REVENUE_CLASSES)[number];

export function revenueClass(status: OrderStatus, wasPaid: boolean): RevenueClass {
  if (status === 'pending') return 'open';
  if (status === 'cancelled' || status === 'rejected') return wasPaid ? 'refunded' : 'cancelled';
  return 'sales';
}

/** Orders and NT$ of one class. */
export interface Figure {
  orders: number;
  amount: number;
}

export type ClassFigures = Record<RevenueClass, Figure>;

export function emptyClassFigures(): ClassFigures {
  return {
    sales: { orders: 0, amount: 0 },
    open: { orders: 0, amount: 0 },
    cancelled: { orders: 0, amount: 0 },
    refunded: { orders: 0, amount: 0 },
  };
}

/** Average order of the sales, whole NT$ (rounded half up); 0 without sales. */
export function averageOrder(sales: Figure): number {
  return sales.orders > 0 ? Math.round(sales.amount / sales.orders) : 0;
}

/**
 * Ways a customer pays, as orders will record them; '' on an order that records none (every
 * order made before payments were taken), shown as 未記錄.
 */
export const PAYMENT_METHODS = ['cash', 'transfer', 'card'] as const;
export const PAYMENT_KEYS = [...PAYMENT_METHODS, 'none'] as const;
export type PaymentKey = (typeof PAYMENT_KEYS)[number];

/** A stored payment key ('' for none) as the reports name it. */
export function paymentKeyOf(stored: string): string {
  return stored === '' ? 'none' : stored;
}

/** A report's payment filter as stored ('none' → ''). */
export function storedPaymentKey(key: PaymentKey): string {
  return key === 'none' ? '' : key;
}

/** The pickup methods a report tells apart: a restaurant's three, and 'none' for +1 orders. */
export const PICKUP_KEYS = ['pickup', 'delivery', 'dine_in', 'none'] as const;
export type PickupKey = (typeof PICKUP_KEYS)[number];
