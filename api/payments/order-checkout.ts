import { findPaymentAccount } from '../../db/payments/payment-accounts.ts';
import { attachCheckoutSession, findOrderPayment } from '../../db/payments/order-payments.ts';
import { twdToStripeAmount } from '../../domain/payments/stripe-amount.ts';
import { orderPagePath } from '../../domain/restaurant/restaurant-order-messages.ts';
import { stripeRefusal } from '../../integrations/stripe/client.ts';
import type { StripeGateway } from '../../integrations/stripe/gateway.ts';
import type { ServerDeps } from '../deps.ts';

export type OrderCheckout =
  | { kind: 'checkout'; url: string }
  /** Nothing to pay by card: paid already, let go, or not a card order. */
  | { kind: 'paid' | 'closed' | 'not_card' }
  /** The shop cannot take cards now (no Stripe here, or its account cannot charge). */
  | { kind: 'unavailable' };

/**
 * The Checkout Session an order's customer pays on, on the shop's own Stripe account (a
 * direct charge: the money never passes through Jiayi). The open one is reused; a new one is
 * made only when there is none, the last has expired, or the amount due changed since (the old
 * one is expired then), so a pay link never goes stale while the order waits. Each is made with a key from the order's workflow (and the session it replaces),
 * so a retried request makes no second session. One line for the whole order: the total the
 * customer was quoted, options and delivery fee included.
 */
export function createOrderCheckout(deps: ServerDeps, stripe: StripeGateway | null) {
  const origin = deps.env.PUBLIC_BASE_URL.replace(/\/$/, '');

  return async function orderCheckout(
    shop: { id: string; slug: string; name: string },
    orderId: string,
  ): Promise<OrderCheckout> {
    const payment = await findOrderPayment(deps.db, shop.id, orderId);
    if (!payment || payment.method !== 'card') return { kind: 'not_card' };
    if (payment.status === 'paid' || payment.status === 'refunded') return { kind: 'paid' };
    if (payment.status === 'void') return { kind: 'closed' };
    const account = await findPaymentAccount(deps.db, shop.id);
    if (!stripe || !account?.chargesEnabled) return { kind: 'unavailable' };
    const order = await deps.db.order.findFirstOrThrow({
      where: { tenantId: shop.id, id: orderId },
      select: { number: true, workflowId: true },
    });
    if (payment.checkoutSessionId) {
      const current = await stripe.retrieveCheckoutSession(payment.checkoutSessionId, account.stripeAccountId);
      // Paid on Stripe already: its event is on its way.
      if (current.status === 'complete') return { kind: 'paid' };
      if (current.status === 'open' && current.url) {
        if (current.amount_total === twdToStripeAmount(payment.amount)) return { kind: 'checkout', url: current.url };
        // The order changed since (a quantity edit): that page must not take the old amount. Paid
        // a moment ago, its payment still comes as its event, and is checked there.
        await expireCheckout(stripe, account.stripeAccountId, order.workflowId, current.id);
      }
    }
    const page = `${origin}${orderPagePath(shop.slug, order.number)}`;
    const key = `order-checkout:${order.workflowId}${payment.checkoutSessionId ? `:after:${payment.checkoutSessionId}` : ''}`;
    const session = await stripe.createPaymentCheckout(
      {
        accountId: account.stripeAccountId,
        tenantId: shop.id,
        orderId,
        lines: [{ name: `${shop.name} 訂單 ${order.number}`, unitPriceTwd: payment.amount, quantity: 1 }],
        successUrl: `${page}?paid=1`,
        cancelUrl: page,
      },
      key,
    );
    if (!session.url) throw new Error(`Checkout Session ${session.id} has no URL`);
    await attachCheckoutSession(deps.db, shop.id, orderId, { id: session.id, url: session.url });
    return { kind: 'checkout', url: session.url };
  };
}
export type OrderCheckoutFn = ReturnType<typeof createOrderCheckout>;

/**
 * Expires a Checkout Session of the order's workflow (keyed by both, so a retry expires once);
 * 'paid' when Stripe refused because the customer paid it a moment ago.
 */
export async function expireCheckout(
  stripe: StripeGateway,
  accountId: string,
  workflowId: string,
  sessionId: string,
): Promise<'expired' | 'paid'> {
  try {
    await stripe.expireCheckoutSession(sessionId, accountId, `expire:${workflowId}:${sessionId}`);
    return 'expired';
  } catch (error) {
    if (stripeRefusal(error) === null) throw error;
    const now = await stripe.retrieveCheckoutSession(sessionId, accountId);
    return now.status === 'complete' ? 'paid' : 'expired';
  }
}
