import { savePaymentAccountState, tenantForStripeAccount } from '../../db/payments/payment-accounts.ts';
import type { StoredStripeEvent } from '../../db/payments/stripe-inbox.ts';
import type { StripeGateway } from '../../integrations/stripe/gateway.ts';
import type { ServerDeps } from '../deps.ts';
import { createOrderPaymentEvents } from './order-payment-events.ts';

/**
 * A Connect event (on a shop's own Stripe account) goes to the shop that account belongs to.
 * `account.updated` refreshes what the account can do, read from Stripe itself (a late event
 * never rolls it back); a completed Checkout of an order pays that order (order-payment-events.ts);
 * other events are acknowledged. An account no shop owns is acknowledged and kept.
 */
export function createConnectEventRouter(deps: ServerDeps, stripe: StripeGateway) {
  const orderPayments = createOrderPaymentEvents(deps, stripe);
  return async (event: StoredStripeEvent): Promise<string | null> => {
    const tenantId = await tenantForStripeAccount(deps.db, event.account!);
    if (!tenantId) return null;
    if (event.type === 'account.updated') {
      const account = await stripe.retrieveAccount(event.account!);
      await savePaymentAccountState(deps.db, account.id, {
        chargesEnabled: account.charges_enabled,
        payoutsEnabled: account.payouts_enabled,
        detailsSubmitted: account.details_submitted,
      });
    } else await orderPayments(tenantId, event);
    return tenantId;
  };
}
