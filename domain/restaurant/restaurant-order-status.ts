import { z } from 'zod';

/**
 * The life of a restaurant order and who may move it: placed (待接單) → accepted (已接單) →
 * preparing (製作中) → ready (可取餐) → completed (已完成); rejected (已拒絕) from pending;
 * cancelled (已取消) from pending, accepted or preparing, and from ready by the shop only (the
 * food is made: only the shop knows it was never collected). The order workflow validates every
 * Workflow Update here; the board shows only the actions this allows. The web labels live in
 * i18n; the zh-TW ones below are for LINE messages and API errors.
 */

export const RESTAURANT_ORDER_STATUSES = [
  'pending',
  'accepted',
  'preparing',
  'ready',
  'completed',
  'rejected',
  'cancelled',
] as const;
export type RestaurantOrderStatus = (typeof RESTAURANT_ORDER_STATUSES)[number];

/** The statuses still on the kitchen's board (active). */
export const ACTIVE_RESTAURANT_STATUSES = ['pending', 'accepted', 'preparing', 'ready'] as const;
export type ActiveRestaurantStatus = (typeof ACTIVE_RESTAURANT_STATUSES)[number];

export const RESTAURANT_ACTIONS = ['accept', 'reject', 'start', 'ready', 'complete', 'cancel'] as const;
export type RestaurantAction = (typeof RESTAURANT_ACTIONS)[number];

/** staff: a member on the board; customer: the one who ordered; system: the workflow's own timers. */
export type RestaurantActor = 'staff' | 'customer' | 'system';

interface ActionRule {
  from: readonly RestaurantOrderStatus[];
  to: RestaurantOrderStatus;
  by: readonly RestaurantActor[];
  /** A reason the customer is told (拒單/取消原因). */
  needsReason: boolean;
}

export const RESTAURANT_ACTION_RULES: Readonly<Record<RestaurantAction, ActionRule>> = {
  // system: the shop's 自動接單.
  accept: { from: ['pending'], to: 'accepted', by: ['staff', 'system'], needsReason: false },
  // system: nobody accepted within the shop's limit.
  reject: { from: ['pending'], to: 'rejected', by: ['staff', 'system'], needsReason: true },
  // system: a future order reaching its time when the shop auto-accepts.
  start: { from: ['accepted'], to: 'preparing', by: ['staff', 'system'], needsReason: false },
  // system: the delivery partner's rider picked the order up.
  ready: { from: ['accepted', 'preparing'], to: 'ready', by: ['staff', 'system'], needsReason: false },
  // system: the delivery partner's rider delivered it.
  complete: { from: ['ready'], to: 'completed', by: ['staff', 'system'], needsReason: false },
  // system: an order paid in advance still unpaid at the shop's deadline.
  cancel: {
    from: ['pending', 'accepted', 'preparing', 'ready'],
    to: 'cancelled',
    by: ['staff', 'customer', 'system'],
    needsReason: true,
  },
};

/** The customer may cancel only while the shop has not accepted (the kitchen may have started after). */
const CUSTOMER_CANCELS_FROM: readonly RestaurantOrderStatus[] = ['pending'];

export const RESTAURANT_STATUS_LABELS_ZH: Record<RestaurantOrderStatus, string> = {
  pending: '待接單',
  accepted: '已接單',
  preparing: '製作中',
  ready: '可取餐',
  completed: '已完成',
  rejected: '已拒絕',
  cancelled: '已取消',
};

/** 外送 orders are 待出餐 when ready (the rider collects them, not the customer). */
export function restaurantStatusLabel(status: RestaurantOrderStatus, method?: string | null): string {
  return status === 'ready' && method === 'delivery' ? '待出餐' : RESTAURANT_STATUS_LABELS_ZH[status];
}

const ACTION_LABELS_ZH: Record<RestaurantAction, string> = {
  accept: '接單',
  reject: '拒單',
  start: '開始製作',
  ready: '出餐',
  complete: '完成',
  cancel: '取消',
};

export function isRestaurantOrderStatus(x: unknown): x is RestaurantOrderStatus {
  return typeof x === 'string' && (RESTAURANT_ORDER_STATUSES as readonly string[]).includes(x);
}

