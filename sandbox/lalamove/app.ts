import Fastify, { type FastifyInstance } from 'fastify';
import { sendLalamoveError } from './errors.ts';
import { registerPage } from './page.ts';
import { registerApiRoutes } from './routes-api.ts';
import { registerControlRoutes } from './routes-control.ts';
import { LalamoveSandboxStore } from './store.ts';

export interface LalamoveSandbox {
  app: FastifyInstance;
  store: LalamoveSandboxStore;
}

/**
 * A local stand-in for Lalamove API v3 (market TW): signed requests, quotations that expire,
 * orders a person or a test moves through a driver's steps (a page at `/`, the control API under
 * `/_sandbox`), signed webhooks to each account's URL, and faults on the API paths (a timeout
 * after a booking was taken, no answer, 429, 500).
 */
export function buildLalamoveSandbox(opts: { logger?: boolean } = {}): LalamoveSandbox {
  const store = new LalamoveSandboxStore();
  const app = Fastify({ logger: opts.logger ?? false });
  // The API's bodies are signed as sent: kept as text, parsed by the routes.
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (String(request.url).startsWith('/v3/')) return done(null, body);
    try {
      done(null, body === '' ? {} : JSON.parse(String(body)));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) =>
    done(null, Object.fromEntries(new URLSearchParams(String(body)))),
  );
  app.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    // A booking's faults are taken in its route (a timeout comes after the booking is made).
    if (!path.startsWith('/v3/') || (request.method === 'POST' && path === '/v3/orders')) return;
    const fault = store.takeFault(request.method, path);
    if (!fault) return;
    if (fault.mode === '429') return sendLalamoveError(reply, 429, 'ERR_TOO_MANY_REQUESTS', 'Too many requests');
    if (fault.mode === '500') return sendLalamoveError(reply, 500, 'ERR_INTERNAL', 'Internal server error');
    reply.hijack();
    return reply;
  });
  registerApiRoutes(app, store);
  registerControlRoutes(app, store);
  registerPage(app, store);
  app.addHook('onClose', async () => store.clearTimers());
  return { app, store };
}
