import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createStripeClient } from '../../integrations/stripe/client.ts';
import { createStripeGateway } from '../../integrations/stripe/gateway.ts';
import { verifyStripeWebhook } from '../../integrations/stripe/webhook.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../line/testing.ts';
import { buildStripeSandbox, SANDBOX_STRIPE_SECRET_KEY, SANDBOX_STRIPE_WEBHOOK_SECRET } from './app.ts';
import { startStripeSandbox, type RunningStripeSandbox } from './testing.ts';

const plan = { code: 'standard', name: '標準方案', monthlyPriceTwd: 1999, trialDays: 7 };
const urls = { successUrl: 'http://shop.test/ok?s={CHECKOUT_SESSION_ID}', cancelUrl: 'http://shop.test/back' };

let sandbox: RunningStripeSandbox;
let receiver: WebhookReceiver;
const stripe = () => createStripeClient({ secretKey: SANDBOX_STRIPE_SECRET_KEY, apiBaseUrl: sandbox.url });
const gateway = () => createStripeGateway(stripe());
const control = async (path: string, body: unknown = {}) => {
  const res = await fetch(`${sandbox.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};
/** The verified events the webhook received, in arrival order. */
const received = () =>
  receiver.received.map((r) => {
    const verified = verifyStripeWebhook(r.raw, r.headers['stripe-signature'] as string, SANDBOX_STRIPE_WEBHOOK_SECRET);
    if (!verified.ok) throw new Error(verified.message);
    return verified.event;
  });
const waitForEvents = async (count: number) => {
  await expect.poll(() => receiver.received.length).toBeGreaterThanOrEqual(count);
  return received();
};

async function subscribe(email = 'owner@example.com') {
  const g = gateway();
  const customerId = await g.createBillingCustomer({ tenantId: 't-1', name: '小舖', email }, `c-${Math.random()}`);
  const session = await g.createSubscriptionCheckout({ tenantId: 't-1', customerId, plan, ...urls }, `s-${Math.random()}`);
  const done = await control(`/_sandbox/checkout/sessions/${session.id}/complete`, { outcome: 'pay' });
  expect(done.body).toMatchObject({ ok: true, redirect: `http://shop.test/ok?s=${session.id}` });
  return { customerId, session, subscriptionId: sandbox.store.sessions.get(session.id)!.subscription! };
}

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  sandbox = await startStripeSandbox({ webhookUrl: receiver.url, webhookRetryMs: 50 });
});
afterEach(async () => {
  await fetch(`${sandbox.url}/_sandbox/reset`, { method: 'DELETE' });
  receiver.received.length = 0;
  receiver.status = 200;
});
afterAll(async () => {
  await sandbox.close();
  await receiver.close();
});

