import { activityInfo } from '@temporalio/activity';
import { findPaymentAccount } from '../../db/payments/payment-accounts.ts';
import { ensureCardPayment, findOrderPayment, voidUnpaidPayment } from '../../db/payments/order-payments.ts';
import { findPaymentOptions } from '../../db/payments/payment-settings.ts';
import { chatPaymentPlan, chatPayLink } from '../../domain/payments/payment-settings.ts';
import { formatNtd } from '../../domain/money.ts';
import { renderOrderMessage } from '../../domain/orders/order-message-templates.ts';
import { orderPageLink } from '../../domain/restaurant/restaurant-order-messages.ts';
import { stripeRefusal } from '../../integrations/stripe/client.ts';
import type { StripeGateway } from '../../integrations/stripe/gateway.ts';
import type { ActivityDeps } from '../deps.ts';
import type { LineClientProvider } from '../line-clients.ts';
import { notifyActivities } from '../orders/notify.ts';
import { stepKey } from '../restaurant/restaurant-orders.ts';
import { refundCardPayment } from './refund-card-payment.ts';

export interface OrderPaymentStepInput {
  tenantId: string;
  orderId: string;
  /** Unique within the order's workflow (payment-reminder-1, …): the key of its message. */
  step: string;
}

/**
 * The steps an order's workflow takes about its money: the 付款提醒 to a customer who has not
 * paid, letting an unpaid order go at the deadline (its Checkout closed so nobody pays after),
 * and settling a cancelled order's payment (a card refunded, a transfer left to the merchant).
 * Each reads the payment afresh, so a payment that came meanwhile is never reminded or refunded
 * by mistake; Stripe calls carry keys from the workflow's ID.
 */
export function orderPaymentSteps(deps: ActivityDeps, lineClientFor: LineClientProvider, stripe: () => StripeGateway) {
  const notify = notifyActivities(deps, lineClientFor);
  const workflowId = () => activityInfo().workflowExecution?.workflowId ?? '';

  async function orderFor(tenantId: string, orderId: string) {
    return deps.db.order.findFirstOrThrow({
      where: { tenantId, id: orderId },
      select: {
        number: true,
        total: true,
        pickupMethod: true,
        customer: { select: { lineUserId: true, displayName: true } },
        tenant: { select: { name: true, slug: true, liffId: true, lineChannelId: true } },
      },
    });
  }

  async function tellShop(input: OrderPaymentStepInput, text: string) {
    await notify.alertAdmins({
      tenantId: input.tenantId,
      orderId: input.orderId,
      text,
      retryKeySeed: stepKey(`${input.step}:shop`),
      event: 'problem',
    });
  }

  return {
    /**
     * Whether a "+1" order just bought waits for its money (domain chatPaymentPlan, from the
     * settings now and the time the customer ordered); when it does, its card payment is opened
     * at once so that it is reminded, and let go at the deadline, like any order paid in advance.
     */
    async chatOrderPaymentPlan(input: { tenantId: string; orderId: string; placedAtMs: number }) {
      const options = await findPaymentOptions(deps.db, input.tenantId);
      const plan = chatPaymentPlan(options.settings, options.cardReady, input.placedAtMs);
      if (!plan) return null;
      const order = await deps.db.order.findFirstOrThrow({
        where: { tenantId: input.tenantId, id: input.orderId },
        select: { total: true },
      });
      await ensureCardPayment(deps.db, input.tenantId, input.orderId, order.total);
      return plan;
    },

    /** 付款提醒 with the link to pay, to a customer whose order is still unpaid. */
    async remindUnpaidOrder(input: OrderPaymentStepInput): Promise<{ sent: boolean }> {
      const payment = await findOrderPayment(deps.db, input.tenantId, input.orderId);
      if (payment?.status !== 'unpaid') return { sent: false };
      const order = await orderFor(input.tenantId, input.orderId);
      // A shop without a LINE official account has no chat to remind in (as for its other notices).
      if (!order.tenant.lineChannelId) return { sent: false };
      const rendered = renderOrderMessage(
        { template: 'payment_reminder' },
        {
          customerName: order.customer.displayName ?? '',
          orderNumber: order.number,
          total: payment.amount,
          trackingNumber: null,
          shopName: order.tenant.name,
        },
      );
      if (!rendered.ok) return { sent: false };
      const origin = deps.publicBaseUrl ?? 'http://127.0.0.1:3000';
      // A "+1" order is paid through its pay link; a restaurant order on its page.
      const link =
        order.pickupMethod === null
          ? chatPayLink(origin, order.tenant.slug, input.orderId)
          : orderPageLink(order.tenant, order.number, origin);
      await notify.messageCustomer({
        tenantId: input.tenantId,
        orderId: input.orderId,
        to: order.customer.lineUserId,
        replyToken: null,
        text: `${rendered.text}\n付款：${link}`,
        retryKey: stepKey(input.step),
      });
      return { sent: true };
    },

    /** The deadline passed: an unpaid payment is let go and its Checkout closed; a paid one says so. */
    async closeUnpaidPayment(input: OrderPaymentStepInput): Promise<{ outcome: 'void' | 'paid' | 'none' }> {
      const closed = await voidUnpaidPayment(deps.db, input.tenantId, input.orderId);
      if (closed.outcome === 'void' && closed.checkoutSessionId) {
        const account = await findPaymentAccount(deps.db, input.tenantId);
        try {
          if (account)
            await stripe().expireCheckoutSession(closed.checkoutSessionId, account.stripeAccountId, `expire:${workflowId()}`);
        } catch (error) {
          // Expired or paid already: a payment that still comes is refunded when its event arrives.
          if (stripeRefusal(error) === null) throw error;
        }
      }
      return { outcome: closed.outcome };
    },

    /**
     * A cancelled or rejected order's money: a card payment is refunded in full (the shop is told
     * either way), a paid transfer is left for the shop to return by hand, an unpaid one let go.
     */
    async settleCancelledPayment(input: OrderPaymentStepInput & { reason: string }): Promise<{ refunded: number }> {
      const payment = await findOrderPayment(deps.db, input.tenantId, input.orderId);
      if (!payment) return { refunded: 0 };
      if (payment.status === 'unpaid') {
        await voidUnpaidPayment(deps.db, input.tenantId, input.orderId);
        return { refunded: 0 };
      }
      if (payment.status !== 'paid') return { refunded: 0 };
      const order = await orderFor(input.tenantId, input.orderId);
      if (payment.method !== 'card') {
        await tellShop(input, `訂單 ${order.number} 已取消，顧客已轉帳 ${formatNtd(payment.amount)}，請記得退款給顧客。`);
        return { refunded: 0 };
      }
      const outcome = await refundCardPayment(
        { db: deps.db, stripe },
        { ...input, key: `refund:${workflowId()}:${input.step}`, actor: 'system' },
      );
      await tellShop(
        input,
        outcome.kind === 'failed'
          ? `訂單 ${order.number} 已取消，但自動退款失敗：${outcome.message}`
          : `訂單 ${order.number} 已取消，已自動退款 ${formatNtd(outcome.kind === 'refunded' ? outcome.amount : 0)} 給顧客。`,
      );
      return { refunded: outcome.kind === 'refunded' ? outcome.amount : 0 };
    },
  };
}
