import { newStripeId } from './ids.ts';
import { sessionObject } from './objects.ts';
import { startSubscription, type BillingContext } from './billing-cycle.ts';
import type { SandboxCheckoutSession } from './store.ts';
import { emitEvent } from './webhook-delivery.ts';

export type CheckoutOutcome = 'pay' | 'decline';

/** The hosted page's message for a declined card (Stripe Checkout shows it in the customer's language). */
export const DECLINED_MESSAGE = '您的卡片遭到拒絕，請改用其他卡片。';

/**
 * What pressing 付款 (or being declined) on a Checkout page does. Paid: the customer (made now
 * if the session had none) has a working card, the subscription starts or the payment
 * succeeds, and `checkout.session.completed` goes out (on the connected account, for a
 * session made with `Stripe-Account`). Declined: nothing changes but the page's error.
 */
export function completeCheckout(
  ctx: BillingContext,
  session: SandboxCheckoutSession,
  outcome: CheckoutOutcome,
): { ok: true; redirect: string } | { ok: false; reason: 'not_open' | 'declined' } {
  const { store } = ctx;
  if (session.status !== 'open' || session.expires_at <= store.now()) return { ok: false, reason: 'not_open' };
  if (outcome === 'decline') {
    session.lastError = DECLINED_MESSAGE;
    return { ok: false, reason: 'declined' };
  }
  session.lastError = null;
  let customerId = session.customer;
  if (!customerId && session.mode === 'subscription') {
    customerId = newStripeId('cus', 14);
    store.customers.set(customerId, {
      id: customerId,
      object: 'customer',
      email: session.customer_email,
      name: null,
      metadata: {},
      created: store.now(),
      livemode: false,
      card: 'none',
    });
    session.customer = customerId;
  }
  const customer = customerId ? store.customers.get(customerId) : undefined;
  if (customer) customer.card = 'ok';
  if (session.mode === 'subscription') {
    const sub = startSubscription(ctx, session, customerId!);
    session.subscription = sub.id;
    session.payment_status = session.trialDays ? 'no_payment_required' : 'paid';
  } else {
    session.payment_intent = newStripeId('pi');
    session.payment_status = 'paid';
    store.paymentIntents.set(session.payment_intent, {
      id: session.payment_intent,
      amount: session.amount_total,
      currency: session.currency,
      account: session.account,
      amountRefunded: 0,
    });
  }
  session.status = 'complete';
  session.url = null;
  emitEvent(store, ctx.delivery, 'checkout.session.completed', sessionObject(session), { account: session.account });
  return { ok: true, redirect: session.success_url.replaceAll('{CHECKOUT_SESSION_ID}', session.id) };
}
