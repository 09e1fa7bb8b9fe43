import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../scripts/process-group.ts';
import { SANDBOX_STRIPE_SECRET_KEY } from '../../sandbox/stripe/app.ts';
import { startStripeSandbox, type RunningStripeSandbox } from '../../sandbox/stripe/testing.ts';
import { createStripeClient } from './client.ts';
import { createStripeGateway, type StripeGateway } from './gateway.ts';
import { startStripeMock, type RunningStripeMock } from './stripe-mock.ts';

/**
 * Every call Jiayi makes to Stripe (every method of the gateway: the type below does not
 * compile if one is left out), made with the real SDK against stripe-mock, which refuses any
 * path or parameter Stripe's OpenAPI does not have, and against the sandbox, whose answers must
 * parse as Stripe's do. So neither our calls nor the stand-in can drift from Stripe's API.
 */
interface Fixtures {
  customerId: string;
  subscriptionId: string;
  accountId: string;
  onboardedAccountId: string;
  sessionId: string;
  paymentIntentId: string;
}
type Contract = { [K in keyof StripeGateway]: (gateway: StripeGateway, f: Fixtures) => Promise<unknown> };

const plan = { code: 'standard', name: '加一 標準方案', monthlyPriceTwd: 1999, trialDays: 7 };
const urls = { successUrl: 'https://jiayi.example/t/shop/admin?checkout={CHECKOUT_SESSION_ID}', cancelUrl: 'https://jiayi.example/t/shop/admin/billing' };
const key = (name: string) => `contract:${name}:${Math.random().toString(36).slice(2)}`;

const CONTRACT: Contract = {
  createBillingCustomer: (g) => g.createBillingCustomer({ tenantId: 't-1', name: '阿美小舖', email: 'owner@example.com' }, key('customer')),
  createSubscriptionCheckout: (g, f) =>
    g.createSubscriptionCheckout({ tenantId: 't-1', customerId: f.customerId, plan, ...urls }, key('checkout')),
  retrieveSubscription: (g, f) => g.retrieveSubscription(f.subscriptionId),
  listInvoices: (g, f) => g.listInvoices(f.customerId),
  createPortalSession: (g, f) => g.createPortalSession({ customerId: f.customerId, returnUrl: urls.cancelUrl }, key('portal')),
  createConnectAccount: (g) => g.createConnectAccount({ tenantId: 't-1', email: 'owner@example.com' }, key('account')),
  retrieveAccount: (g, f) => g.retrieveAccount(f.accountId),
  createOnboardingLink: (g, f) =>
    g.createOnboardingLink({ accountId: f.accountId, refreshUrl: urls.cancelUrl, returnUrl: urls.cancelUrl }, key('link')),
  createDashboardLink: (g, f) => g.createDashboardLink(f.onboardedAccountId, key('dashboard')),
  createPaymentCheckout: (g, f) =>
    g.createPaymentCheckout(
      {
        accountId: f.accountId,
        tenantId: 't-1',
        orderId: 'o-1',
        lines: [{ name: '招牌便當', unitPriceTwd: 120, quantity: 2 }],
        ...urls,
      },
      key('payment'),
    ),
  retrieveCheckoutSession: (g, f) => g.retrieveCheckoutSession(f.sessionId, f.accountId),
  expireCheckoutSession: (g, f) => g.expireCheckoutSession(f.sessionId, f.accountId, key('expire')),
  refundPayment: (g, f) =>
    g.refundPayment(
      { accountId: f.accountId, paymentIntentId: f.paymentIntentId, amountTwd: 50, tenantId: 't-1', orderId: 'o-0' },
      key('refund'),
    ),
};

const gatewayFor = (url: string, secretKey: string) => createStripeGateway(createStripeClient({ secretKey, apiBaseUrl: url }));

