import type { AreaPlugin } from '../area.ts';
import { serverStripeGateway } from '../stripe-gateway.ts';
import { tenantScope } from '../tenant-scope.ts';
import { chatPayLinkRoutes } from './chat-pay-link.ts';
import { createChatPayStep } from './chat-pay-step.ts';
import { connectAccountRoutes } from './connect-account.ts';
import { createOrderCheckout } from './order-checkout.ts';
import { orderRefundRoutes } from './order-refund.ts';
import { paymentSettingsRoutes } from './payment-settings.ts';
import { transferConfirmationRoutes } from './transfer-confirmation.ts';
import { createConnectEventRouter } from './route-connect-event.ts';
import { createStripeEventRouter } from './route-stripe-event.ts';
import { createStripeInboxDispatcher } from './stripe-inbox.ts';
import { stripeWebhookRoutes } from './stripe-webhook.ts';

/**
 * The payments area: Stripe's webhook and its inbox (Jiayi's billing and shops' Connect
 * accounts, customers' card payments), each shop's own Stripe account for card payments, its
 * 收款金流設定, the merchant's confirmation of a bank transfer, and refunds by hand.
 */
export const paymentsArea: AreaPlugin = async (app, { deps }) => {
  const stripe = serverStripeGateway(deps.env);
  await tenantScope(app, async (shop) => {
    await shop.register(connectAccountRoutes, { deps, stripe });
    await shop.register(paymentSettingsRoutes, { deps });
    await shop.register(transferConfirmationRoutes, { deps });
    await shop.register(orderRefundRoutes, { deps, stripe });
  });
  const payStep = createChatPayStep(deps, stripe, createOrderCheckout(deps, stripe));
  await app.register(chatPayLinkRoutes, { deps, payStep });
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
