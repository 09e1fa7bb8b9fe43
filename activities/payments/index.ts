import type { ActivityDeps } from '../deps.ts';
import type { LineClientProvider } from '../line-clients.ts';
import { workerStripeGateway } from '../stripe-gateway.ts';
import { orderPaymentSteps } from './order-payment-steps.ts';

/** Customers' payments for orders: the order workflows' payment steps. */
export function paymentsActivities(deps: ActivityDeps, lineClientFor: LineClientProvider) {
  return { ...orderPaymentSteps(deps, lineClientFor, workerStripeGateway(deps)) };
}
