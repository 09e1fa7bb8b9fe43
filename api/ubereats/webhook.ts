import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { recordUberEatsEvent, uberEatsCredentials } from '../../db/ubereats/connections.ts';
import { storeUberEatsEvent } from '../../db/ubereats/inbox.ts';
import { uberSignatureMatches, uberWebhookSchema } from '../../integrations/ubereats/webhook.ts';
import type { ServerDeps } from '../deps.ts';

/** Uber's events are small; a bigger body is not Uber's. */
const BODY_LIMIT = 64 * 1024;
const params = z.object({ connectionId: z.uuid() });

/**
 * POST /webhooks/ubereats/:connectionId — the URL each connection gives Uber. The signature
 * (X-Uber-Signature, with the connection's client secret) is checked on the raw bytes before
 * anything is believed: 401 and nothing stored. The event is stored once by event_id before
 * Uber gets its empty 200, and dispatched from the inbox, so a redelivery does nothing.
 */
export async function uberEatsWebhookRoutes(app: FastifyInstance, opts: { deps: ServerDeps; wake: () => void }) {
  const { deps, wake } = opts;
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: BODY_LIMIT }, (_req, body, done) => done(null, body));

  app.post(
    '/webhooks/ubereats/:connectionId',
    {
      config: {
        csrf: false,
        doc: {
          summary: 'Uber Eats webhook (orders.notification, orders.cancel, scheduled orders)',
          description: 'Verified by X-Uber-Signature over the raw body; stored once by event_id, then answered 200.',
          params,
          body: { contentType: 'application/json', description: "Uber's event, exactly as signed" },
          tag: 'ubereats',
        },
      },
    },
    async (request, reply) => {
      const parsedParams = params.safeParse(request.params);
      const connection = parsedParams.success
        ? await uberEatsCredentials(deps.db, deps.secrets, { id: parsedParams.data.connectionId })
        : null;
      if (!connection) return reply.code(404).send({ code: 'not_found', message: 'No Uber Eats connection here' });
      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const signature = request.headers['x-uber-signature'];
      if (!uberSignatureMatches(raw, typeof signature === 'string' ? signature : undefined, connection.clientSecret)) {
        request.log.warn({ connectionId: connection.id }, 'Uber Eats webhook signature rejected');
        return reply
          .code(401)
          .send({ code: 'bad_signature', message: 'X-Uber-Signature does not match the client secret' });
      }
      let body: unknown;
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        return reply.code(400).send({ code: 'invalid_payload', message: 'The body is not JSON' });
      }
      const event = uberWebhookSchema.safeParse(body);
      if (!event.success)
        return reply.code(400).send({ code: 'invalid_payload', message: z.prettifyError(event.error) });
      const stored = await storeUberEatsEvent(deps.db, {
        eventId: event.data.event_id,
        eventType: event.data.event_type,
        connectionId: connection.id,
        tenantId: connection.tenantId,
        resourceId: event.data.meta.resource_id,
        payload: body,
      });
      await recordUberEatsEvent(deps.db, connection.id);
      if (stored) wake();
      return reply.code(200).send();
    },
  );
}
