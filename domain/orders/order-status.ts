import { RESTAURANT_ORDER_STATUSES, RESTAURANT_STATUS_LABELS_ZH } from '../restaurant/restaurant-order-status.ts';
import { runsRestaurant, sellsByLine, type ShopKind } from '../restaurant/shop-kind.ts';

/**
 * Every status an order row may have, and which changes between them a merchant may make to a
 * +1 order. A restaurant order moves by its own machine (domain/restaurant/restaurant-order-status.ts,
 * pending and cancelled shared); in the +1 machine below its own statuses lead nowhere.
 */

export const PLUS_ONE_ORDER_STATUSES = [
  'pending',
  'confirmed',
  'cancelled',
  'paid',
  'shipped',
  'needs_attention',
] as const;
export const ORDER_STATUSES = [
  ...PLUS_ONE_ORDER_STATUSES,
  'accepted',
  'preparing',
  'ready',
  'completed',
  'rejected',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** The statuses a shop's orders can be in (its order list's filter offers no others), in their order of life. */
export function orderStatusesForShop(kind: ShopKind): readonly OrderStatus[] {
  if (!runsRestaurant(kind)) return PLUS_ONE_ORDER_STATUSES;
  if (!sellsByLine(kind)) return RESTAURANT_ORDER_STATUSES;
  return ORDER_STATUSES;
}

/** The zh-TW labels merchants know, for chat replies (the web UI has its own i18n messages). */
export const ORDER_STATUS_LABELS_ZH: Record<OrderStatus, string> = {
  pending: '未購入',
  confirmed: '已購買',
  cancelled: '已售完/取消',
  paid: '已支付',
  shipped: '已出貨',
  needs_attention: '其他/請諮詢',
  accepted: RESTAURANT_STATUS_LABELS_ZH.accepted,
  preparing: RESTAURANT_STATUS_LABELS_ZH.preparing,
  ready: RESTAURANT_STATUS_LABELS_ZH.ready,
  completed: RESTAURANT_STATUS_LABELS_ZH.completed,
  rejected: RESTAURANT_STATUS_LABELS_ZH.rejected,
};

/**
 * Allowed changes, from → to. Notes on the less obvious rows:
 * - confirmed → shipped: cash on delivery ships before payment.
 * - paid → cancelled: a refund.
 * - shipped → only needs_attention: returns and disputes are handled by hand from there.
 * - needs_attention → anything but itself: it is where a merchant resolves odd cases.
 * - cancelled → nothing: its stock has been released, reopening it could oversell.
 */
export const ORDER_STATUS_TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  pending: ['confirmed', 'cancelled', 'needs_attention'],
  confirmed: ['pending', 'paid', 'shipped', 'cancelled', 'needs_attention'],
  paid: ['shipped', 'cancelled', 'needs_attention'],
  shipped: ['needs_attention'],
  needs_attention: ['pending', 'confirmed', 'paid', 'shipped', 'cancelled'],
  cancelled: [],
  accepted: [],
  preparing: [],
  ready: [],
  completed: [],
  rejected: [],
};

export function isOrderStatus(x: unknown): x is OrderStatus {
  return typeof x === 'string' && (ORDER_STATUSES as readonly string[]).includes(x);
}

export function allowedNextStatuses(from: OrderStatus): readonly OrderStatus[] {
  return isOrderStatus(from) ? ORDER_STATUS_TRANSITIONS[from] : [];
}

/** A status no change may leave (only 'cancelled'). */
export function isTerminalStatus(status: OrderStatus): boolean {
  return allowedNextStatuses(status).length === 0;
}

export const MAX_TRACKING_NUMBER_LENGTH = 64;
const TRACKING_NUMBER_PATTERN = /^[A-Za-z0-9-]{1,64}$/;

/**
 * The tracking number to store: trimmed, or null when it is not 1-64 letters, digits or '-'.
 * An empty field is null here too; callers that treat "empty" as "none" check that first.
 */
export function normalizeTrackingNumber(raw: string): string | null {
  if (typeof raw !== 'string') return null;
  const trimmed = raw.trim();
  return TRACKING_NUMBER_PATTERN.test(trimmed) ? trimmed : null;
}

export type TransitionCheck =
  | { ok: true }
  | { ok: false; code: 'same_status' | 'not_allowed' | 'terminal' | 'tracking_number_invalid'; message: string };

/**
 * Whether an order may change from `from` to `to`, with a zh-TW reason for the merchant when not.
 * A tracking number is optional when shipping; when given (not null/undefined) it must be
 * 1-64 letters, digits or '-' after trimming, so '' is rejected. It is ignored for other targets.
 */
export function checkTransition(
  from: OrderStatus,
  to: OrderStatus,
  details?: { trackingNumber?: string | null },
): TransitionCheck {
  if (!isOrderStatus(from) || !isOrderStatus(to)) {
    return { ok: false, code: 'not_allowed', message: '訂單狀態不正確，請重新整理後再試' };
  }
  const fromLabel = ORDER_STATUS_LABELS_ZH[from];
  const toLabel = ORDER_STATUS_LABELS_ZH[to];
  if (from === to) {
    return { ok: false, code: 'same_status', message: `訂單目前已經是「${fromLabel}」，不需要變更` };
  }
  if (isTerminalStatus(from)) {
    return { ok: false, code: 'terminal', message: `「${fromLabel}」的訂單不能再變更狀態` };
  }
  if (!ORDER_STATUS_TRANSITIONS[from].includes(to)) {
    return { ok: false, code: 'not_allowed', message: `「${fromLabel}」的訂單不能改為「${toLabel}」` };
  }
  const trackingNumber = details?.trackingNumber;
  if (to === 'shipped' && trackingNumber != null && normalizeTrackingNumber(trackingNumber) === null) {
    return {
      ok: false,
      code: 'tracking_number_invalid',
      message: `物流單號格式不正確：請輸入 1～${MAX_TRACKING_NUMBER_LENGTH} 個英文字母、數字或「-」`,
    };
  }
  return { ok: true };
}

/** True when an allowed change moves the order into 'cancelled', so its allocated stock goes back. */
export function releasesStock(from: OrderStatus, to: OrderStatus): boolean {
  return to === 'cancelled' && checkTransition(from, to).ok;
}
