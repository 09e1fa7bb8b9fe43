import Fastify, { type FastifyInstance } from 'fastify';
import { registerApiRoutes } from './routes-api.ts';
import { registerControlRoutes } from './routes-control.ts';
import { UberEatsSandboxStore } from './store.ts';

export interface UberEatsSandbox {
  app: FastifyInstance;
  store: UberEatsSandboxStore;
}

/**
 * A local stand-in for Uber Eats: the Marketplace API paths Jiayi calls, signed webhooks to each
 * store's URL, Uber's own 11.5-minute cancel of an order nobody accepted, a control API under
 * `/_sandbox`, and fault injection (`error500`, `hang`) on the API paths.
 */
export function buildUberEatsSandbox(opts: { logger?: boolean; publicUrl?: () => string } = {}): UberEatsSandbox {
  const store = new UberEatsSandboxStore();
  const app = Fastify({ logger: opts.logger ?? false });
  // The token endpoint takes a form, as OAuth's does.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) =>
    done(null, Object.fromEntries(new URLSearchParams(String(body)))),
  );
  app.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    if (!path.startsWith('/v1/') && !path.startsWith('/v2/') && !path.startsWith('/oauth/')) return;
    const fault = store.faults.find((f) => matches(f.path, path) && (f.remaining === null || f.remaining > 0));
    if (!fault) return;
    if (fault.remaining !== null) fault.remaining -= 1;
    if (fault.mode === 'error500')
      return reply.code(500).type('application/json').send({ code: 'internal_server_error', message: 'Internal server error.' });
    reply.hijack();
    return reply;
  });
  const baseUrl = opts.publicUrl ?? (() => {
    const address = app.server.address();
    return typeof address === 'object' && address ? `http://127.0.0.1:${address.port}` : '';
  });
  registerApiRoutes(app, store);
  registerControlRoutes(app, store, baseUrl);
  app.get('/', async (_request, reply) =>
    reply.type('text/html; charset=utf-8').send('<!doctype html><meta charset="utf-8"><title>Uber Eats 沙盒</title><p>Uber Eats 沙盒：API 在 /v1、/v2、/oauth，控制在 /_sandbox。</p>'),
  );
  app.addHook('onClose', async () => store.clearTimers());
  return { app, store };
}

/** A fault's path may end in `*` to match every path under it. */
function matches(pattern: string, path: string): boolean {
  return pattern.endsWith('*') ? path.startsWith(pattern.slice(0, -1)) : pattern === path;
}
