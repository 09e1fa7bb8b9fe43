import { expect } from 'vitest';
import type { PaymentSettings } from '../../domain/payments/payment-settings.ts';
import { requestAs, type TestSession } from './auth.ts';
import { waitFor, type Stack } from './stack.ts';

/** A control call to the Stripe sandbox (`/_sandbox/*`), JSON in and out. */
export async function stripeControl(stack: Stack, method: string, path: string, body?: unknown) {
  const res = await fetch(`${stack.stripeUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json().catch(() => null)) as Record<string, unknown> };
}

/**
 * The shop takes cards: its owner opens its Stripe account from the admin, finishes Stripe's
 * onboarding in the sandbox (its account.updated reaches the API), and saves 收款金流設定 with
 * `changes` over what is stored.
 */
export async function takeCards(
  stack: Stack,
  owner: TestSession,
  shop: { id: string; slug: string },
  changes: Partial<PaymentSettings>,
): Promise<void> {
  const api = (method: string, path: string, body?: unknown) =>
    requestAs(stack.apiUrl, owner, method, `/api/t/${shop.slug}${path}`, body);
  expect((await api('POST', '/payments/stripe-account/onboarding', {})).status).toBe(200);
  const account = await stack.db.paymentAccount.findUniqueOrThrow({ where: { tenantId: shop.id } });
  await stripeControl(stack, 'POST', `/_sandbox/accounts/${account.stripeAccountId}/onboard`);
  await waitFor('charges enabled', async () =>
    (await stack.db.paymentAccount.findUniqueOrThrow({ where: { tenantId: shop.id } })).chargesEnabled,
  );
  const current = await api('GET', '/settings/payments');
  const saved = await api('PUT', '/settings/payments', { ...(current.body.settings as object), ...changes });
  expect(saved.status).toBe(200);
}
