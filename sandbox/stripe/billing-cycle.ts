import { newStripeId } from './ids.ts';
import { invoiceObject, subscriptionObject } from './objects.ts';
import {
  addInterval,
  type SandboxCheckoutSession,
  type SandboxInvoice,
  type SandboxSubscription,
  type StripeSandboxStore,
  type SubscriptionStatus,
} from './store.ts';
import { emitEvent, type DeliveryOptions } from './webhook-delivery.ts';

const DAY = 86_400;
/** Stripe sends `customer.subscription.trial_will_end` three days before a trial ends. */
const TRIAL_WILL_END_BEFORE = 3 * DAY;
/** Smart Retries, simplified: a failed invoice is retried 3, 5 and 7 days after the first attempt. */
const RETRY_AFTER_DAYS = [3, 2, 2];

export interface BillingContext {
  store: StripeSandboxStore;
  delivery: DeliveryOptions;
  publicUrl: string;
}

/**
 * Subscriptions on the sandbox's clock, as Stripe runs them: a trial, then an invoice each
 * period charged to the saved card; a declined charge makes the subscription past_due and is
 * retried; after the last retry it is unpaid (the invoice stays open: paying it restores it).
 */
export function startSubscription(ctx: BillingContext, session: SandboxCheckoutSession, customerId: string): SandboxSubscription {
  const { store } = ctx;
  const now = store.now();
  const line = session.lineItems[0]!;
  const trialEnd = session.trialDays ? now + session.trialDays * DAY : null;
  const sub: SandboxSubscription = {
    id: newStripeId('sub'),
    object: 'subscription',
    customer: customerId,
    status: trialEnd ? 'trialing' : 'active',
    metadata: session.subscriptionMetadata,
    trial_start: trialEnd ? now : null,
    trial_end: trialEnd,
    cancel_at_period_end: false,
    canceled_at: null,
    ended_at: null,
    latest_invoice: null,
    created: now,
    livemode: false,
    currency: line.priceData.currency,
    item: {
      id: newStripeId('si'),
      priceId: newStripeId('price'),
      productId: newStripeId('prod'),
      productName: line.priceData.productName,
      unitAmount: line.priceData.unitAmount,
      interval: line.priceData.interval ?? 'month',
      quantity: line.quantity,
      current_period_start: now,
      current_period_end: trialEnd ?? addInterval(now, line.priceData.interval ?? 'month'),
    },
    trialWillEndSent: false,
  };
  store.subscriptions.set(sub.id, sub);
  // The first invoice: NT$0 for a trial, the first period otherwise (the card was just charged).
  const invoice = createInvoice(ctx, sub, 'subscription_create', trialEnd ? 0 : sub.item.unitAmount * sub.item.quantity);
  settleInvoice(ctx, invoice, now);
  emitEvent(store, ctx.delivery, 'customer.subscription.created', subscriptionObject(sub));
  emitEvent(store, ctx.delivery, 'invoice.paid', invoiceObject(invoice, ctx.publicUrl));
  return sub;
}

/** Runs everything due up to the sandbox's current time, in order, until nothing is due. */
export function runBillingClock(ctx: BillingContext): void {
  for (let guard = 0; guard < 1000; guard++) {
    let acted = false;
    for (const sub of ctx.store.subscriptions.values()) acted = step(ctx, sub) || acted;
    if (!acted) return;
  }
}

function step(ctx: BillingContext, sub: SandboxSubscription): boolean {
  const { store } = ctx;
  const now = store.now();
  if (sub.status === 'canceled') return false;
  if (sub.status === 'trialing' && sub.trial_end && !sub.trialWillEndSent && now >= sub.trial_end - TRIAL_WILL_END_BEFORE) {
    sub.trialWillEndSent = true;
    emitEvent(store, ctx.delivery, 'customer.subscription.trial_will_end', subscriptionObject(sub));
    return true;
  }
  if (now < sub.item.current_period_end) return retryOpenInvoice(ctx, sub, now);
  if (sub.cancel_at_period_end) {
    cancel(ctx, sub);
    return true;
  }
  // A new period begins, and its invoice is charged.
  const start = sub.item.current_period_end;
  sub.item.current_period_start = start;
  sub.item.current_period_end = addInterval(start, sub.item.interval);
  const invoice = createInvoice(ctx, sub, 'subscription_cycle', sub.item.unitAmount * sub.item.quantity);
  attemptPayment(ctx, sub, invoice);
  return true;
}

