import { findShopSubscription, recordStripeCustomer, startSubscriptionRecord } from '../../db/billing/subscriptions.ts';
import type { Db } from '../../db/client.ts';
import type { StripeGateway } from '../../integrations/stripe/gateway.ts';

export class UnknownPlanError extends Error {}

/**
 * Sends a shop to Stripe Checkout for `planCode` (subscription mode, the plan's trial): its
 * subscription row, Jiayi's Stripe customer for it (made once: the key is the shop's), then
 * the session (keyed by the request that asked, so a repeated request gets the same page).
 */
export async function startSubscriptionCheckout(
  deps: { db: Db; stripe: StripeGateway; publicBaseUrl: string },
  shop: { id: string; slug: string; name: string; ownerEmail: string | null },
  planCode: string,
  requestKey: string,
  returnTo: { success: string; cancel: string },
): Promise<{ url: string }> {
  const plan = await deps.db.billingPlan.findFirst({ where: { code: planCode, active: true } });
  if (!plan) throw new UnknownPlanError(planCode);
  await startSubscriptionRecord(deps.db, shop.id, plan.code);
  let customerId = (await findShopSubscription(deps.db, shop.id))?.stripeCustomerId ?? null;
  if (!customerId) {
    customerId = await deps.stripe.createBillingCustomer(
      { tenantId: shop.id, name: shop.name, email: shop.ownerEmail },
      `billing-customer:${shop.id}`,
    );
    await recordStripeCustomer(deps.db, shop.id, customerId);
  }
  await deps.db.tenantSubscription.update({ where: { tenantId: shop.id }, data: { planCode: plan.code } });
  const base = deps.publicBaseUrl.replace(/\/$/, '');
  const session = await deps.stripe.createSubscriptionCheckout(
    {
      tenantId: shop.id,
      customerId,
      plan: { code: plan.code, name: plan.name, monthlyPriceTwd: plan.monthlyPriceTwd, trialDays: plan.trialDays },
      successUrl: `${base}${returnTo.success}`,
      cancelUrl: `${base}${returnTo.cancel}`,
    },
    `billing-checkout:${shop.id}:${plan.code}:${requestKey}`,
  );
  if (!session.url) throw new Error('Stripe returned a Checkout Session without a URL');
  return { url: session.url };
}
