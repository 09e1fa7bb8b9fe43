import { savePaymentAccountState, tenantForStripeAccount } from '../../db/payments/payment-accounts.ts';
import type { StoredStripeEvent } from '../../db/payments/stripe-inbox.ts';
import type { StripeGateway } from '../../integrations/stripe/gateway.ts';
import type { ServerDeps } from '../deps.ts';

/**
 * A Connect event (on a shop's own Stripe account) goes to the shop that account belongs to.
 * `account.updated` refreshes what the account can do, read from Stripe itself (a late event
 * never rolls it back); other events of a shop's account are its card payments' (acknowledged
 * here until payments are taken). An account no shop owns is acknowledged and kept.
 */
export function createConnectEventRouter(deps: ServerDeps, stripe: StripeGateway) {
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
    }
    return tenantId;
  };
}
