import type { ActivityDeps } from '../deps.ts';
import type { LineClientProvider } from '../line-clients.ts';
import { workerStripeGateway } from '../stripe-gateway.ts';
import { subscriptionActivities } from './subscription.ts';

/** Jiayi's own billing of shops: the subscription workflow's activities. */
export function billingActivities(deps: ActivityDeps, lineClientFor: LineClientProvider) {
  return { ...subscriptionActivities(deps, lineClientFor, workerStripeGateway(deps)) };
}
