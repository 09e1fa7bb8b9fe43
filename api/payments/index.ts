import type { AreaPlugin } from '../area.ts';
import { serverStripeGateway } from '../stripe-gateway.ts';
import { tenantScope } from '../tenant-scope.ts';
import { connectAccountRoutes } from './connect-account.ts';
import { createConnectEventRouter } from './route-connect-event.ts';
import { createStripeEventRouter } from './route-stripe-event.ts';
import { createStripeInboxDispatcher } from './stripe-inbox.ts';
import { stripeWebhookRoutes } from './stripe-webhook.ts';

/**
 * The payments area: Stripe's webhook and its inbox (Jiayi's billing and shops' Connect
 * accounts), and each shop's own Stripe account for card payments.
 */
export const paymentsArea: AreaPlugin = async (app, { deps }) => {
  const stripe = serverStripeGateway(deps.env);
  await tenantScope(app, async (shop) => {
    await shop.register(connectAccountRoutes, { deps, stripe });
  });
  const secret = deps.env.STRIPE_WEBHOOK_SECRET;
  if (!stripe || !secret) return;
  const inbox = createStripeInboxDispatcher({
    db: deps.db,
    log: deps.log,
    handle: createStripeEventRouter(deps, createConnectEventRouter(deps, stripe)),
  });
  app.addHook('onReady', async () => inbox.start());
  app.addHook('onClose', async () => inbox.stop());
  await app.register(stripeWebhookRoutes, { deps, secret, inbox });
};
