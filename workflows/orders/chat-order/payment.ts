import { log, patched } from '@temporalio/workflow';
import { paymentDeadlineReply } from '../../../domain/payments/payment-settings.ts';
import { databaseActivities as db } from '../../activity-proxies.ts';
import { followPayment, payments } from '../../payments/follow-payment.ts';
import type { ChatOrderRun } from './chat-order-run.ts';
import { refusalOf } from './failures.ts';

/** Orders bought before "+1" orders waited for their money replay without these steps. */
const CHAT_ORDER_PAYMENT_PATCH = 'chat-order-payment';
/** The changeId of the cancel at the payment deadline: one per order. */
const PAYMENT_DEADLINE_CHANGE_ID = 'payment-deadline';

/**
 * A "+1" order bought at a shop that takes only cards in the chat waits for its money: the
 * customer is reminded with the pay link at the shop's times, and an order still unpaid at the
 * deadline is cancelled (its stock given back) and the customer told. Paid (已支付), or moved on
 * or cancelled by the shop meanwhile, it stops waiting.
 */
export async function followChatPayment(run: ChatOrderRun): Promise<void> {
  const { input, state } = run;
  if (state.status !== 'confirmed' || !patched(CHAT_ORDER_PAYMENT_PATCH)) return;
  const ids = { tenantId: input.tenantId, orderId: state.orderId! };
  const plan = await db.chatOrderPaymentPlan({ ...ids, placedAtMs: input.receivedAtMs });
  await followPayment(plan, {
    ...ids,
    ended: () => state.status !== 'confirmed',
    cancel: () => cancelUnpaid(run),
  });
}

async function cancelUnpaid(run: ChatOrderRun): Promise<void> {
  const { input, state } = run;
  await run.serial.run(async () => {
    // Paid, shipped or cancelled at its turn: nothing to let go.
    if (state.status !== 'confirmed') return;
    try {
      run.applyStatus(
        await db.changeOrderStatus({
          tenantId: input.tenantId,
          orderId: state.orderId!,
          to: 'cancelled',
          expectedFrom: 'confirmed',
          reason: 'payment_deadline',
          actor: 'system',
          changeId: PAYMENT_DEADLINE_CHANGE_ID,
        }),
      );
    } catch (error) {
      const refusal = refusalOf(error);
      if (!refusal) throw error;
      log.warn('payment deadline cancel refused by the database', { code: refusal.type, message: refusal.message });
      return;
    }
    await run.tellCustomer(null, paymentDeadlineReply(state.orderNumber!));
  });
}

/**
 * A cancelled "+1" order's money: a card payment goes back in full, an open one is let go (the
 * activity reads the payment, so an order never paid online has nothing to settle).
 */
export async function settleChatPayment(run: ChatOrderRun): Promise<void> {
  const { input, state } = run;
  if (state.status !== 'cancelled' || !state.orderId || !patched(CHAT_ORDER_PAYMENT_PATCH)) return;
  await payments.settleCancelledPayment({
    tenantId: input.tenantId,
    orderId: state.orderId,
    step: 'payment-settle',
    reason: '訂單取消',
  });
}
