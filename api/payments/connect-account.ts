import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { createPaymentAccount, findPaymentAccount } from '../../db/payments/payment-accounts.ts';
import type { StripeGateway } from '../../integrations/stripe/gateway.ts';
import { requirePage, tenantAuth } from '../plugins/auth.ts';
import type { ServerDeps } from '../deps.ts';
import { STRIPE_UNAVAILABLE } from '../stripe-gateway.ts';
import { emptyBody } from '../../domain/query-inputs.ts';

const NOT_SET_UP = { code: 'stripe_not_configured', message: '這個系統沒有設定 Stripe，無法開通線上刷卡。' };

/**
 * 收款金流設定 › 線上刷卡: the shop's own Stripe account (Connect, Express). Customers' card
 * payments go to it and Stripe pays them out; Jiayi never holds the money.
 * - GET  /payments/stripe-account: its state (none yet, onboarding, ready to take cards).
 * - POST /payments/stripe-account/onboarding: Stripe's onboarding page (the account is made once).
 * - POST /payments/stripe-account/dashboard: the Express dashboard (balance and payouts).
 */
export async function connectAccountRoutes(
  app: FastifyInstance,
  opts: { deps: ServerDeps; stripe: StripeGateway | null },
) {
  const { deps, stripe } = opts;
  const settingsUrl = (slug: string) =>
    `${deps.env.PUBLIC_BASE_URL.replace(/\/$/, '')}/t/${slug}/admin/settings/payments`;

  app.get(
    '/payments/stripe-account',
    {
      preHandler: requirePage('settings/payments', 'view'),
      config: { doc: { summary: "The shop's own Stripe account for card payments" } },
    },
    async (request) => {
      const account = await findPaymentAccount(deps.db, tenantAuth(request).tenant.id);
      return {
        enabled: stripe !== null,
        account: account && {
          id: account.stripeAccountId,
          chargesEnabled: account.chargesEnabled,
          payoutsEnabled: account.payoutsEnabled,
          detailsSubmitted: account.detailsSubmitted,
        },
      };
    },
  );

  app.post(
    '/payments/stripe-account/onboarding',
    {
      preHandler: requirePage('settings/payments', 'manage'),
      config: { doc: { summary: "Stripe's onboarding page for the shop's own account", body: emptyBody } },
    },
    async (request, reply) => {
      const { tenant, user } = tenantAuth(request);
      if (!emptyBody.safeParse(request.body ?? {}).success)
        return reply.code(400).send({ code: 'invalid_input', message: '這個請求不需要內容' });
      if (!stripe) return reply.code(409).send(NOT_SET_UP);
      try {
        let account = await findPaymentAccount(deps.db, tenant.id);
        if (!account) {
          // One account per shop: the key is the shop's, so a repeated press finds the same one.
          const created = await stripe.createConnectAccount(
            { tenantId: tenant.id, email: user.email },
            `connect-account:${tenant.id}`,
          );
          account = await createPaymentAccount(deps.db, tenant.id, created.id);
        }
        const back = settingsUrl(tenant.slug);
        const link = await stripe.createOnboardingLink(
          {
            accountId: account.stripeAccountId,
            refreshUrl: `${back}?onboarding=refresh`,
            returnUrl: `${back}?onboarding=done`,
          },
          `connect-link:${tenant.id}:${randomUUID()}`,
        );
        return { url: link.url };
      } catch (error) {
        request.log.error({ err: error }, 'Stripe onboarding link not created');
        return reply.code(502).send(STRIPE_UNAVAILABLE);
      }
    },
  );

  app.post(
    '/payments/stripe-account/dashboard',
    {
      preHandler: requirePage('settings/payments', 'manage'),
      config: { doc: { summary: "The shop's Stripe Express dashboard (balance, payouts)", body: emptyBody } },
    },
    async (request, reply) => {
      const { tenant } = tenantAuth(request);
      if (!emptyBody.safeParse(request.body ?? {}).success)
        return reply.code(400).send({ code: 'invalid_input', message: '這個請求不需要內容' });
      const account = await findPaymentAccount(deps.db, tenant.id);
      if (!stripe || !account?.detailsSubmitted)
        return reply.code(409).send({ code: 'not_onboarded', message: '請先完成 Stripe 帳戶設定。' });
      try {
        return await stripe.createDashboardLink(
          account.stripeAccountId,
          `connect-dashboard:${tenant.id}:${randomUUID()}`,
        );
      } catch (error) {
        request.log.error({ err: error }, 'Stripe dashboard link not created');
        return reply.code(502).send(STRIPE_UNAVAILABLE);
      }
    },
  );
}
