import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_STRIPE_WEBHOOK_SECRET } from '../../../sandbox/stripe/app.ts';
import { authConfigOf, requestAs, signedInMember, type TestMember, type TestSession } from '../../support/auth.ts';
import { billingWorkflowId } from '../../../domain/workflow-ids.ts';
import { recordHistory } from '../../support/histories.ts';
import { mailsFor } from '../../support/mail.ts';
import { createSandboxUser, messagesFor, sendChat } from '../../support/line-sandbox.ts';
import { ORDERING_PAUSED_REPLY } from '../../../domain/billing/billing-messages.ts';
import { chatOrder, createTestTenant, type TestTenant } from '../../support/shops.ts';
import { startStack, waitFor, type Stack } from '../../support/stack.ts';

/**
 * A shop's subscription to Jiayi, end to end: the API, the worker and the Stripe sandbox as
 * processes, the sandbox's clock advanced by the test. Grace is 3 seconds here (7 days live).
 */
let stack: Stack;
let shop: TestTenant;
let owner: TestMember & TestSession;
const GRACE_SECONDS = 3;

const stripeControl = async (path: string, body: unknown = {}) => {
  const res = await fetch(`${stack.stripeUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<Record<string, unknown>>;
};
const api = (method: string, path: string, body?: unknown) => requestAs(stack.apiUrl, owner, method, `/api/t/${shop.slug}${path}`, body);
const subscriptionRow = () => stack.db.tenantSubscription.findUniqueOrThrow({ where: { tenantId: shop.id } });
const waitForRow = (what: string, check: (row: Awaited<ReturnType<typeof subscriptionRow>>) => boolean) =>
  waitFor(what, async () => {
    const row = await subscriptionRow();
    return check(row) ? row : undefined;
  });
/** A change any manager may make: the order settings, saved as they are. */
const saveOrderSettings = async () => {
  const current = await api('GET', '/settings/orders');
  return api('PUT', '/settings/orders', current.body);
};
const linePushesTo = async (userId: string) => {
  const res = await fetch(`${stack.sandboxUrl}/_sandbox/channels/${shop.channelId}/sent?to=${userId}`);
  return (await res.json()) as { messages: { text?: string }[] }[];
};

beforeAll(async () => {
  stack = await startStack({ stripe: { graceSeconds: GRACE_SECONDS } });
  shop = await createTestTenant(stack, { products: [{ code: '261201001', name: '手工餅乾', price: 180, stock: -1 }] });
  owner = await signedInMember(stack.db, authConfigOf(stack.env), shop.id, { role: 'owner', email: `owner-${shop.slug}@example.com` });
});
afterAll(() => stack?.stop());

describe('a subscription on the Stripe sandbox clock', () => {
  it('runs trial → reminder → paid → failed → grace → read-only → restored', async () => {
    // Before Checkout the shop has no subscription: 付費方案 offers the plans.
    const before = await api('GET', '/billing');
    expect(before.body).toMatchObject({ enabled: true, subscription: null });
    expect((before.body.plans as { code: string }[]).map((p) => p.code)).toEqual(['standard', 'max']);

    const checkout = await api('POST', '/billing/checkout', { planCode: 'standard', requestKey: crypto.randomUUID() });
    expect(checkout.status).toBe(200);
    const sessionId = String(checkout.body.url).split('/').at(-1)!;
    // Read-only until the trial starts: nothing can be changed yet, but Checkout can be finished.
    expect((await saveOrderSettings()).body.code).toBe('shop_read_only');
    await stripeControl(`/_sandbox/checkout/sessions/${sessionId}/complete`, { outcome: 'pay' });

    const trial = await waitForRow('the trial', (row) => row.status === 'trialing' && row.access === 'full');
    expect(trial.trialEndsAt!.getTime() - Date.now()).toBeGreaterThan(6.9 * 86_400_000);
    expect((await saveOrderSettings()).status).toBe(200);
    const page = await api('GET', '/billing');
    expect(page.body.subscription).toMatchObject({ planCode: 'standard', status: 'trialing', trialDaysLeft: 7, monthlyPriceTwd: 1999 });
    expect(page.body.invoices).toMatchObject([{ amountTwd: 0, status: 'paid' }]);

    // Three days before the trial ends: the owner hears of it by e-mail and LINE, once.
    await stripeControl('/_sandbox/clock/advance', { days: 4 });
    const [reminder] = await mailsFor(owner.email!);
    expect(reminder!.subject).toContain('免費試用即將結束');
    await waitFor('the LINE reminder', async () => (await linePushesTo(shop.adminLineUserIds[0]!)).length > 0 || undefined);

    // The card starts failing; the trial ends; the first charge fails: grace, with a banner.
    const customerId = trial.stripeCustomerId!;
    await stripeControl(`/_sandbox/customers/${customerId}/card`, { card: 'declines' });
    await stripeControl('/_sandbox/clock/advance', { days: 3 });
    const grace = await waitForRow('the grace period', (row) => row.access === 'grace');
    expect(grace.status).toBe('past_due');
    expect(grace.graceEndsAt).not.toBeNull();
    expect((await saveOrderSettings()).status).toBe(200);
    const mails = await mailsFor(owner.email!, 2);
    expect(mails[1]!.subject).toContain('扣款失敗');

    // The grace period runs out on the workflow's own timer: read-only, nothing deleted.
    await waitForRow('read-only', (row) => row.access === 'read_only');
    const refused = await saveOrderSettings();
    expect(refused).toMatchObject({ status: 403, body: { code: 'shop_read_only' } });
    expect((await api('GET', '/settings/orders')).status).toBe(200);
    expect((await api('POST', '/billing/portal')).status).toBe(200);
    expect((await mailsFor(owner.email!, 3))[2]!.subject).toContain('暫停接單');
    // The chat takes no order meanwhile, and says so.
    const customer = await createSandboxUser(stack, '林美玲');
    await sendChat(stack, shop, customer, '+1');
    expect(await messagesFor(stack, shop, customer, 1)).toEqual([ORDERING_PAUSED_REPLY]);
    expect(await stack.db.order.count({ where: { tenantId: shop.id } })).toBe(0);

    // Paid again (a working card in the portal pays the open invoice): everything back at once.
    await stripeControl(`/_sandbox/customers/${customerId}/card`, { card: 'ok' });
    const restored = await waitForRow('restored', (row) => row.access === 'full');
    expect(restored).toMatchObject({ status: 'active', graceEndsAt: null });
    expect((await saveOrderSettings()).status).toBe(200);
    expect((await mailsFor(owner.email!, 4))[3]!.subject).toContain('已恢復');
    expect((await chatOrder(stack, shop, '王小明')).order.status).toBe('confirmed');
    const invoices = (await api('GET', '/billing')).body.invoices as { amountTwd: number; status: string }[];
    expect(invoices[0]).toMatchObject({ amountTwd: 1999, status: 'paid' });
    await recordHistory(billingWorkflowId(shop.id), 'billing-subscription-restored');
  });
});

describe('the Stripe webhook', () => {
  const stored = () => stack.db.stripeWebhookEvent.count();
  const post = (payload: string, signature: string) =>
    fetch(`${stack.apiUrl}/webhooks/stripe`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': signature },
      body: payload,
    });
  const signed = (payload: string, secret = SANDBOX_STRIPE_WEBHOOK_SECRET) =>
    Stripe.webhooks.generateTestHeaderString({ payload, secret });
  const event = (id: string, type: string, extra: Record<string, unknown> = {}) =>
    JSON.stringify({ id, object: 'event', type, created: 1, livemode: false, data: { object: { id: 'x', object: 'thing' } }, ...extra });

  it('refuses a forged signature with 401 and stores nothing', async () => {
    const count = await stored();
    const payload = event('evt_forged', 'invoice.paid');
    expect((await post(payload, signed(payload, 'whsec_not_ours'))).status).toBe(401);
    expect((await post(payload, 't=1,v1=00')).status).toBe(401);
    // Signed, then altered: the bytes are what is checked.
    expect((await post(payload.replace('invoice.paid', 'invoice.void'), signed(payload))).status).toBe(401);
    expect(await stored()).toBe(count);
  });

  it('stores an event once however often it comes, and acknowledges events it has no use for', async () => {
    const payload = event(`evt_unknown_${Date.now()}`, 'radar.early_fraud_warning.created');
    const first = await post(payload, signed(payload));
    const again = await post(payload, signed(payload));
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(await again.json()).toEqual({ received: true, duplicate: true });
    const row = await waitFor('dispatched', async () => {
      const found = await stack.db.stripeWebhookEvent.findFirst({ where: { type: 'radar.early_fraud_warning.created' } });
      return found?.dispatchedAt ? found : undefined;
    });
    expect(row.tenantId).toBeNull();
    const connect = event(`evt_connect_${Date.now()}`, 'account.updated', { account: 'acct_nobody' });
    expect((await post(connect, signed(connect))).status).toBe(200);
  });

  it('ends in Stripe\'s state whatever order and however late or often the events arrive', async () => {
    const other = await createTestTenant(stack, { products: [] });
    const member = await signedInMember(stack.db, authConfigOf(stack.env), other.id, { role: 'owner' });
    const checkout = await requestAs(stack.apiUrl, member, 'POST', `/api/t/${other.slug}/billing/checkout`, { planCode: 'max' });
    const sessionId = String(checkout.body.url).split('/').at(-1)!;
    // Held (late), then delivered newest first, each twice.
    await stripeControl('/_sandbox/webhook-faults', { hold: true });
    await stripeControl(`/_sandbox/checkout/sessions/${sessionId}/complete`, { outcome: 'pay' });
    await stripeControl('/_sandbox/webhook-faults', { duplicate: 1 });
    await stripeControl('/_sandbox/webhooks/release', { order: 'reverse' });
    const row = await waitFor('the MAX trial', async () => {
      const found = await stack.db.tenantSubscription.findUnique({ where: { tenantId: other.id } });
      return found?.status === 'trialing' && found.access === 'full' ? found : undefined;
    });
    expect(row.planCode).toBe('max');
    await stripeControl('/_sandbox/webhook-faults', { duplicate: 0 });
    const ids = await stack.db.stripeWebhookEvent.findMany({ where: { tenantId: other.id }, select: { eventId: true } });
    expect(new Set(ids.map((r) => r.eventId)).size).toBe(ids.length);
    expect(ids.length).toBe(3);
    await recordHistory(billingWorkflowId(other.id), 'billing-subscription-reordered');
  });
});

describe("a shop's own Stripe account (Connect)", () => {
  it('onboards from the admin, and account.updated reaches the shop it belongs to', async () => {
    expect((await api('GET', '/payments/stripe-account')).body).toEqual({ enabled: true, account: null });
    expect((await api('POST', '/payments/stripe-account/dashboard', {})).body.code).toBe('not_onboarded');
    const start = await api('POST', '/payments/stripe-account/onboarding', {});
    expect(start.status).toBe(200);
    // Stripe's hosted onboarding page: 完成設定, then back to 收款金流設定.
    const done = await fetch(String(start.body.url), {
      method: 'POST',
      body: new URLSearchParams({ action: 'complete' }),
      redirect: 'manual',
    });
    expect(done.headers.get('location')).toBe(`${stack.apiUrl}/t/${shop.slug}/admin/settings/payments?onboarding=done`);

    const account = await waitFor('the account to take cards', async () => {
      const row = await stack.db.paymentAccount.findUnique({ where: { tenantId: shop.id } });
      return row?.chargesEnabled ? row : undefined;
    });
    expect(account).toMatchObject({ payoutsEnabled: true, detailsSubmitted: true });
    const event = await stack.db.stripeWebhookEvent.findFirstOrThrow({ where: { account: account.stripeAccountId } });
    expect(event).toMatchObject({ type: 'account.updated', tenantId: shop.id });
    // Pressed again: the same account, a fresh link.
    await api('POST', '/payments/stripe-account/onboarding', {});
    expect(await stack.db.paymentAccount.count({ where: { tenantId: shop.id } })).toBe(1);
    expect((await api('GET', '/payments/stripe-account')).body.account).toMatchObject({
      id: account.stripeAccountId,
      chargesEnabled: true,
    });
    expect((await api('POST', '/payments/stripe-account/dashboard', {})).body.url).toMatch(/\/connect\/express\/acct_/);
  });
});
