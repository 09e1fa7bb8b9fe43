import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { stripeAmountToTwd } from '../../domain/payments/stripe-amount.ts';
import { findShopSubscription, listActivePlans } from '../../db/billing/subscriptions.ts';
import type { StripeGateway } from '../../integrations/stripe/gateway.ts';
import { requirePage, tenantAuth } from '../plugins/auth.ts';
import type { ServerDeps } from '../deps.ts';
import { STRIPE_UNAVAILABLE } from '../stripe-gateway.ts';
import { startSubscriptionCheckout, UnknownPlanError } from './start-checkout.ts';
import { billingSummary } from './summary.ts';
import { emptyBody } from '../../domain/query-inputs.ts';

const checkoutBody = z.object({
  planCode: z.string().min(1).max(40),
  /** Made by the page for one press of the button: a double tap opens the same Checkout. */
  requestKey: z.string().uuid().optional(),
});

/** Statuses with a live subscription: it is changed in the Customer Portal, not a new Checkout. */
const LIVE = new Set(['trialing', 'active', 'past_due', 'unpaid']);

/**
 * 付費方案: the shop's plan, trial days left, next charge and invoices (GET /billing); a
 * Checkout for a plan (POST /billing/checkout); the Customer Portal (POST /billing/portal).
 * These stay usable when the shop is read-only: they are how it pays again.
 */
export async function billingRoutes(app: FastifyInstance, opts: { deps: ServerDeps; stripe: StripeGateway | null }) {
  const { deps, stripe } = opts;
  const adminPath = (slug: string, path: string) => `/t/${slug}/admin${path}`;

  app.get(
    '/billing',
    {
      preHandler: requirePage('billing', 'view'),
      config: { doc: { summary: "The shop's plan, trial, next charge and invoices" } },
    },
    async (request) => {
      const { tenant } = tenantAuth(request);
      const [subscription, plans] = await Promise.all([
        findShopSubscription(deps.db, tenant.id),
        listActivePlans(deps.db),
      ]);
      let invoices: {
        id: string;
        number: string | null;
        amountTwd: number;
        status: string | null;
        createdAt: string;
        url: string | null;
      }[] = [];
      let invoicesUnavailable = false;
      if (stripe && subscription?.stripeCustomerId) {
        try {
          invoices = (await stripe.listInvoices(subscription.stripeCustomerId)).map((i) => ({
            id: i.id,
            number: i.number,
            amountTwd: stripeAmountToTwd(i.amount_due),
            status: i.status,
            createdAt: new Date(i.created * 1000).toISOString(),
            url: i.hosted_invoice_url ?? null,
          }));
        } catch (error) {
          request.log.warn({ err: error }, 'Stripe invoices not available');
          invoicesUnavailable = true;
        }
      }
      return {
        enabled: stripe !== null,
        subscription: billingSummary(subscription, new Date()),
        plans: plans.map((p) => ({
          code: p.code,
          name: p.name,
          monthlyPriceTwd: p.monthlyPriceTwd,
          trialDays: p.trialDays,
          features: p.features,
        })),
        invoices,
        invoicesUnavailable,
      };
    },
  );

  app.post(
    '/billing/checkout',
    {
      preHandler: requirePage('billing', 'manage'),
      config: {
        whileReadOnly: true,
        doc: { summary: 'Stripe Checkout for a plan (with its trial)', body: checkoutBody },
      },
    },
    async (request, reply) => {
      const { tenant, user } = tenantAuth(request);
      if (!stripe) return reply.code(409).send({ code: 'billing_disabled', message: '這個系統沒有設定線上付款。' });
      const body = checkoutBody.safeParse(request.body);
      if (!body.success) return reply.code(400).send({ code: 'invalid_input', message: '請選擇方案。' });
      const current = await findShopSubscription(deps.db, tenant.id);
      if (current && LIVE.has(current.status)) {
        return reply
          .code(409)
          .send({
            code: 'already_subscribed',
            message: '已經在訂閱中；要更換付款方式或取消，請用「管理付款與發票」。',
          });
      }
      try {
        const checkout = await startSubscriptionCheckout(
          { db: deps.db, stripe, publicBaseUrl: deps.env.PUBLIC_BASE_URL },
          { id: tenant.id, slug: tenant.slug, name: tenant.name, ownerEmail: user.email ?? null },
          body.data.planCode,
          body.data.requestKey ?? randomUUID(),
          { success: adminPath(tenant.slug, '/orders?checkout=success'), cancel: adminPath(tenant.slug, '/billing') },
        );
        return checkout;
      } catch (error) {
        if (error instanceof UnknownPlanError)
          return reply.code(400).send({ code: 'unknown_plan', message: '沒有這個方案。' });
        request.log.error({ err: error }, 'Stripe Checkout not created');
        return reply.code(502).send(STRIPE_UNAVAILABLE);
      }
    },
  );

  app.post(
    '/billing/portal',
    {
      preHandler: requirePage('billing', 'manage'),
      config: {
        whileReadOnly: true,
        doc: { summary: "Stripe's Customer Portal for the shop's subscription", body: emptyBody },
      },
    },
    async (request, reply) => {
      const { tenant } = tenantAuth(request);
      if (!emptyBody.safeParse(request.body ?? {}).success) {
        return reply.code(400).send({ code: 'invalid_input', message: '這個請求不需要內容' });
      }
      const subscription = await findShopSubscription(deps.db, tenant.id);
      if (!stripe || !subscription?.stripeCustomerId) {
        return reply.code(409).send({ code: 'no_subscription', message: '還沒有訂閱，請先選擇方案。' });
      }
      try {
        return await stripe.createPortalSession(
          {
            customerId: subscription.stripeCustomerId,
            returnUrl: `${deps.env.PUBLIC_BASE_URL.replace(/\/$/, '')}${adminPath(tenant.slug, '/billing')}`,
          },
          `billing-portal:${tenant.id}:${randomUUID()}`,
        );
      } catch (error) {
        request.log.error({ err: error }, 'Stripe portal session not created');
        return reply.code(502).send(STRIPE_UNAVAILABLE);
      }
    },
  );
}
