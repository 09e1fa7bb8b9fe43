import { v5 as uuidv5 } from 'uuid';
import { WorkflowNotFoundError } from '@temporalio/client';
import { sendShopAlert } from '../../activities/orders/shop-alerts.ts';
import { refundCardPayment } from '../../activities/payments/refund-card-payment.ts';
import { findNotificationSettings } from '../../db/orders/notification-settings.ts';
import { recordCardPayment } from '../../db/payments/order-payments.ts';
import type { StoredStripeEvent } from '../../db/payments/stripe-inbox.ts';
import { formatNtd } from '../../domain/money.ts';
import type { StripeGateway } from '../../integrations/stripe/gateway.ts';
import { stripeCheckoutSession } from '../../integrations/stripe/objects.ts';
import { orderPaidSignal } from '../../workflows/payments/follow-payment.ts';
import type { ServerDeps } from '../deps.ts';
import { serverLineClients } from '../line-clients.ts';
import { markChatOrderPaid } from './chat-order-paid.ts';

/** The namespace of the shop alerts' keys below (a fixed UUID; never change it). */
const ALERT_KEY_NAMESPACE = '3b0c8f0e-51b6-4c36-9a38-7e4c2f9d10aa';
const PAID_EVENTS = new Set(['checkout.session.completed', 'checkout.session.async_payment_succeeded']);

/**
 * A customer's card payment, as the shop's Stripe account reports it. The payment is kept once
 * (db/payments/order-payments.ts) and the order's workflow woken by a signal; a redelivered or
 * reordered event finds it kept and changes nothing. A payment for an order already let go is
 * refunded at once — keyed by the order's workflow and the session, so a retried event refunds
 * once — and the shop is told.
 */
export function createOrderPaymentEvents(deps: ServerDeps, stripe: StripeGateway) {
  const lineClientFor = serverLineClients(deps);

  async function tellShop(tenantId: string, text: string, key: string) {
    const settings = await findNotificationSettings(deps.db, tenantId);
    await sendShopAlert(
      { ...deps, lineClientFor, platformMail: { smtpUrl: deps.env.SMTP_URL, from: deps.env.MAIL_FROM } },
      settings,
      { tenantId, text, key: uuidv5(key, ALERT_KEY_NAMESPACE) },
    );
  }

  return async (tenantId: string, event: StoredStripeEvent): Promise<void> => {
    if (!PAID_EVENTS.has(event.type)) return;
    const parsed = stripeCheckoutSession.safeParse((event.payload.data as { object?: unknown } | undefined)?.object);
    if (!parsed.success) return;
    const session = parsed.data;
    if (session.mode !== 'payment' || session.payment_status !== 'paid') return;
    const outcome = await recordCardPayment(deps.db, {
      tenantId,
      sessionId: session.id,
      paymentIntentId: session.payment_intent,
    });
    if (outcome.kind === 'unknown') return;
    const order = await deps.db.order.findFirstOrThrow({
      where: { tenantId, id: outcome.orderId },
      select: { number: true, workflowId: true, status: true, sourceEventId: true, pickupMethod: true },
    });
    // A "+1" order cancelled before its money came has no deadline of its own: late all the same.
    const late = outcome.kind === 'late' || (order.pickupMethod === null && order.status === 'cancelled');
    if (late) {
      const refund = await refundCardPayment(
        { db: deps.db, stripe: () => stripe },
        {
          tenantId,
          orderId: outcome.orderId,
          key: `refund:${order.workflowId}:late:${session.id}`,
          reason: '訂單取消後才付款',
          actor: 'system',
        },
      );
      // Told once: a redelivered event finds the refund kept.
      if (refund.kind === 'nothing' || (refund.kind === 'refunded' && refund.kept)) return;
      await tellShop(
        tenantId,
        refund.kind === 'refunded'
          ? `訂單 ${order.number} 已取消後顧客才完成付款，已自動退款 ${formatNtd(refund.amount)}。`
          : `訂單 ${order.number} 已取消後顧客才完成付款，自動退款失敗：${refund.message}，請手動退款。`,
        `late-payment:${session.id}`,
      );
      return;
    }
    if (order.pickupMethod === null) {
      await markChatOrderPaid(deps, tenantId, order);
      return;
    }
    try {
      await deps.temporal.workflow.getHandle(order.workflowId).signal(orderPaidSignal, { source: event.event_id });
    } catch (error) {
      // The order's workflow has ended: the payment is kept, nothing waits for it.
      if (!(error instanceof WorkflowNotFoundError)) throw error;
    }
  };
}
