import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { storeDeliveryEvent } from '../../db/delivery/inbox.ts';
import { deliveryCredentials, recordDeliveryEvent } from '../../db/delivery/settings.ts';
import {
  lalamoveEventDataSchema,
  lalamoveWebhookSchema,
  lalamoveWebhookSignatureMatches,
} from '../../integrations/lalamove/webhook.ts';
import type { ServerDeps } from '../deps.ts';
import { deliveryWebhookPath } from './settings.ts';

/** Lalamove's events are small; a bigger body is not Lalamove's. */
const BODY_LIMIT = 64 * 1024;
const params = z.object({ settingsId: z.uuid() });

/**
 * POST /webhooks/lalamove/:settingsId — the URL each branch's settings give Lalamove. The raw
 * body is parsed and its signature (inside the body, over `data`, with the branch's API secret)
 * checked before anything is believed: 401 and nothing stored. An event about an order is stored
 * once by eventId before Lalamove gets its 200, then dispatched from the inbox, so a redelivery
 * does nothing. Lalamove's first call has no body and is answered 200, as its guide asks.
 */
export async function deliveryWebhookRoutes(app: FastifyInstance, opts: { deps: ServerDeps; wake: () => void }) {
  const { deps, wake } = opts;
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: BODY_LIMIT }, (_req, body, done) => done(null, body));

  app.post(
    '/webhooks/lalamove/:settingsId',
    {
      config: {
        csrf: false,
        doc: {
          summary: 'Lalamove webhook (ORDER_STATUS_CHANGED, DRIVER_ASSIGNED, ORDER_AMOUNT_CHANGED…)',
          description: 'Verified by the signature in the body (HMAC over the data with the API secret); stored once by eventId, then answered 200.',
          params,
          body: { contentType: 'application/json', description: "Lalamove's event, exactly as signed" },
          tag: 'delivery',
        },
      },
    },
    async (request, reply) => {
      const parsedParams = params.safeParse(request.params);
      const settings = parsedParams.success ? await deliveryCredentials(deps.db, deps.secrets, { id: parsedParams.data.settingsId }) : null;
      if (!settings) return reply.code(404).send({ code: 'not_found', message: 'No delivery partner here' });
      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      if (raw.length === 0) return reply.code(200).send();
      let body: unknown;
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        return reply.code(400).send({ code: 'invalid_payload', message: 'The body is not JSON' });
      }
      const event = lalamoveWebhookSchema.safeParse(body);
      const signed =
        event.success &&
        lalamoveWebhookSignatureMatches(event.data, deliveryWebhookPath(settings.id), settings.apiKey, settings.apiSecret);
      if (!event.success || !signed) {
        request.log.warn({ settingsId: settings.id }, 'Lalamove webhook signature rejected');
        return reply.code(401).send({ code: 'bad_signature', message: 'The signature does not match the API secret' });
      }
      await recordDeliveryEvent(deps.db, settings.id);
      const data = lalamoveEventDataSchema.safeParse(event.data.data);
      // Events about no order (the wallet, a test call) are acknowledged and not kept.
      if (!data.success) return reply.code(200).send();
      const stored = await storeDeliveryEvent(deps.db, {
        eventId: event.data.eventId,
        eventType: event.data.eventType,
        settingsId: settings.id,
        tenantId: settings.tenantId,
        partnerOrderId: data.data.order.orderId,
        payload: body,
      });
      if (stored) wake();
      return reply.code(200).send();
    },
  );
}