function retryOpenInvoice(ctx: BillingContext, sub: SandboxSubscription, now: number): boolean {
  if (sub.status !== 'past_due') return false;
  const invoice = sub.latest_invoice ? ctx.store.invoices.get(sub.latest_invoice) : undefined;
  if (!invoice || invoice.status !== 'open' || invoice.next_payment_attempt === null) return false;
  if (now < invoice.next_payment_attempt) return false;
  attemptPayment(ctx, sub, invoice);
  return true;
}

function createInvoice(
  ctx: BillingContext,
  sub: SandboxSubscription,
  reason: SandboxInvoice['billing_reason'],
  amount: number,
): SandboxInvoice {
  const invoice: SandboxInvoice = {
    id: newStripeId('in'),
    object: 'invoice',
    number: ctx.store.nextInvoiceNumber(),
    customer: sub.customer,
    subscription: sub.id,
    status: 'open',
    billing_reason: reason,
    currency: sub.currency,
    amount_due: amount,
    amount_paid: 0,
    attempt_count: 0,
    next_payment_attempt: null,
    period_start: sub.item.current_period_start,
    period_end: sub.item.current_period_end,
    created: ctx.store.now(),
    paidAt: null,
    livemode: false,
    metadata: {},
  };
  ctx.store.invoices.set(invoice.id, invoice);
  sub.latest_invoice = invoice.id;
  return invoice;
}

function settleInvoice(ctx: BillingContext, invoice: SandboxInvoice, at: number): void {
  invoice.status = 'paid';
  invoice.amount_paid = invoice.amount_due;
  invoice.paidAt = at;
  invoice.next_payment_attempt = null;
  invoice.attempt_count += invoice.amount_due > 0 ? 1 : 0;
}

/** Charges the customer's saved card for `invoice`: paid, or failed and scheduled for a retry. */
function attemptPayment(ctx: BillingContext, sub: SandboxSubscription, invoice: SandboxInvoice): void {
  const { store } = ctx;
  const customer = store.customers.get(sub.customer);
  const now = store.now();
  if (customer?.card === 'ok') {
    settleInvoice(ctx, invoice, now);
    emitEvent(store, ctx.delivery, 'invoice.paid', invoiceObject(invoice, ctx.publicUrl));
    setStatus(ctx, sub, 'active');
    return;
  }
  invoice.attempt_count += 1;
  const retryDays = RETRY_AFTER_DAYS[invoice.attempt_count - 1];
  invoice.next_payment_attempt = retryDays === undefined ? null : now + retryDays * DAY;
  emitEvent(store, ctx.delivery, 'invoice.payment_failed', invoiceObject(invoice, ctx.publicUrl));
  setStatus(ctx, sub, retryDays === undefined ? 'unpaid' : 'past_due');
}

/** Pays every open invoice of the customer now (a card that works was just saved in the portal). */
export function payOpenInvoices(ctx: BillingContext, customerId: string): void {
  for (const invoice of ctx.store.invoices.values()) {
    if (invoice.customer !== customerId || invoice.status !== 'open') continue;
    const sub = ctx.store.subscriptions.get(invoice.subscription);
    if (!sub || sub.status === 'canceled') continue;
    attemptPayment(ctx, sub, invoice);
  }
}

export function setStatus(ctx: BillingContext, sub: SandboxSubscription, status: SubscriptionStatus): void {
  if (sub.status === status) return;
  const previous = { status: sub.status };
  sub.status = status;
  emitEvent(ctx.store, ctx.delivery, 'customer.subscription.updated', subscriptionObject(sub), { previous });
}

/** Ends the subscription now (from the portal, or at the end of a period it was set to end at). */
export function cancel(ctx: BillingContext, sub: SandboxSubscription): void {
  const now = ctx.store.now();
  sub.status = 'canceled';
  sub.canceled_at = sub.canceled_at ?? now;
  sub.ended_at = now;
  emitEvent(ctx.store, ctx.delivery, 'customer.subscription.deleted', subscriptionObject(sub));
}
