import type { Socket } from 'node:net';
import { newStripeId } from './ids.ts';

/** The API version the sandbox stamps on events (the SDK's pinned version). */
export const SANDBOX_API_VERSION = '2026-11-18.endive';

export type Metadata = Record<string, string>;

export interface SandboxCustomer {
  id: string;
  object: 'customer';
  email: string | null;
  name: string | null;
  metadata: Metadata;
  created: number;
  livemode: false;
  /** Whether charges to the customer's saved card succeed (sandbox only; set by a test or the portal). */
  card: 'none' | 'ok' | 'declines';
}

export interface LineItemInput {
  priceData: { currency: string; unitAmount: number; productName: string; interval: 'month' | 'year' | null };
  quantity: number;
}

export interface SandboxCheckoutSession {
  id: string;
  object: 'checkout.session';
  mode: 'payment' | 'subscription';
  status: 'open' | 'complete' | 'expired';
  payment_status: 'unpaid' | 'paid' | 'no_payment_required';
  customer: string | null;
  customer_email: string | null;
  client_reference_id: string | null;
  metadata: Metadata;
  success_url: string;
  cancel_url: string | null;
  url: string | null;
  amount_total: number;
  currency: string;
  subscription: string | null;
  payment_intent: string | null;
  created: number;
  expires_at: number;
  livemode: false;
  /** The connected account the session was made on (Stripe-Account), null for the platform's own. */
  account: string | null;
  lineItems: LineItemInput[];
  trialDays: number | null;
  subscriptionMetadata: Metadata;
  paymentIntentMetadata: Metadata;
  /** Why the hosted page's last attempt failed (shown on the page). */
  lastError: string | null;
}

/** A payment a paid Checkout Session made (payment mode), as far as refunds need it. */
export interface SandboxPaymentIntent {
  id: string;
  amount: number;
  currency: string;
  /** The connected account it was charged on, null for the platform's own. */
  account: string | null;
  amountRefunded: number;
}

export interface SandboxRefund {
  id: string;
  object: 'refund';
  amount: number;
  currency: string;
  payment_intent: string;
  status: 'succeeded';
  metadata: Metadata;
  created: number;
  account: string | null;
}

export type SubscriptionStatus = 'trialing' | 'active' | 'past_due' | 'unpaid' | 'canceled';

export interface SandboxSubscription {
  id: string;
  object: 'subscription';
  customer: string;
  status: SubscriptionStatus;
  metadata: Metadata;
  trial_start: number | null;
  trial_end: number | null;
  cancel_at_period_end: boolean;
  canceled_at: number | null;
  ended_at: number | null;
  latest_invoice: string | null;
  created: number;
  livemode: false;
  currency: string;
  item: {
    id: string;
    priceId: string;
    productId: string;
    productName: string;
    unitAmount: number;
    interval: 'month' | 'year';
    quantity: number;
    current_period_start: number;
    current_period_end: number;
  };
  trialWillEndSent: boolean;
}

export interface SandboxInvoice {
  id: string;
  object: 'invoice';
  number: string;
  customer: string;
  subscription: string;
  status: 'open' | 'paid' | 'void';
  billing_reason: 'subscription_create' | 'subscription_cycle';
  currency: string;
  amount_due: number;
  amount_paid: number;
  attempt_count: number;
  next_payment_attempt: number | null;
  period_start: number;
  period_end: number;
  created: number;
  paidAt: number | null;
  livemode: false;
  metadata: Metadata;
}

export interface SandboxAccount {
  id: string;
  object: 'account';
  type: 'express' | 'standard';
  country: string;
  email: string | null;
  default_currency: string;
  metadata: Metadata;
  charges_enabled: boolean;
  payouts_enabled: boolean;
  details_submitted: boolean;
  created: number;
  livemode: false;
}

export interface SandboxEvent {
  id: string;
  object: 'event';
  api_version: string;
  created: number;
  type: string;
  data: { object: unknown; previous_attributes?: Record<string, unknown> };
  livemode: false;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  account?: string;
}

export interface DeliveryRecord {
  id: number;
  eventId: string;
  type: string;
  url: string;
  body: string;
  signature: string;
  status: number;
  error?: string;
  attempt: number;
  at: string;
}

export interface Fault {
  path: string;
  mode: 'error500' | 'hang' | 'card_declined';
  remaining: number | null;
  skip: number;
}

