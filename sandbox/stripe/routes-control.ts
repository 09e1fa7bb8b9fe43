import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { payOpenInvoices, runBillingClock, type BillingContext } from './billing-cycle.ts';
import { completeCheckout } from './checkout-completion.ts';
import { completeOnboarding } from './routes-connect.ts';
import { deliver, releaseHeldEvents } from './webhook-delivery.ts';

const faultBody = z.object({
  path: z.string().startsWith('/v1/'),
  mode: z.enum(['error500', 'hang', 'card_declined']),
  count: z.number().int().positive().optional(),
  skip: z.number().int().min(0).optional(),
});
const webhookFaultBody = z.object({
  delayMs: z.number().int().min(0).max(600_000).optional(),
  duplicate: z.number().int().min(0).max(10).optional(),
  hold: z.boolean().optional(),
});
const clockBody = z
  .object({ seconds: z.number().int().min(0).optional(), days: z.number().min(0).optional() })
  .refine((b) => b.seconds !== undefined || b.days !== undefined, 'seconds or days');

/**
 * `/_sandbox/*`: act as Stripe's other side (a person on a hosted page, the passing of time, a
 * card that starts failing) and look at what the project did and was sent.
 */
export function registerControlRoutes(app: FastifyInstance, ctx: BillingContext): void {
  const { store, delivery } = ctx;
  const bad = (message: string) => ({ error: { type: 'invalid_request_error', message } });

  app.get('/_sandbox/clock', async () => ({ now: store.now(), offsetSeconds: store.clockOffsetSeconds }));
  /** Moves the sandbox's time forward and runs every billing step that fell due, in order. */
  app.post('/_sandbox/clock/advance', async (request, reply) => {
    const body = clockBody.safeParse(request.body);
    if (!body.success) return reply.code(400).send(bad('Give seconds or days (≥ 0).'));
    const seconds = body.data.seconds ?? Math.round((body.data.days ?? 0) * 86_400);
    const before = store.events.length;
    // Day by day, so a month's trial reminder, charge and retries happen at their own times.
    for (let left = seconds; left > 0; left -= Math.min(left, 86_400)) {
      store.clockOffsetSeconds += Math.min(left, 86_400);
      runBillingClock(ctx);
    }
    return { now: store.now(), events: store.events.slice(before).map((e) => ({ id: e.id, type: e.type })) };
  });

  app.post<{ Params: { id: string }; Body: { outcome?: 'pay' | 'decline' } }>(
    '/_sandbox/checkout/sessions/:id/complete',
    async (request, reply) => {
      const session = store.sessions.get(request.params.id);
      if (!session) return reply.code(404).send(bad('No such checkout session'));
      const result = completeCheckout(ctx, session, request.body?.outcome === 'decline' ? 'decline' : 'pay');
      return reply.code(result.ok ? 200 : 402).send(result);
    },
  );
  app.get('/_sandbox/checkout/sessions', async () => [...store.sessions.values()]);

  app.post<{ Params: { id: string }; Body: { card?: string } }>('/_sandbox/customers/:id/card', async (request, reply) => {
    const customer = store.customers.get(request.params.id);
    const card = request.body?.card;
    if (!customer) return reply.code(404).send(bad('No such customer'));
    if (card !== 'ok' && card !== 'declines') return reply.code(400).send(bad("card is 'ok' or 'declines'"));
    customer.card = card;
    // A card that works pays what is open, as updating the card in the portal does.
    if (card === 'ok') payOpenInvoices(ctx, customer.id);
    return { id: customer.id, card };
  });
  app.get('/_sandbox/customers', async () => [...store.customers.values()]);
  app.get('/_sandbox/subscriptions', async () => [...store.subscriptions.values()]);
  app.get('/_sandbox/refunds', async () => [...store.refunds.values()]);

  app.post<{ Params: { id: string } }>('/_sandbox/accounts/:id/onboard', async (request, reply) => {
    const account = store.accounts.get(request.params.id);
    if (!account) return reply.code(404).send(bad('No such account'));
    completeOnboarding(ctx, account);
    return account;
  });

  app.get<{ Querystring: { type?: string } }>('/_sandbox/events', async (request) =>
    store.events.filter((e) => !request.query.type || e.type === request.query.type),
  );
  app.get('/_sandbox/deliveries', async () => store.deliveries);
  app.post<{ Params: { id: string } }>('/_sandbox/events/:id/resend', async (request, reply) => {
    const event = store.events.find((e) => e.id === request.params.id);
    if (!event) return reply.code(404).send(bad('No such event'));
    return { status: await deliver(store, delivery, event, 1) };
  });

  app.post<{ Body: { url?: string | null; secret?: string } }>('/_sandbox/webhook', async (request) => {
    if (request.body?.url !== undefined) store.webhook.url = request.body.url;
    if (request.body?.secret !== undefined) store.webhook.secret = request.body.secret;
    return { url: store.webhook.url };
  });
  app.post('/_sandbox/webhook-faults', async (request, reply) => {
    const body = webhookFaultBody.safeParse(request.body);
    if (!body.success) return reply.code(400).send(bad(body.error.message));
    Object.assign(store.webhookFaults, body.data);
    return store.webhookFaults;
  });
  app.post<{ Body: { order?: 'fifo' | 'reverse' } }>('/_sandbox/webhooks/release', async (request) => ({
    released: await releaseHeldEvents(store, delivery, request.body?.order === 'reverse' ? 'reverse' : 'fifo'),
  }));

  app.post('/_sandbox/faults', async (request, reply) => {
    const body = faultBody.safeParse(request.body);
    if (!body.success) return reply.code(400).send(bad(body.error.message));
    store.faults.push({ path: body.data.path, mode: body.data.mode, remaining: body.data.count ?? null, skip: body.data.skip ?? 0 });
    return { faults: store.faults.length };
  });
  app.get('/_sandbox/faults/held', async () => ({ held: store.held.size }));
  app.delete('/_sandbox/faults', async () => {
    store.faults = [];
    store.releaseHeld();
    return { ok: true };
  });
  app.delete('/_sandbox/reset', async () => {
    const webhook = { ...store.webhook };
    store.reset();
    store.webhook = webhook;
    return { ok: true };
  });
}