export function isRestaurantAction(x: unknown): x is RestaurantAction {
  return typeof x === 'string' && (RESTAURANT_ACTIONS as readonly string[]).includes(x);
}

export function isFinalRestaurantStatus(status: RestaurantOrderStatus): boolean {
  return status === 'completed' || status === 'rejected' || status === 'cancelled';
}

/** True when the order's stock and slot go back (it will never be made). */
export function releasesCapacity(to: RestaurantOrderStatus): boolean {
  return to === 'rejected' || to === 'cancelled';
}

export type RestaurantTransition =
  | { ok: true; to: RestaurantOrderStatus }
  | { ok: false; code: 'invalid_transition' | 'reason_required'; message: string };

export const REASON_MAX = 100;

/**
 * Whether `actor` may apply `action` to an order in `from`, with the zh-TW reason when not.
 * A reject or cancel without a reason is refused (the customer is told why).
 */
export function checkRestaurantAction(
  from: RestaurantOrderStatus,
  action: RestaurantAction,
  actor: RestaurantActor,
  reason?: string | null,
): RestaurantTransition {
  const rule = RESTAURANT_ACTION_RULES[action];
  if (!rule || !isRestaurantOrderStatus(from))
    return { ok: false, code: 'invalid_transition', message: '訂單狀態不正確，請重新整理後再試' };
  const fromLabel = RESTAURANT_STATUS_LABELS_ZH[from];
  const allowedFrom = actor === 'customer' && action === 'cancel' ? CUSTOMER_CANCELS_FROM : rule.from;
  if (!rule.by.includes(actor) || !allowedFrom.includes(from)) {
    const message =
      from === rule.to
        ? `訂單已經是「${fromLabel}」了`
        : actor === 'customer' && action === 'cancel'
          ? '店家已接單，無法自行取消，請聯絡店家'
          : `「${fromLabel}」的訂單不能${ACTION_LABELS_ZH[action]}`;
    return { ok: false, code: 'invalid_transition', message };
  }
  if (rule.needsReason && !(reason ?? '').trim())
    return { ok: false, code: 'reason_required', message: action === 'reject' ? '請輸入拒單原因' : '請輸入取消原因' };
  return { ok: true, to: rule.to };
}

/** The actions `actor` may take on an order in `status`, in the board's button order. */
export function actionsFor(status: RestaurantOrderStatus, actor: RestaurantActor = 'staff'): RestaurantAction[] {
  return RESTAURANT_ACTIONS.filter((action) => {
    const check = checkRestaurantAction(status, action, actor, 'x');
    return check.ok;
  });
}

/** The body of a board action: accept may name the preparation minutes; reject and cancel need a reason. */
export const restaurantActionBodySchema = z
  .strictObject({
    prepMinutes: z
      .number({ error: '備餐時間必須是整數分鐘' })
      .int('備餐時間必須是整數分鐘')
      .min(1, '備餐時間最少 1 分鐘')
      .max(240, '備餐時間最多 240 分鐘')
      .optional(),
    reason: z
      .string({ error: '原因必須是文字' })
      .trim()
      .min(1, '請輸入原因')
      .max(REASON_MAX, `原因最多 ${REASON_MAX} 個字`)
      .refine((value) => !/\p{Cc}/u.test(value), '原因不能有控制字元')
      .optional(),
  })
  .default({});
export type RestaurantActionBody = z.infer<typeof restaurantActionBodySchema>;

/** Why a customer takes back their order (取消原因): one tap on a preset, or their own words. */
export const CUSTOMER_CANCEL_REASONS_ZH = ['不想要了', '點錯了', '時間來不及取餐'] as const;
export const customerCancelSchema = z.strictObject({
  reason: z
    .string({ error: '請選擇取消原因' })
    .trim()
    .min(1, '請選擇取消原因')
    .max(REASON_MAX, `原因最多 ${REASON_MAX} 個字`),
});

/** Reasons a merchant picks with one tap (they may type their own). */
export const REJECT_REASONS_ZH = ['餐點已售完', '目前訂單太多', '即將打烊', '無法外送到這個地址'] as const;
export const AUTO_REJECT_REASON_ZH = '店家未在時間內接單';
