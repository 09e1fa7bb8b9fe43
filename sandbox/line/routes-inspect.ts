import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { SandboxStore } from './store.ts';

/** `/_sandbox/*` for tests and the chat page: what was sent and delivered, faults, reset. */

const faultSchema = z.object({
  path: z.string().startsWith('/'),
  mode: z.enum(['hang', 'error500', 'error400', 'error401']),
  count: z.number().int().positive().optional(),
  /** Let this many matching requests through first (e.g. fail the second push, not the first). */
  skip: z.number().int().min(0).optional(),
});

interface ConversationItem {
  from: 'customer' | 'shop';
  kind: string;
  text?: string;
  message: unknown;
  at: string;
}

export function registerInspectRoutes(app: FastifyInstance, store: SandboxStore): void {
  /** What the shop sent, oldest first; `after` (a record's id) gives only what came since, for pollers. */
  app.get<{ Params: { channelId: string }; Querystring: { to?: string; after?: string } }>(
    '/_sandbox/channels/:channelId/sent',
    async (request) => {
      const after = Number(request.query.after ?? 0) || 0;
      const sent = store.sentFor(request.params.channelId, request.query.to);
      return after > 0 ? sent.filter((s) => s.id > after) : sent;
    },
  );

  app.get<{ Params: { channelId: string } }>('/_sandbox/channels/:channelId/deliveries', async (request) =>
    store.deliveriesFor(request.params.channelId),
  );

  /** The 1:1 chat between one user and the shop, oldest first (the chat page polls this). */
  app.get<{ Params: { channelId: string }; Querystring: { userId?: string } }>(
    '/_sandbox/channels/:channelId/conversation',
    async (request, reply) => {
      const { channelId } = request.params;
      const userId = request.query.userId;
      if (!userId) return reply.code(400).send({ message: 'userId is required' });
      const items: ConversationItem[] = [];
      for (const { channelId: ch, event, at } of store.events.values()) {
        const source = event.source as { type?: string; userId?: string } | undefined;
        if (ch !== channelId || event.type !== 'message' || source?.type !== 'user' || source.userId !== userId)
          continue;
        const message = event.message as { type: string; text?: string };
        items.push({
          from: 'customer',
          kind: message.type,
          ...(message.text !== undefined ? { text: message.text } : {}),
          message,
          at,
        });
      }
      for (const s of store.sentFor(channelId, userId)) {
        for (const m of s.messages as { type: string; text?: string }[]) {
          items.push({
            from: 'shop',
            kind: s.kind,
            ...(m.text !== undefined ? { text: m.text } : {}),
            message: m,
            at: s.at,
          });
        }
      }
      return items.sort((a, b) => a.at.localeCompare(b.at));
    },
  );

  app.delete('/_sandbox/reset', async () => {
    store.reset();
    return { ok: true };
  });

  app.post('/_sandbox/faults', async (request, reply) => {
    const parsed = faultSchema.safeParse(request.body);
    if (!parsed.success)
      return reply.code(400).send({ message: 'Invalid fault', issues: z.treeifyError(parsed.error) });
    const { path, mode, count, skip } = parsed.data;
    store.faults.push({ path, mode, remaining: count ?? null, ...(skip ? { skip } : {}) });
    return reply.code(201).send({ faults: store.faults });
  });

  app.get('/_sandbox/faults', async () => ({ faults: store.faults, held: store.held.size }));

  app.get('/_sandbox/faults/held', async () => ({
    held: store.held.size,
    requests: [...store.held].map((h) => ({ path: h.path, at: h.at })),
  }));

  /** Clear every fault; held requests get their sockets destroyed (a network error for the caller). */
  app.delete('/_sandbox/faults', async () => {
    store.faults = [];
    return { released: store.releaseHeld() };
  });
}
