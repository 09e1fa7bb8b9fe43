import type { Db } from '../../db/client.ts';
import { findPaymentAccount } from '../../db/payments/payment-accounts.ts';
import {
  findOrderPayment,
  recordPaymentFailure,
  recordRefund,
  refundKept,
} from '../../db/payments/order-payments.ts';
import { stripeAmountToTwd } from '../../domain/payments/stripe-amount.ts';
import { stripeRefusal } from '../../integrations/stripe/client.ts';
import type { StripeGateway } from '../../integrations/stripe/gateway.ts';

export type RefundOutcome =
  /** `kept`: asked with this key before; this is what that refund gave back. */
  | { kind: 'refunded'; amount: number; kept?: true }
  /** Nothing to give back: not paid by card, or all of it is back already. */
  | { kind: 'nothing' }
  /** Stripe refused for good; kept on the order for the merchant to settle by hand. */
  | { kind: 'failed'; message: string };

/**
 * Gives an order's card payment back on the shop's own Stripe account: all that is left, or
 * `amountTwd` of it. The key comes from the workflow (or the late event, or the shop's form)
 * that decided it, so a retry is the same refund; one kept already is not asked again and
 * answers what it gave back. Stripe's refusal (already
 * refunded, more than is left) is final and kept on the order; its outages are thrown to retry.
 */
export async function refundCardPayment(
  deps: { db: Db; stripe: () => StripeGateway },
  input: { tenantId: string; orderId: string; key: string; reason: string; actor: string; amountTwd?: number },
): Promise<RefundOutcome> {
  const payment = await findOrderPayment(deps.db, input.tenantId, input.orderId);
  if (!payment || payment.method !== 'card' || !payment.paymentIntentId) return { kind: 'nothing' };
  const kept = await refundKept(deps.db, input.tenantId, input.orderId, input.key);
  if (kept !== null) return { kind: 'refunded', amount: kept, kept: true };
  const left = payment.amount - payment.refundedAmount;
  const amount = Math.min(input.amountTwd ?? left, left);
  if (amount <= 0) return { kind: 'nothing' };
  const account = await findPaymentAccount(deps.db, input.tenantId);
  if (!account) return failed(deps.db, input, '找不到店家的 Stripe 帳戶，請手動退款');
  try {
    const refund = await deps.stripe().refundPayment(
      {
        accountId: account.stripeAccountId,
        paymentIntentId: payment.paymentIntentId,
        amountTwd: amount,
        tenantId: input.tenantId,
        orderId: input.orderId,
      },
      input.key,
    );
    const refunded = stripeAmountToTwd(refund.amount);
    await recordRefund(deps.db, { ...input, refundId: refund.id, amount: refunded });
    return { kind: 'refunded', amount: refunded };
  } catch (error) {
    const refusal = stripeRefusal(error);
    if (refusal === null) throw error;
    return failed(deps.db, input, `Stripe 無法退款：${refusal}`);
  }
}

async function failed(db: Db, input: { tenantId: string; orderId: string }, message: string): Promise<RefundOutcome> {
  await recordPaymentFailure(db, { tenantId: input.tenantId, orderId: input.orderId, step: 'refund', message });
  return { kind: 'failed', message };
}
