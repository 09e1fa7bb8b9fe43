import { createStripeClient } from '../integrations/stripe/client.ts';
import { createStripeGateway, type StripeGateway } from '../integrations/stripe/gateway.ts';
import type { ActivityDeps } from './deps.ts';

/** The worker's Stripe gateway, made on first use; an activity that needs it without Stripe configured fails. */
export function workerStripeGateway(deps: ActivityDeps): () => StripeGateway {
  let gateway: StripeGateway | null = null;
  return () => {
    if (!deps.stripe) throw new Error('Stripe is not configured (STRIPE_SECRET_KEY)');
    gateway ??= createStripeGateway(createStripeClient(deps.stripe));
    return gateway;
  };
}
