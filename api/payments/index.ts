import type { AreaPlugin } from '../area.ts';
import { createStripeEventRouter } from './route-stripe-event.ts';
import { createStripeInboxDispatcher } from './stripe-inbox.ts';
import { stripeWebhookRoutes } from './stripe-webhook.ts';

/** The payments area: Stripe's webhook and its inbox (billing and shops' Connect accounts). */
export const paymentsArea: AreaPlugin = async (app, { deps }) => {
  const secret = deps.env.STRIPE_WEBHOOK_SECRET;
  if (!deps.env.STRIPE_SECRET_KEY || !secret) return;
  const inbox = createStripeInboxDispatcher({ db: deps.db, log: deps.log, handle: createStripeEventRouter(deps) });
  app.addHook('onReady', async () => inbox.start());
  app.addHook('onClose', async () => inbox.stop());
  await app.register(stripeWebhookRoutes, { deps, secret, inbox });
};
