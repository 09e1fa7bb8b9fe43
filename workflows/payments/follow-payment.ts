import { defineSignal, patched, proxyActivities, setHandler } from '@temporalio/workflow';
import type { Activities } from '../../activities/index.ts';
import { PAYMENT_DEADLINE_REASON_ZH } from '../../domain/payments/payment-settings.ts';
import { waitUntil } from '../wait-until.ts';

/** When an order paid in advance (轉帳, 線上刷卡) is reminded and let go; absent for cash. */
export interface PaymentPlan {
  reminderAtMs: number[];
  deadlineMs: number;
}

/** The order's payment is in (Stripe's event, or the shop confirmed a transfer); sent again, it changes nothing. */
export const orderPaidSignal = defineSignal<[{ source: string }]>('orderPaid');

/** The patch that brought payments into order workflows; histories recorded before it replay without. */
export const ORDER_PAYMENT_PATCH = 'order-payment';

export const payments = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '5 minutes', nonRetryableErrorTypes: ['line_not_connected'] },
});

interface OrderHooks {
  tenantId: string;
  orderId: string;
  /** The order reached an end (completed, cancelled…): nothing more to wait for. */
  ended: () => boolean;
  /** Cancels the order as the system, with a reason for the customer (its stock is given back). */
  cancel: (reason: string) => Promise<unknown>;
  /** Told when the payment is in (the e-invoice issued on payment waits for it). */
  onPaid?: () => void;
}

/**
 * An order paid in advance waits for its money: the customer is reminded at the shop's times
 * (付款提醒) while unpaid, and at the deadline an unpaid order is let go and cancelled, its stock
 * given back. The signal only wakes the wait early: each step reads the payment itself, so a
 * duplicate, reordered or late event cannot move anything twice.
 */
export async function followPayment(plan: PaymentPlan | null | undefined, order: OrderHooks): Promise<void> {
  if (!plan || !patched(ORDER_PAYMENT_PATCH)) return;
  let paid = false;
  setHandler(orderPaidSignal, () => {
    paid = true;
    order.onPaid?.();
  });
  const settled = () => paid || order.ended();
  const ids = { tenantId: order.tenantId, orderId: order.orderId };
  for (const [index, at] of plan.reminderAtMs.entries()) {
    if (await waitUntil(settled, at)) return;
    await payments.remindUnpaidOrder({ ...ids, step: `payment-reminder-${index + 1}` });
  }
  if (await waitUntil(settled, plan.deadlineMs)) return;
  const closed = await payments.closeUnpaidPayment({ ...ids, step: 'payment-deadline' });
  if (closed.outcome === 'void') await order.cancel(PAYMENT_DEADLINE_REASON_ZH);
}

/** The statuses that end an order without a sale, and the refund's reason for each. */
const CANCEL_REASONS: Record<string, string> = { cancelled: '訂單取消', rejected: '店家拒單' };

/** After the order ended: a cancelled or rejected order's money goes back (or is let go if none came). */
export async function settlePayment(
  plan: PaymentPlan | null | undefined,
  order: { tenantId: string; orderId: string; ended: string },
): Promise<void> {
  const reason = CANCEL_REASONS[order.ended];
  if (!plan || !reason || !patched(ORDER_PAYMENT_PATCH)) return;
  await payments.settleCancelledPayment({
    tenantId: order.tenantId,
    orderId: order.orderId,
    step: 'payment-settle',
    reason,
  });
}
