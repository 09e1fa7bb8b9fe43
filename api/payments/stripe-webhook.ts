import type { FastifyInstance } from 'fastify';
import { storeStripeEvent } from '../../db/payments/stripe-inbox.ts';
import { verifyStripeWebhook } from '../../integrations/stripe/webhook.ts';
import type { ServerDeps } from '../deps.ts';
import type { StripeInboxDispatcher } from './stripe-inbox.ts';

/** Stripe's own limit is far below this; a bigger body is not Stripe's. */
const BODY_LIMIT = 512 * 1024;

/**
 * POST /webhooks/stripe — Stripe's deliveries, Jiayi's own billing and its shops' Connect
 * accounts alike. The signature is checked on the raw bytes before anything is believed
 * (401, nothing stored); the event is stored once by its ID before Stripe gets its 200, and
 * dispatched from the inbox (stripe-inbox.ts), so nothing answered is lost and a redelivery does
 * nothing. Events no handler knows are stored and acknowledged.
 */
export async function stripeWebhookRoutes(
  app: FastifyInstance,
  opts: { deps: ServerDeps; secret: string; inbox: StripeInboxDispatcher },
) {
  const { deps, secret, inbox } = opts;
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: BODY_LIMIT }, (_req, body, done) => done(null, body));

  app.post(
    '/webhooks/stripe',
    {
      config: {
        csrf: false,
        doc: {
          summary: 'Stripe webhook (billing and Connect)',
          description: 'Verified by Stripe-Signature over the raw body; stored once by event ID, then answered 200.',
          body: { contentType: 'application/json', description: "Stripe's event, exactly as signed" },
          tag: 'payments',
        },
      },
    },
    async (request, reply) => {
      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const signature = request.headers['stripe-signature'];
      const verified = verifyStripeWebhook(raw, typeof signature === 'string' ? signature : undefined, secret);
      if (!verified.ok) {
        if (verified.reason === 'bad_signature') {
          request.log.warn('Stripe webhook signature rejected');
          return reply
            .code(401)
            .send({ code: 'bad_signature', message: 'Stripe-Signature does not match the signing secret' });
        }
        return reply.code(400).send({ code: 'invalid_payload', message: verified.message });
      }
      const { event } = verified;
      const stored = await storeStripeEvent(deps.db, {
        id: event.id,
        type: event.type,
        account: event.account ?? null,
        payload: JSON.parse(raw.toString('utf8')) as unknown,
      });
      if (stored) inbox.wake();
      request.log.info({ eventId: event.id, type: event.type, stored }, 'Stripe event received');
      return reply.code(200).send({ received: true, duplicate: !stored });
    },
  );
}
