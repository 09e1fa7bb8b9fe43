import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { parseStripeForm } from './form-body.ts';
import { sendStripeError, StripeRequestError } from './stripe-errors.ts';
import type { SandboxAccount, StripeSandboxStore } from './store.ts';

const rawBodies = new WeakMap<FastifyRequest, string>();

/** Form bodies (the API's and the hosted pages'), parsed with Stripe's brackets; the raw text kept. */
export function registerFormParser(app: FastifyInstance): void {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (request, body, done) => {
    rawBodies.set(request, String(body));
    done(null, parseStripeForm(String(body)));
  });
}

/**
 * What applies to every `/v1/*` request, as on api.stripe.com: the secret key (401 otherwise),
 * the form-encoded body, `Stripe-Account` for calls made on a connected account, and
 * `Idempotency-Key`: the same key with the same request answers the first result again
 * (`Idempotent-Replayed: true`), with another request answers 400 idempotency_error.
 * Server errors are not kept, so a retry after a 500 runs again, as Stripe does.
 */
export function registerApiScope(api: FastifyInstance, store: StripeSandboxStore, secretKey: string): void {
  api.addHook('onRequest', async (request, reply) => {
    const auth = request.headers.authorization ?? '';
    const key = auth.startsWith('Bearer ') ? auth.slice(7) : '';
    if (key !== secretKey) {
      const shown = key ? `${key.slice(0, 8)}${'*'.repeat(Math.max(0, key.length - 12))}${key.slice(-4)}` : '';
      return sendStripeError(reply, 401, {
        type: 'invalid_request_error',
        message: key ? `Invalid API Key provided: ${shown}` : 'You did not provide an API key.',
      });
    }
  });

  api.addHook('preHandler', async (request, reply) => {
    const key = request.headers['idempotency-key'];
    if (request.method !== 'POST' || typeof key !== 'string') return;
    const saved = store.idempotency.get(idempotencyScope(request, key));
    if (!saved) return;
    if (saved.fingerprint !== fingerprint(request)) {
      return sendStripeError(reply, 400, {
        type: 'idempotency_error',
        message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
      });
    }
    return reply.code(saved.status).header('idempotent-replayed', 'true').send(saved.body);
  });

  api.addHook('onSend', async (request, reply, payload) => {
    const key = request.headers['idempotency-key'];
    if (request.method !== 'POST' || typeof key !== 'string' || reply.getHeader('idempotent-replayed')) return payload;
    if (reply.statusCode >= 500 || reply.statusCode === 401) return payload;
    if (typeof payload === 'string') {
      store.idempotency.set(idempotencyScope(request, key), {
        fingerprint: fingerprint(request),
        status: reply.statusCode,
        body: JSON.parse(payload) as unknown,
      });
    }
    return payload;
  });
}

const idempotencyScope = (request: FastifyRequest, key: string) => `${String(request.headers['stripe-account'] ?? '')}|${key}`;

function fingerprint(request: FastifyRequest): string {
  const path = request.url.split('?')[0];
  return createHash('sha256').update(`${request.method} ${path}\n${rawBodies.get(request) ?? ''}`).digest('hex');
}

/** The connected account named by `Stripe-Account`, or null for the platform's own. */
export function connectedAccount(request: FastifyRequest, store: StripeSandboxStore): SandboxAccount | null {
  const id = request.headers['stripe-account'];
  if (typeof id !== 'string' || id === '') return null;
  const account = store.accounts.get(id);
  if (!account) {
    throw new StripeRequestError(403, {
      type: 'invalid_request_error',
      code: 'account_invalid',
      message: `The provided key does not have access to account '${id}' (or that account does not exist).`,
    });
  }
  return account;
}
