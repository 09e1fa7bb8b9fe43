import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { verifyLineSignature } from '../../integrations/line/signature.ts';
import { lineWebhookBodySchema } from '../../integrations/line/webhook-schema.ts';
import type { ServerDeps } from '../deps.ts';
import { tenantParams } from '../tenant-scope.ts';
import { storeLineEvents, type LineInboxDispatcher } from './inbox.ts';
import type { TenantLineDirectory } from './tenant-secrets.ts';

/**
 * POST /t/:tenant/webhook — LINE's deliveries for one tenant's channel. The signature is
 * checked on the raw bytes with that tenant's channel secret before anything is parsed;
 * the events are stored in PostgreSQL (api/line-chat/inbox.ts) before we answer, so LINE gets
 * its 200 in milliseconds even while Temporal is busy, and nothing answered is ever lost.
 * Redeliveries are dropped by the inbox's unique key and, after it, by workflow IDs.
 */
export async function lineWebhookRoutes(
  app: FastifyInstance,
  opts: { deps: ServerDeps; tenants: TenantLineDirectory; inbox: LineInboxDispatcher },
) {
  const { deps, tenants, inbox } = opts;
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: deps.env.WEBHOOK_BODY_LIMIT }, (_req, body, done) =>
    done(null, body),
  );

  app.post('/t/:tenant/webhook', async (request, reply) => {
    const path = tenantParams.safeParse(request.params);
    const tenant = path.success ? await tenants.bySlug(path.data.tenant) : null;
    if (!tenant) return reply.code(404).send({ code: 'unknown_tenant', message: 'No shop with this webhook URL' });

    const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const signature = request.headers['x-line-signature'];
    if (!verifyLineSignature(raw, tenant.channelSecret, typeof signature === 'string' ? signature : undefined)) {
      request.log.warn({ tenantId: tenant.tenantId }, 'webhook signature rejected');
      return reply
        .code(401)
        .send({ code: 'bad_signature', message: 'X-Line-Signature does not match the channel secret' });
    }

    let json: unknown;
    try {
      json = JSON.parse(raw.toString('utf8'));
    } catch {
      return reply.code(400).send({ code: 'malformed_json', message: 'Body is not JSON' });
    }
    const body = lineWebhookBodySchema.safeParse(json);
    if (!body.success) {
      return reply.code(400).send({ code: 'invalid_payload', message: z.prettifyError(body.error) });
    }

    // Stored before we answer, so an answered delivery is never lost; handled right after.
    const stored = await storeLineEvents(deps.db, tenant.tenantId, body.data.events);
    if (stored > 0) inbox.wake();
    request.log.info({ tenantId: tenant.tenantId, events: body.data.events.length, stored }, 'webhook stored');
    return reply.code(200).send({ ok: true });
  });
}