export interface WebhookFaults {
  /** Every delivery waits this long (a late webhook). */
  delayMs: number;
  /** Each event is sent this many extra times (a duplicated webhook). */
  duplicate: number;
  /** Deliveries are held until released (in any order: reordered webhooks). */
  hold: boolean;
}

export interface IdempotentResult {
  fingerprint: string;
  status: number;
  body: unknown;
}

export type DurableStripeState = Pick<
  StripeSandboxStore,
  | 'customers'
  | 'sessions'
  | 'subscriptions'
  | 'invoices'
  | 'accounts'
  | 'paymentIntents'
  | 'refunds'
  | 'idempotency'
  | 'clockOffsetSeconds'
> & { seq: number; invoiceSeq: number };

/** Everything the sandbox knows, in memory. Tests read it directly or through `/_sandbox/*`. */
export class StripeSandboxStore {
  customers = new Map<string, SandboxCustomer>();
  sessions = new Map<string, SandboxCheckoutSession>();
  subscriptions = new Map<string, SandboxSubscription>();
  invoices = new Map<string, SandboxInvoice>();
  accounts = new Map<string, SandboxAccount>();
  paymentIntents = new Map<string, SandboxPaymentIntent>();
  refunds = new Map<string, SandboxRefund>();
  portalSessions = new Map<string, { id: string; customer: string; return_url: string; url: string; created: number }>();
  accountLinks = new Map<string, { account: string; return_url: string; refresh_url: string; expires_at: number }>();
  events: SandboxEvent[] = [];
  deliveries: DeliveryRecord[] = [];
  idempotency = new Map<string, IdempotentResult>();
  faults: Fault[] = [];
  held = new Set<{ path: string; socket: Socket; at: string }>();
  webhookFaults: WebhookFaults = { delayMs: 0, duplicate: 0, hold: false };
  heldEvents: SandboxEvent[] = [];
  /** Where events go and the secret they are signed with (Stripe's webhook endpoint). */
  webhook: { url: string | null; secret: string } = { url: null, secret: '' };
  /** Seconds added to the wall clock: a test advances the sandbox's time. */
  clockOffsetSeconds = 0;
  /** Bumped by reset(): deliveries scheduled before it are dropped. */
  generation = 0;
  private seq = 0;
  private invoiceSeq = 0;

  now(): number {
    return Math.floor(Date.now() / 1000) + this.clockOffsetSeconds;
  }

  nextSeq(): number {
    return ++this.seq;
  }

  nextInvoiceNumber(): string {
    return `JIAYI-${String(++this.invoiceSeq).padStart(4, '0')}`;
  }

  releaseHeld(): void {
    for (const held of this.held) held.socket.destroy();
    this.held.clear();
  }

  /** What a real Stripe account keeps between days: the objects, the clock and the numbering. */
  read(): DurableStripeState {
    const { customers, sessions, subscriptions, invoices, accounts, paymentIntents, refunds, idempotency } = this;
    return {
      customers,
      sessions,
      subscriptions,
      invoices,
      accounts,
      paymentIntents,
      refunds,
      idempotency,
      clockOffsetSeconds: this.clockOffsetSeconds,
      seq: this.seq,
      invoiceSeq: this.invoiceSeq,
    };
  }

  restore(state: DurableStripeState): void {
    Object.assign(this, state);
  }

  reset(): void {
    this.generation += 1;
    this.customers.clear();
    this.sessions.clear();
    this.subscriptions.clear();
    this.invoices.clear();
    this.accounts.clear();
    this.paymentIntents.clear();
    this.refunds.clear();
    this.portalSessions.clear();
    this.accountLinks.clear();
    this.events = [];
    this.deliveries = [];
    this.idempotency.clear();
    this.faults = [];
    this.releaseHeld();
    this.webhookFaults = { delayMs: 0, duplicate: 0, hold: false };
    this.heldEvents = [];
    this.clockOffsetSeconds = 0;
  }
}

/** One calendar month (or year) after `seconds`, in UTC, as Stripe bills. */
export function addInterval(seconds: number, interval: 'month' | 'year'): number {
  const date = new Date(seconds * 1000);
  if (interval === 'month') date.setUTCMonth(date.getUTCMonth() + 1);
  else date.setUTCFullYear(date.getUTCFullYear() + 1);
  return Math.floor(date.getTime() / 1000);
}

export const newEventId = () => newStripeId('evt');
