import type {
  SandboxAccount,
  SandboxCheckoutSession,
  SandboxCustomer,
  SandboxInvoice,
  SandboxSubscription,
} from './store.ts';

/**
 * The sandbox's records as Stripe's API objects: the fields Stripe documents, in its shapes
 * (the billing period on the subscription item, an invoice's subscription under
 * `parent.subscription_details`), without the sandbox's own bookkeeping.
 */

export function customerObject(c: SandboxCustomer) {
  const { card: _card, ...rest } = c;
  return { ...rest, currency: null, delinquent: false, description: null, phone: null, invoice_prefix: 'JIAYI' };
}

export function sessionObject(s: SandboxCheckoutSession) {
  const {
    account: _account,
    lineItems: _items,
    trialDays: _trial,
    subscriptionMetadata: _sm,
    paymentIntentMetadata: _pm,
    lastError: _error,
    ...rest
  } = s;
  return { ...rest, amount_subtotal: s.amount_total, payment_method_types: ['card'], locale: null };
}

export function subscriptionObject(s: SandboxSubscription) {
  const { item, trialWillEndSent: _sent, ...rest } = s;
  return {
    ...rest,
    billing_cycle_anchor: item.current_period_start,
    collection_method: 'charge_automatically',
    items: {
      object: 'list',
      has_more: false,
      url: `/v1/subscription_items?subscription=${s.id}`,
      data: [
        {
          id: item.id,
          object: 'subscription_item',
          subscription: s.id,
          quantity: item.quantity,
          current_period_start: item.current_period_start,
          current_period_end: item.current_period_end,
          price: {
            id: item.priceId,
            object: 'price',
            active: true,
            currency: s.currency,
            product: item.productId,
            type: 'recurring',
            unit_amount: item.unitAmount,
            recurring: { interval: item.interval, interval_count: 1, usage_type: 'licensed' },
          },
        },
      ],
    },
  };
}

export function invoiceObject(i: SandboxInvoice, publicUrl: string) {
  const { subscription, paidAt, ...rest } = i;
  return {
    ...rest,
    amount_remaining: i.amount_due - i.amount_paid,
    hosted_invoice_url: `${publicUrl}/invoices/${i.id}`,
    invoice_pdf: `${publicUrl}/invoices/${i.id}/pdf`,
    parent: { type: 'subscription_details', subscription_details: { subscription, metadata: i.metadata } },
    status_transitions: { paid_at: paidAt, finalized_at: i.created },
  };
}

export function accountObject(a: SandboxAccount) {
  const currentlyDue = a.details_submitted ? [] : ['business_profile.url', 'external_account', 'tos_acceptance.date'];
  return {
    ...a,
    business_type: null,
    requirements: {
      currently_due: currentlyDue,
      eventually_due: currentlyDue,
      past_due: [],
      disabled_reason: a.details_submitted ? null : 'requirements.past_due',
    },
    capabilities: { card_payments: a.charges_enabled ? 'active' : 'inactive', transfers: a.payouts_enabled ? 'active' : 'inactive' },
  };
}

/** A Stripe list: `{ object: 'list', data, has_more, url }`. */
export function listObject<T>(url: string, data: T[], limit: number) {
  return { object: 'list' as const, url, has_more: data.length > limit, data: data.slice(0, limit) };
}
