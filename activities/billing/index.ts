import { createStripeClient } from '../../integrations/stripe/client.ts';
import { createStripeGateway, type StripeGateway } from '../../integrations/stripe/gateway.ts';
import type { ActivityDeps } from '../deps.ts';
import type { LineClientProvider } from '../line-clients.ts';
import { subscriptionActivities } from './subscription.ts';

/** Jiayi's own billing of shops: the subscription workflow's activities. */
export function billingActivities(deps: ActivityDeps, lineClientFor: LineClientProvider) {
  let gateway: StripeGateway | null = null;
  const stripe = () => {
    if (!deps.stripe) throw new Error('Stripe is not configured (STRIPE_SECRET_KEY)');
    gateway ??= createStripeGateway(createStripeClient(deps.stripe));
    return gateway;
  };
  return { ...subscriptionActivities(deps, lineClientFor, stripe) };
}