describe('Stripe sandbox: API behaviour', () => {
  it('answers a repeated Idempotency-Key with the first result, and refuses it for another request', async () => {
    const s = stripe();
    const first = await s.customers.create({ name: 'A' }, { idempotencyKey: 'same-key' });
    const again = await s.customers.create({ name: 'A' }, { idempotencyKey: 'same-key' });
    expect(again.id).toBe(first.id);
    expect(again.lastResponse.headers['idempotent-replayed']).toBe('true');
    expect(sandbox.store.customers.size).toBe(1);
    await expect(s.customers.create({ name: 'B' }, { idempotencyKey: 'same-key' })).rejects.toMatchObject({
      type: 'StripeIdempotencyError',
    });
  });

  it("refuses a wrong secret key with Stripe's 401", async () => {
    const wrong = createStripeClient({ secretKey: 'sk_test_wrong', apiBaseUrl: sandbox.url });
    await expect(wrong.customers.create({})).rejects.toMatchObject({ type: 'StripeAuthenticationError', statusCode: 401 });
  });

  it('names the parameter that is missing or unknown', async () => {
    await expect(
      stripe().checkout.sessions.create({ mode: 'subscription', success_url: urls.successUrl, line_items: [] }),
    ).rejects.toMatchObject({ type: 'StripeInvalidRequestError', param: 'line_items' });
    await expect(stripe().subscriptions.retrieve('sub_nope')).rejects.toMatchObject({ statusCode: 404, code: 'resource_missing' });
  });

  it('injects 500s that a retry with the same key gets past, and declined cards', async () => {
    await control('/_sandbox/faults', { path: '/v1/customers', mode: 'error500', count: 1 });
    const s = stripe();
    await expect(s.customers.create({ name: 'A' }, { idempotencyKey: 'k500' })).rejects.toMatchObject({ statusCode: 500 });
    const retried = await s.customers.create({ name: 'A' }, { idempotencyKey: 'k500' });
    expect(retried.id).toMatch(/^cus_/);
    await control('/_sandbox/faults', { path: '/v1/checkout/sessions', mode: 'card_declined', count: 1 });
    await expect(
      gateway().createSubscriptionCheckout({ tenantId: 't', customerId: retried.id, plan, ...urls }, 'kd'),
    ).rejects.toMatchObject({ type: 'StripeCardError', code: 'card_declined' });
  });

  it('keeps a Checkout Session open when the card is declined on its page, and completes it when paid', async () => {
    const g = gateway();
    const customerId = await g.createBillingCustomer({ tenantId: 't', name: 'x', email: null }, 'c1');
    const session = await g.createSubscriptionCheckout({ tenantId: 't', customerId, plan, ...urls }, 's1');
    expect(session.url).toBe(`${sandbox.url}/c/pay/${session.id}`);
    const declined = await fetch(session.url!, { method: 'POST', body: new URLSearchParams({ action: 'decline' }), redirect: 'manual' });
    expect(declined.status).toBe(402);
    expect(await declined.text()).toContain('您的卡片遭到拒絕');
    expect((await g.retrieveCheckoutSession(session.id, null)).status).toBe('open');
    const paid = await fetch(session.url!, { method: 'POST', body: new URLSearchParams({ action: 'pay' }), redirect: 'manual' });
    expect(paid.status).toBe(303);
    expect(paid.headers.get('location')).toBe(`http://shop.test/ok?s=${session.id}`);
    const completed = await g.retrieveCheckoutSession(session.id, null);
    expect(completed).toMatchObject({ status: 'complete', payment_status: 'no_payment_required', client_reference_id: 't' });
  });

  it('onboards a Connect account and tells the platform with account.updated on that account', async () => {
    const g = gateway();
    const account = await g.createConnectAccount({ tenantId: 't', email: null }, 'a1');
    expect(account.charges_enabled).toBe(false);
    await expect(g.createDashboardLink(account.id, 'd0')).rejects.toMatchObject({ statusCode: 400 });
    const link = await g.createOnboardingLink({ accountId: account.id, refreshUrl: urls.cancelUrl, returnUrl: urls.successUrl }, 'l1');
    const done = await fetch(link.url, { method: 'POST', body: new URLSearchParams({ action: 'complete' }), redirect: 'manual' });
    expect(done.headers.get('location')).toBe(urls.successUrl);
    expect(await g.retrieveAccount(account.id)).toMatchObject({ charges_enabled: true, payouts_enabled: true, details_submitted: true });
    await expect.poll(() => received().find((e) => e.type === 'account.updated')).toMatchObject({ account: account.id });
  });
});

describe('Stripe sandbox: kept between runs', () => {
  it('keeps connected accounts, customers, the clock and idempotency keys in its state file across a restart', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'stripe-sandbox-')), 'state.json');
    const first = await startStripeSandbox({ stateFile: file });
    const firstGateway = createStripeGateway(createStripeClient({ secretKey: SANDBOX_STRIPE_SECRET_KEY, apiBaseUrl: first.url }));
    const account = await firstGateway.createConnectAccount({ tenantId: 't', email: null }, 'keep-a1');
    await fetch(`${first.url}/_sandbox/accounts/${account.id}/onboard`, { method: 'POST' });
    const customerId = await firstGateway.createBillingCustomer({ tenantId: 't', name: '小舖', email: null }, 'keep-c1');
    await fetch(`${first.url}/_sandbox/clock/advance`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ days: 2 }),
    });
    await first.close();

    const second = await startStripeSandbox({ stateFile: file });
    try {
      const again = createStripeGateway(createStripeClient({ secretKey: SANDBOX_STRIPE_SECRET_KEY, apiBaseUrl: second.url }));
      expect(await again.retrieveAccount(account.id)).toMatchObject({ id: account.id, charges_enabled: true });
      expect(second.store.customers.get(customerId)).toMatchObject({ id: customerId, name: '小舖' });
      expect(second.store.clockOffsetSeconds).toBe(2 * 86_400);
      // The same key answers with the first result, as Stripe does for a day.
      expect(await again.createBillingCustomer({ tenantId: 't', name: '小舖', email: null }, 'keep-c1')).toBe(customerId);
      // A new customer joins the kept ones.
      await again.createBillingCustomer({ tenantId: 't', name: '別家', email: null }, 'keep-c2');
      expect(second.store.customers.size).toBe(2);
    } finally {
      await second.close();
    }
  });

  it('starts empty when its state file is not there yet, and refuses a file it cannot read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stripe-sandbox-'));
    const fresh = await startStripeSandbox({ stateFile: join(dir, 'none-yet.json') });
    expect(fresh.store.accounts.size).toBe(0);
    await fresh.close();
    writeFileSync(join(dir, 'broken.json'), '{ not json');
    expect(() => buildStripeSandbox({ stateFile: join(dir, 'broken.json') })).toThrow(SyntaxError);
  });
});

