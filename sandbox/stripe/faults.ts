import type { FastifyInstance } from 'fastify';
import type { StripeSandboxStore } from './store.ts';

/**
 * Fault injection on Stripe's API paths (`/v1/*`):
 * - `error500`: Stripe's 500 `api_error`, without acting (a retry with the same key runs again).
 * - `card_declined`: the 402 `card_error` a charge gets for a declined card.
 * - `hang`: the request is held open until the faults are cleared, then the socket is destroyed.
 * `skip` lets that many matching requests through first; `count` limits how many fail.
 */
export function registerFaultHook(app: FastifyInstance, store: StripeSandboxStore): void {
  app.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?')[0] ?? request.url;
    if (!path.startsWith('/v1/')) return;
    const fault = store.faults.find((f) => matches(f.path, path) && (f.remaining === null || f.remaining > 0));
    if (!fault) return;
    if (fault.skip > 0) {
      fault.skip -= 1;
      return;
    }
    if (fault.remaining !== null) fault.remaining -= 1;
    if (fault.mode === 'error500') {
      return reply.code(500).type('application/json').send({
        error: { type: 'api_error', message: 'An unknown error occurred' },
      });
    }
    if (fault.mode === 'card_declined') {
      return reply.code(402).type('application/json').send({
        error: { type: 'card_error', code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined.' },
      });
    }
    reply.hijack();
    const socket = request.raw.socket;
    const held = { path, socket, at: new Date().toISOString() };
    store.held.add(held);
    socket.once('close', () => store.held.delete(held));
    return reply;
  });
}

/** A fault's path may end in `*` to match every path under it. */
function matches(pattern: string, path: string): boolean {
  return pattern.endsWith('*') ? path.startsWith(pattern.slice(0, -1)) : pattern === path;
}
