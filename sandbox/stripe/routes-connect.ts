import type { FastifyInstance } from 'fastify';
import { newStripeId } from './ids.ts';
import { accountObject } from './objects.ts';
import { metadata, oneOf, required, str, url, type Params } from './params.ts';
import { invalidParam, missingParam, noSuchObject } from './stripe-errors.ts';
import type { SandboxAccount } from './store.ts';
import type { BillingContext } from './billing-cycle.ts';
import { emitEvent } from './webhook-delivery.ts';

/** An account link works for five minutes, once, as Stripe's do. */
const ACCOUNT_LINK_TTL_SECONDS = 300;

/**
 * Connect: `/v1/accounts` (a merchant's own Stripe account, created unfinished), its onboarding
 * link (`/v1/account_links`, completed on the hosted page) and its Express dashboard login link.
 */
export function registerConnectRoutes(api: FastifyInstance, ctx: BillingContext): void {
  const { store } = ctx;
  api.post('/v1/accounts', async (request) => {
    const body = (request.body ?? {}) as Params;
    const country = str(body, 'country') ?? 'TW';
    const account: SandboxAccount = {
      id: newStripeId('acct', 16),
      object: 'account',
      type: oneOf(body, 'type', ['express', 'standard'] as const) ?? 'express',
      country,
      email: str(body, 'email') ?? null,
      default_currency: country === 'TW' ? 'twd' : 'usd',
      metadata: metadata(body),
      charges_enabled: false,
      payouts_enabled: false,
      details_submitted: false,
      created: store.now(),
      livemode: false,
    };
    store.accounts.set(account.id, account);
    return accountObject(account);
  });

  api.get<{ Params: { id: string } }>('/v1/accounts/:id', async (request) => {
    const account = store.accounts.get(request.params.id);
    if (!account) throw noSuchObject('account', request.params.id);
    return accountObject(account);
  });

  api.post('/v1/account_links', async (request) => {
    const body = (request.body ?? {}) as Params;
    const accountId = required(body, 'account');
    if (!store.accounts.has(accountId)) throw noSuchObject('account', accountId, 'account');
    const type = oneOf(body, 'type', ['account_onboarding', 'account_update'] as const);
    if (!type) throw missingParam('type');
    const returnUrl = url(body, 'return_url');
    const refreshUrl = url(body, 'refresh_url');
    if (!returnUrl) throw missingParam('return_url');
    if (!refreshUrl) throw missingParam('refresh_url');
    const id = newStripeId('acctlink');
    const expiresAt = store.now() + ACCOUNT_LINK_TTL_SECONDS;
    store.accountLinks.set(id, { account: accountId, return_url: returnUrl, refresh_url: refreshUrl, expires_at: expiresAt });
    return { object: 'account_link', created: store.now(), expires_at: expiresAt, url: `${ctx.publicUrl}/connect/onboarding/${id}` };
  });

  api.post<{ Params: { id: string } }>('/v1/accounts/:id/login_links', async (request) => {
    const account = store.accounts.get(request.params.id);
    if (!account) throw noSuchObject('account', request.params.id);
    if (account.type !== 'express') throw invalidParam('account', 'Login links are only for Express accounts.');
    if (!account.details_submitted) {
      throw invalidParam('account', 'Cannot create a login link for an account that has not completed onboarding.');
    }
    return { object: 'login_link', created: store.now(), url: `${ctx.publicUrl}/connect/express/${account.id}` };
  });
}

/** Onboarding finished: the account can take charges and receive payouts; Stripe says so with `account.updated`. */
export function completeOnboarding(ctx: BillingContext, account: SandboxAccount): void {
  if (account.details_submitted) return;
  const previous = { charges_enabled: false, payouts_enabled: false, details_submitted: false };
  account.charges_enabled = true;
  account.payouts_enabled = true;
  account.details_submitted = true;
  emitEvent(ctx.store, ctx.delivery, 'account.updated', accountObject(account), { account: account.id, previous });
}
