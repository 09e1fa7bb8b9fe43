import type { FastifyInstance } from 'fastify';
import { connectedAccount } from './api-scope.ts';
import { newStripeId } from './ids.ts';
import { sessionObject } from './objects.ts';
import { child, int, list, metadata, oneOf, required, str, url, type Params } from './params.ts';
import { invalidParam, noSuchObject, StripeRequestError } from './stripe-errors.ts';
import type { LineItemInput, SandboxCheckoutSession, StripeSandboxStore } from './store.ts';
import type { BillingContext } from './billing-cycle.ts';
import { emitEvent } from './webhook-delivery.ts';

/** A Checkout Session is open for 24 hours unless told otherwise. */
const SESSION_TTL_SECONDS = 24 * 3600;

/**
 * `/v1/checkout/sessions`: create (payment or subscription mode, `price_data` line items), retrieve,
 * expire. The session's hosted page (hosted-pages.ts) is where it is paid.
 */
export function registerCheckoutRoutes(api: FastifyInstance, ctx: BillingContext): void {
  const { store } = ctx;
  api.post('/v1/checkout/sessions', async (request) => {
    const account = connectedAccount(request, store);
    const body = (request.body ?? {}) as Params;
    const mode = oneOf(body, 'mode', ['payment', 'subscription', 'setup'] as const);
    if (!mode) throw invalidParam('mode', 'Missing required param: mode.');
    if (mode === 'setup') throw invalidParam('mode', 'The sandbox does not support setup mode.');
    const customer = str(body, 'customer') ?? null;
    if (customer && !store.customers.has(customer)) throw noSuchObject('customer', customer, 'customer');
    const lineItems = parseLineItems(body, mode);
    const subscriptionData = child(body, 'subscription_data', 'subscription_data');
    const trialDays = int(subscriptionData, 'trial_period_days', 'subscription_data[trial_period_days]') ?? null;
    if (trialDays !== null && (trialDays < 1 || trialDays > 730)) {
      throw invalidParam('subscription_data[trial_period_days]', 'Trial period days must be between 1 and 730.');
    }
    if (subscriptionData && mode !== 'subscription') {
      throw invalidParam('subscription_data', 'You can only pass subscription_data in subscription mode.');
    }
    const now = store.now();
    const id = newStripeId('cs_test', 58);
    const session: SandboxCheckoutSession = {
      id,
      object: 'checkout.session',
      mode,
      status: 'open',
      payment_status: 'unpaid',
      customer,
      customer_email: str(body, 'customer_email') ?? null,
      client_reference_id: str(body, 'client_reference_id') ?? null,
      metadata: metadata(body),
      success_url: url(body, 'success_url') ?? '',
      cancel_url: url(body, 'cancel_url') ?? null,
      url: `${ctx.publicUrl}/c/pay/${id}`,
      amount_total: lineItems.reduce((sum, l) => sum + l.priceData.unitAmount * l.quantity, 0),
      currency: lineItems[0]!.priceData.currency,
      subscription: null,
      payment_intent: null,
      created: now,
      expires_at: int(body, 'expires_at') ?? now + SESSION_TTL_SECONDS,
      livemode: false,
      account: account?.id ?? null,
      lineItems,
      trialDays,
      subscriptionMetadata: metadata(subscriptionData, 'subscription_data[metadata]'),
      paymentIntentMetadata: metadata(child(body, 'payment_intent_data', 'payment_intent_data'), 'payment_intent_data[metadata]'),
      lastError: null,
    };
    if (!session.success_url) throw invalidParam('success_url', 'Missing required param: success_url.');
    store.sessions.set(id, session);
    return sessionObject(session);
  });

  api.get<{ Params: { id: string } }>('/v1/checkout/sessions/:id', async (request) => {
    return sessionObject(sessionFor(store, request.params.id, connectedAccount(request, store)?.id ?? null));
  });

  api.post<{ Params: { id: string } }>('/v1/checkout/sessions/:id/expire', async (request) => {
    const session = sessionFor(store, request.params.id, connectedAccount(request, store)?.id ?? null);
    if (session.status !== 'open') {
      throw new StripeRequestError(400, {
        type: 'invalid_request_error',
        code: 'checkout_session_not_open',
        message: `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${session.status}".`,
      });
    }
    session.status = 'expired';
    session.url = null;
    emitEvent(store, ctx.delivery, 'checkout.session.expired', sessionObject(session), { account: session.account });
    return sessionObject(session);
  });
}

/** A session is seen only on the account it was made on. */
function sessionFor(store: StripeSandboxStore, id: string, account: string | null): SandboxCheckoutSession {
  const session = store.sessions.get(id);
  if (!session || session.account !== account) throw noSuchObject('checkout.session', id);
  return session;
}

function parseLineItems(body: Params, mode: 'payment' | 'subscription'): LineItemInput[] {
  const items = list(body, 'line_items', 'line_items');
  if (items.length === 0) throw invalidParam('line_items', 'Missing required param: line_items.');
  return items.map((item, i) => {
    const path = `line_items[${i}]`;
    if (item.price !== undefined) throw invalidParam(`${path}[price]`, 'The sandbox takes price_data; pass the price inline.');
    const priceData = child(item, 'price_data', `${path}[price_data]`);
    if (!priceData) throw invalidParam(`${path}[price_data]`, 'You must specify either `price` or `price_data`.');
    const currency = required(priceData, 'currency', `${path}[price_data][currency]`);
    if (!/^[a-z]{3}$/.test(currency)) throw invalidParam(`${path}[price_data][currency]`, `Invalid currency: ${currency}`);
    const unitAmount = int(priceData, 'unit_amount', `${path}[price_data][unit_amount]`);
    if (unitAmount === undefined || unitAmount < 0) throw invalidParam(`${path}[price_data][unit_amount]`, 'Invalid unit_amount.');
    const product = child(priceData, 'product_data', `${path}[price_data][product_data]`);
    const productName = required(product, 'name', `${path}[price_data][product_data][name]`);
    const recurring = child(priceData, 'recurring', `${path}[price_data][recurring]`);
    const interval = recurring ? oneOf(recurring, 'interval', ['month', 'year'] as const, `${path}[price_data][recurring][interval]`) ?? null : null;
    if (mode === 'subscription' && !interval) {
      throw invalidParam(`${path}[price_data][recurring]`, 'In subscription mode, you must provide at least one recurring price.');
    }
    if (mode === 'payment' && interval) {
      throw invalidParam(`${path}[price_data][recurring]`, 'You specified `payment` mode but passed a recurring price.');
    }
    const quantity = int(item, 'quantity', `${path}[quantity]`) ?? 1;
    if (quantity < 1) throw invalidParam(`${path}[quantity]`, 'Quantity must be at least 1.');
    return { priceData: { currency, unitAmount, productName, interval }, quantity };
  });
}
