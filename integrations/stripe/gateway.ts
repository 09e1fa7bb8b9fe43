import type Stripe from 'stripe';
import { STRIPE_CURRENCY, twdToStripeAmount } from '../../domain/payments/stripe-amount.ts';
import {
  stripeAccount,
  stripeCheckoutSession,
  stripeCustomer,
  stripeInvoice,
  stripeRefund,
  stripeSubscription,
  type StripeAccount,
  type StripeCheckoutSession,
  type StripeInvoice,
  type StripeRefund,
  type StripeSubscription,
} from './objects.ts';

/** A plan as Stripe is asked to bill it (prices inline: plans are Jiayi's data, not Stripe's). */
export interface PlanForCheckout {
  code: string;
  name: string;
  monthlyPriceTwd: number;
  trialDays: number;
}

export interface PaymentLine {
  name: string;
  unitPriceTwd: number;
  quantity: number;
}

/**
 * Every call Jiayi makes to Stripe, and nothing else talks to Stripe. Each POST takes the
 * idempotency key its caller derives from the workflow or request it serves (never from an
 * attempt), so a retried call is one call on Stripe's side. The contract test
 * (contract.test.ts) makes each of these against stripe-mock and against the sandbox.
 */
export function createStripeGateway(stripe: Stripe) {
  const onAccount = (account: string | null, idempotencyKey?: string): Stripe.RequestOptions => ({
    ...(account ? { stripeAccount: account } : {}),
    ...(idempotencyKey ? { idempotencyKey } : {}),
  });

  return {
    /** Jiayi's own customer record for a shop (its subscription is billed to it). */
    async createBillingCustomer(input: { tenantId: string; name: string; email: string | null }, idempotencyKey: string) {
      const customer = await stripe.customers.create(
        { name: input.name, ...(input.email ? { email: input.email } : {}), metadata: { tenantId: input.tenantId } },
        { idempotencyKey },
      );
      return stripeCustomer.parse(customer).id;
    },

    /** Checkout in subscription mode, the plan's trial included; the session carries the tenant. */
    async createSubscriptionCheckout(
      input: { tenantId: string; customerId: string; plan: PlanForCheckout; successUrl: string; cancelUrl: string },
      idempotencyKey: string,
    ): Promise<StripeCheckoutSession> {
      const session = await stripe.checkout.sessions.create(
        {
          mode: 'subscription',
          customer: input.customerId,
          client_reference_id: input.tenantId,
          line_items: [
            {
              quantity: 1,
              price_data: {
                currency: STRIPE_CURRENCY,
                unit_amount: twdToStripeAmount(input.plan.monthlyPriceTwd),
                recurring: { interval: 'month' },
                product_data: { name: input.plan.name },
              },
            },
          ],
          subscription_data: {
            ...(input.plan.trialDays > 0 ? { trial_period_days: input.plan.trialDays } : {}),
            metadata: { tenantId: input.tenantId, planCode: input.plan.code },
          },
          metadata: { tenantId: input.tenantId, planCode: input.plan.code },
          locale: 'zh-TW',
          success_url: input.successUrl,
          cancel_url: input.cancelUrl,
        },
        { idempotencyKey },
      );
      return stripeCheckoutSession.parse(session);
    },

    async retrieveSubscription(subscriptionId: string): Promise<StripeSubscription> {
      return stripeSubscription.parse(await stripe.subscriptions.retrieve(subscriptionId));
    },

    /** The customer's latest invoices, newest first. */
    async listInvoices(customerId: string, limit = 12): Promise<StripeInvoice[]> {
      const page = await stripe.invoices.list({ customer: customerId, limit });
      return page.data.map((invoice) => stripeInvoice.parse(invoice));
    },

    /** A Customer Portal session (change card, see invoices, cancel), back to `returnUrl`. */
    async createPortalSession(input: { customerId: string; returnUrl: string }, idempotencyKey: string) {
      const session = await stripe.billingPortal.sessions.create(
        { customer: input.customerId, return_url: input.returnUrl, locale: 'zh-TW' },
        { idempotencyKey },
      );
      return { url: session.url };
    },

    /** The shop's own Stripe account (Express): customers' card payments go to it, not to Jiayi. */
    async createConnectAccount(input: { tenantId: string; email: string | null }, idempotencyKey: string): Promise<StripeAccount> {
      const account = await stripe.accounts.create(
        {
          type: 'express',
          country: 'TW',
          ...(input.email ? { email: input.email } : {}),
          capabilities: { card_payments: { requested: true }, transfers: { requested: true } },
          metadata: { tenantId: input.tenantId },
        },
        { idempotencyKey },
      );
      return stripeAccount.parse(account);
    },

    async retrieveAccount(accountId: string): Promise<StripeAccount> {
      return stripeAccount.parse(await stripe.accounts.retrieve(accountId));
    },

    /** A one-time onboarding link; Stripe sends the person to `refreshUrl` when it has expired. */
    async createOnboardingLink(input: { accountId: string; refreshUrl: string; returnUrl: string }, idempotencyKey: string) {
      const link = await stripe.accountLinks.create(
        { account: input.accountId, type: 'account_onboarding', refresh_url: input.refreshUrl, return_url: input.returnUrl },
        { idempotencyKey },
      );
      return { url: link.url, expiresAt: link.expires_at };
    },

    /** The Express dashboard, where the shop sees its balance and payouts. */
    async createDashboardLink(accountId: string, idempotencyKey: string) {
      const link = await stripe.accounts.createLoginLink(accountId, {}, { idempotencyKey });
      return { url: link.url };
    },

    /** A customer's card payment for an order, made on the shop's own account (a direct charge). */
    async createPaymentCheckout(
      input: {
        accountId: string;
        tenantId: string;
        orderId: string;
        lines: PaymentLine[];
        successUrl: string;
        cancelUrl: string;
        expiresAt?: number;
      },
      idempotencyKey: string,
    ): Promise<StripeCheckoutSession> {
      const session = await stripe.checkout.sessions.create(
        {
          mode: 'payment',
          client_reference_id: input.orderId,
          line_items: input.lines.map((line) => ({
            quantity: line.quantity,
            price_data: {
              currency: STRIPE_CURRENCY,
              unit_amount: twdToStripeAmount(line.unitPriceTwd),
              product_data: { name: line.name },
            },
          })),
          payment_intent_data: { metadata: { tenantId: input.tenantId, orderId: input.orderId } },
          metadata: { tenantId: input.tenantId, orderId: input.orderId },
          locale: 'zh-TW',
          success_url: input.successUrl,
          cancel_url: input.cancelUrl,
          ...(input.expiresAt ? { expires_at: input.expiresAt } : {}),
        },
        onAccount(input.accountId, idempotencyKey),
      );
      return stripeCheckoutSession.parse(session);
    },

    async retrieveCheckoutSession(sessionId: string, accountId: string | null): Promise<StripeCheckoutSession> {
      return stripeCheckoutSession.parse(await stripe.checkout.sessions.retrieve(sessionId, {}, onAccount(accountId)));
    },

    /** Closes an unpaid session (its order was cancelled), so nobody can pay it afterwards. */
    async expireCheckoutSession(sessionId: string, accountId: string | null, idempotencyKey: string) {
      return stripeCheckoutSession.parse(
        await stripe.checkout.sessions.expire(sessionId, {}, onAccount(accountId, idempotencyKey)),
      );
    },

    /**
     * Money back to the customer from an order's card payment, on the shop's account it was
     * charged on: all that is left, or `amountTwd` of it (a partial refund).
     */
    async refundPayment(
      input: { accountId: string; paymentIntentId: string; amountTwd?: number; tenantId: string; orderId: string },
      idempotencyKey: string,
    ): Promise<StripeRefund> {
      const refund = await stripe.refunds.create(
        {
          payment_intent: input.paymentIntentId,
          ...(input.amountTwd !== undefined ? { amount: twdToStripeAmount(input.amountTwd) } : {}),
          metadata: { tenantId: input.tenantId, orderId: input.orderId },
        },
        onAccount(input.accountId, idempotencyKey),
      );
      return stripeRefund.parse(refund);
    },
  };
}

export type StripeGateway = ReturnType<typeof createStripeGateway>;