describe('Stripe contract: stripe-mock (Stripe OpenAPI)', () => {
  let mock: RunningStripeMock;
  let gateway: StripeGateway;
  // stripe-mock is stateless: any well-formed ID is found.
  const fixtures: Fixtures = {
    customerId: 'cus_contract',
    subscriptionId: 'sub_contract',
    accountId: 'acct_contract',
    onboardedAccountId: 'acct_contract',
    sessionId: 'cs_test_contract',
    paymentIntentId: 'pi_contract',
  };
  beforeAll(async () => {
    mock = await startStripeMock(await freePort());
    gateway = gatewayFor(mock.url, 'sk_test_123');
  }, 30_000);
  afterAll(() => mock?.stop());

  for (const [name, call] of Object.entries(CONTRACT)) {
    it(`accepts ${name}`, async () => {
      await expect(call(gateway, fixtures)).resolves.toBeDefined();
    });
  }

  it('is strict: a parameter Stripe does not have is refused', async () => {
    const stripe = createStripeClient({ secretKey: 'sk_test_123', apiBaseUrl: mock.url });
    await expect(
      stripe.checkout.sessions.create({ mode: 'subscription', not_a_param: 1 } as never),
    ).rejects.toMatchObject({ type: 'StripeInvalidRequestError' });
  });
});

describe('Stripe contract: the sandbox answers as Stripe does', () => {
  let sandbox: RunningStripeSandbox;
  let gateway: StripeGateway;
  let fixtures: Fixtures;
  beforeAll(async () => {
    sandbox = await startStripeSandbox();
    gateway = gatewayFor(sandbox.url, SANDBOX_STRIPE_SECRET_KEY);
    // The sandbox is stateful: the objects the calls name are made first, as Jiayi makes them.
    const customerId = await gateway.createBillingCustomer({ tenantId: 't-1', name: '阿美小舖', email: null }, key('c'));
    const checkout = await gateway.createSubscriptionCheckout({ tenantId: 't-1', customerId, plan, ...urls }, key('s'));
    await fetch(`${sandbox.url}/_sandbox/checkout/sessions/${checkout.id}/complete`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ outcome: 'pay' }),
    });
    const subscriptionId = sandbox.store.sessions.get(checkout.id)!.subscription!;
    const account = await gateway.createConnectAccount({ tenantId: 't-1', email: null }, key('a'));
    const onboarded = await gateway.createConnectAccount({ tenantId: 't-2', email: null }, key('a'));
    await fetch(`${sandbox.url}/_sandbox/accounts/${onboarded.id}/onboard`, { method: 'POST' });
    const payment = await gateway.createPaymentCheckout(
      { accountId: account.id, tenantId: 't-1', orderId: 'o-0', lines: [{ name: '便當', unitPriceTwd: 100, quantity: 1 }], ...urls },
      key('p'),
    );
    // A paid order (refunded below) and an open one (expired below).
    const paid = await gateway.createPaymentCheckout(
      { accountId: account.id, tenantId: 't-1', orderId: 'o-paid', lines: [{ name: '便當', unitPriceTwd: 100, quantity: 1 }], ...urls },
      key('p'),
    );
    await fetch(`${sandbox.url}/_sandbox/checkout/sessions/${paid.id}/complete`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ outcome: 'pay' }),
    });
    const paymentIntentId = sandbox.store.sessions.get(paid.id)!.payment_intent!;
    fixtures = {
      customerId,
      subscriptionId,
      accountId: account.id,
      onboardedAccountId: onboarded.id,
      sessionId: payment.id,
      paymentIntentId,
    };
  });
  afterAll(() => sandbox?.close());

  for (const [name, call] of Object.entries(CONTRACT)) {
    it(`answers ${name}`, async () => {
      await expect(call(gateway, fixtures)).resolves.toBeDefined();
    });
  }

  it('refunds in TWD two-decimal units, never more than was paid', async () => {
    const rest = await gateway.refundPayment(
      { accountId: fixtures.accountId, paymentIntentId: fixtures.paymentIntentId, tenantId: 't-1', orderId: 'o-paid' },
      key('rest'),
    );
    // The contract call above gave back NT$50 of NT$100.
    expect(rest).toMatchObject({ amount: 5000, currency: 'twd', status: 'succeeded' });
    await expect(
      gateway.refundPayment(
        { accountId: fixtures.accountId, paymentIntentId: fixtures.paymentIntentId, tenantId: 't-1', orderId: 'o-paid' },
        key('again'),
      ),
    ).rejects.toMatchObject({ code: 'charge_already_refunded' });
  });

  it('bills the plan in TWD two-decimal units with its trial', async () => {
    const subscription = await gateway.retrieveSubscription(fixtures.subscriptionId);
    expect(subscription.status).toBe('trialing');
    expect(subscription.items.data[0]!.price).toEqual({ unit_amount: 199900, currency: 'twd' });
  });
});
