import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { registerApiScope, registerFormParser } from './api-scope.ts';
import type { BillingContext } from './billing-cycle.ts';
import { registerFaultHook } from './faults.ts';
import { registerHostedPages } from './hosted-pages.ts';
import { newRequestId } from './ids.ts';
import { registerBillingRoutes } from './routes-billing.ts';
import { registerCheckoutRoutes } from './routes-checkout.ts';
import { registerConnectRoutes } from './routes-connect.ts';
import { registerRefundRoutes } from './routes-refunds.ts';
import { registerControlRoutes } from './routes-control.ts';
import { registerCustomerRoutes } from './routes-customers.ts';
import { keepStateInFile } from '../state-file.ts';
import { sendStripeError, StripeRequestError } from './stripe-errors.ts';
import { StripeSandboxStore } from './store.ts';

/** The secret key the sandbox accepts unless told otherwise (config/env.ts uses it by default). */
export const SANDBOX_STRIPE_SECRET_KEY = 'sk_test_jiayi_sandbox';
export const SANDBOX_STRIPE_WEBHOOK_SECRET = 'whsec_jiayi_sandbox_webhook_secret';

export interface StripeSandboxOptions {
  logger?: boolean;
  secretKey?: string;
  /** Where events are POSTed (the project's Stripe webhook), and the secret they are signed with. */
  webhookUrl?: string | null;
  webhookSecret?: string;
  /** The origin a browser reaches the sandbox at (hosted pages' URLs); set after listening when unknown. */
  publicUrl?: string;
  /** First retry of an unanswered webhook after this long (doubling); default 1 s. */
  webhookRetryMs?: number;
  /** Keep accounts, customers, payments and the clock in this file between runs. */
  stateFile?: string;
}

export interface StripeSandbox {
  app: FastifyInstance;
  store: StripeSandboxStore;
  context: BillingContext;
}

/**
 * A local stand-in for Stripe: the API paths the project calls (customers, Checkout, subscriptions,
 * invoices, the Customer Portal, Connect accounts), their hosted pages, signed webhooks, a clock a
 * test advances, and fault injection. Point the stripe SDK at it with `{ host, port, protocol }`.
 */
export function buildStripeSandbox(opts: StripeSandboxOptions = {}): StripeSandbox {
  const store = new StripeSandboxStore();
  store.webhook = { url: opts.webhookUrl ?? null, secret: opts.webhookSecret ?? SANDBOX_STRIPE_WEBHOOK_SECRET };
  const context: BillingContext = {
    store,
    publicUrl: opts.publicUrl ?? '',
    delivery: { retryMs: opts.webhookRetryMs ?? 1000, maxAttempts: 5, timeoutMs: 10_000 },
  };
  const app = Fastify({ logger: opts.logger ?? false });

  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof StripeRequestError) return sendStripeError(reply, err.status, err.body);
    const status = err.statusCode ?? 500;
    if (status >= 500) request.log.error(err);
    return sendStripeError(reply, status, {
      type: status >= 500 ? 'api_error' : 'invalid_request_error',
      message: status >= 500 ? 'An unknown error occurred' : err.message,
    });
  });
  app.setNotFoundHandler((request, reply) =>
    sendStripeError(reply, 404, {
      type: 'invalid_request_error',
      message: `Unrecognized request URL (${request.method}: ${request.url.split('?')[0]}).`,
    }),
  );
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.url.startsWith('/v1/')) reply.header('request-id', newRequestId()).header('stripe-version', '2026-11-18.endive');
    return payload;
  });
  registerFormParser(app);
  registerFaultHook(app, store);

  app.register(async (api) => {
    registerApiScope(api, store, opts.secretKey ?? SANDBOX_STRIPE_SECRET_KEY);
    registerCustomerRoutes(api, store);
    registerCheckoutRoutes(api, context);
    registerBillingRoutes(api, context);
    registerConnectRoutes(api, context);
    registerRefundRoutes(api, context);
  });
  registerHostedPages(app, context);
  registerControlRoutes(app, context);
  app.get('/', async (_request, reply) =>
    reply.type('text/html; charset=utf-8').send('<!doctype html><meta charset="utf-8"><title>Stripe 沙盒</title><p>Stripe 沙盒：API 在 /v1，控制在 /_sandbox。</p>'),
  );
  if (opts.stateFile) {
    const state = keepStateInFile(opts.stateFile, store);
    // Every change comes through a request that is not a GET (the API, a hosted page, the clock).
    app.addHook('onResponse', async (request) => {
      if (request.method !== 'GET') state.changed();
    });
    app.addHook('onClose', async () => state.flush());
  }
  app.addHook('preClose', async () => store.releaseHeld());
  return { app, store, context };
}