describe('Stripe sandbox: a subscription on the clock', () => {
  it('runs trial → reminder → paid → failed → retried → unpaid → paid again, with signed events', async () => {
    const { customerId, subscriptionId } = await subscribe();
    const g = gateway();
    expect((await g.retrieveSubscription(subscriptionId)).status).toBe('trialing');

    await control('/_sandbox/clock/advance', { days: 4 });
    expect((await control('/_sandbox/clock/advance', {})).status).toBe(400);
    await control('/_sandbox/clock/advance', { days: 3 });
    expect((await g.retrieveSubscription(subscriptionId)).status).toBe('active');

    await control(`/_sandbox/customers/${customerId}/card`, { card: 'declines' });
    const month = await control('/_sandbox/clock/advance', { days: 31 });
    expect((month.body.events as { type: string }[]).map((e) => e.type)).toContain('invoice.payment_failed');
    expect((await g.retrieveSubscription(subscriptionId)).status).toBe('past_due');
    await control('/_sandbox/clock/advance', { days: 7 });
    expect((await g.retrieveSubscription(subscriptionId)).status).toBe('unpaid');

    await control(`/_sandbox/customers/${customerId}/card`, { card: 'ok' });
    expect((await g.retrieveSubscription(subscriptionId)).status).toBe('active');
    const invoices = await g.listInvoices(customerId);
    expect(invoices.map((i) => [i.amount_due, i.status])).toEqual([
      [199900, 'paid'],
      [199900, 'paid'],
      [0, 'paid'],
    ]);

    // Stripe does not promise delivery order, and deliveries run side by side: the order is the
    // order the events were made in; the webhook gets each of them, signed, in any order.
    const made = [...sandbox.store.events].map((e) => e.type);
    expect(made).toEqual([
      'customer.subscription.created',
      'invoice.paid',
      'checkout.session.completed',
      'customer.subscription.trial_will_end',
      'invoice.paid',
      'customer.subscription.updated',
      'invoice.payment_failed',
      'customer.subscription.updated',
      'invoice.payment_failed',
      'invoice.payment_failed',
      'invoice.payment_failed',
      'customer.subscription.updated',
      'invoice.paid',
      'customer.subscription.updated',
    ]);
    const types = (await waitForEvents(made.length)).map((e) => e.type);
    expect(types.toSorted()).toEqual(made.toSorted());
  });

  it('holds, reverses, delays and duplicates webhooks on demand, and retries a failed delivery', async () => {
    await control('/_sandbox/webhook-faults', { hold: true });
    await subscribe();
    expect(receiver.received).toHaveLength(0);
    await control('/_sandbox/webhooks/release', { order: 'reverse' });
    expect(received().map((e) => e.type)).toEqual(['checkout.session.completed', 'invoice.paid', 'customer.subscription.created']);

    receiver.received.length = 0;
    await control('/_sandbox/webhook-faults', { duplicate: 1, delayMs: 300 });
    const started = Date.now();
    await subscribe();
    const events = await waitForEvents(6);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(new Set(events.map((e) => e.id)).size).toBe(3);

    await control('/_sandbox/webhook-faults', { duplicate: 0, delayMs: 0 });
    receiver.received.length = 0;
    receiver.status = 500;
    const account = await gateway().createConnectAccount({ tenantId: 't', email: null }, 'a-retry');
    await control(`/_sandbox/accounts/${account.id}/onboard`);
    await expect.poll(() => receiver.received.length).toBeGreaterThanOrEqual(2);
    receiver.status = 200;
    await expect.poll(() => sandbox.store.deliveries.some((d) => d.type === 'account.updated' && d.status === 200)).toBe(true);
  });
});
