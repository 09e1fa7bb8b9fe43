import type { FastifyInstance } from 'fastify';
import { MSG } from './line-errors.ts';
import type { SandboxStore } from './store.ts';

/**
 * Fault injection on the LINE API paths (never on `/_sandbox/*`):
 * - `error500`: answer 500 without acting (LINE did nothing).
 * - `error400`: answer LINE's 400 for a destination it will never deliver to (an invalid `to`).
 * - `error401`: answer LINE's 401 for a channel token that was revoked.
 * - `hang`: hold the request open without acting until the faults are cleared, then destroy the
 *   socket: the caller gets a network error and LINE never got the message.
 * `skip` lets that many matching requests through before the fault starts.
 */
export function registerFaultHook(app: FastifyInstance, store: SandboxStore): void {
  app.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?')[0] ?? request.url;
    if (path.startsWith('/_sandbox')) return;
    const fault = store.faults.find((f) => f.path === path && (f.remaining === null || f.remaining > 0));
    if (!fault) return;
    if (fault.skip) {
      fault.skip -= 1;
      return;
    }
    if (fault.remaining !== null) fault.remaining -= 1;

    if (fault.mode === 'error500') {
      return reply.code(500).type('application/json').send({ message: MSG.serverError });
    }
    if (fault.mode === 'error400') return reply.code(400).type('application/json').send({ message: MSG.invalidTo });
    if (fault.mode === 'error401') return reply.code(401).type('application/json').send({ message: MSG.authFailed });
    reply.hijack();
    const socket = request.raw.socket;
    const held = { path, socket, at: new Date().toISOString() };
    store.held.add(held);
    socket.once('close', () => store.held.delete(held));
    return reply;
  });
}
