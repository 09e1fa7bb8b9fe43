import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseChatCommand } from '../../domain/chat-command.ts';
import { verifyLineSignature } from '../../integrations/line/signature.ts';
import {
  isTextMessageEvent,
  lineWebhookBodySchema,
  type LineWebhookEvent,
} from '../../integrations/line/webhook-schema.ts';
import type { ServerDeps } from '../deps.ts';
import { startChatOrder } from '../start-chat-order.ts';
import type { TenantLineDirectory } from '../tenant-secrets.ts';
import type { TenantLineCredentials } from '../../db/tenants.ts';

const params = z.object({ tenant: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/) });

/**
 * POST /t/:tenant/webhook — LINE's deliveries for one tenant's channel. The signature is
 * checked on the raw bytes with that tenant's channel secret before anything is parsed;
 * every order command is handed to Temporal before we answer, so an answered delivery is
 * never lost, and the workflow ID (from webhookEventId) makes redeliveries harmless.
 */
export async function lineWebhookRoutes(app: FastifyInstance, opts: { deps: ServerDeps; tenants: TenantLineDirectory }) {
  const { deps, tenants } = opts;
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: deps.env.WEBHOOK_BODY_LIMIT }, (_req, body, done) =>
    done(null, body),
  );

  app.post('/t/:tenant/webhook', async (request, reply) => {
    const path = params.safeParse(request.params);
    const tenant = path.success ? await tenants.bySlug(path.data.tenant) : null;
    if (!tenant) return reply.code(404).send({ code: 'unknown_tenant', message: 'No shop with this webhook URL' });

    const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const signature = request.headers['x-line-signature'];
    if (!verifyLineSignature(raw, tenant.channelSecret, typeof signature === 'string' ? signature : undefined)) {
      request.log.warn({ tenantId: tenant.tenantId }, 'webhook signature rejected');
      return reply.code(401).send({ code: 'bad_signature', message: 'X-Line-Signature does not match the channel secret' });
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

    const results = await Promise.all(body.data.events.map((event) => handleEvent(deps, tenant, event)));
    request.log.info({ tenantId: tenant.tenantId, events: body.data.events.length, results }, 'webhook handled');
    return reply.code(200).send({ ok: true });
  });
}

type EventResult = 'ignored' | 'order';

async function handleEvent(deps: ServerDeps, tenant: TenantLineCredentials, event: LineWebhookEvent): Promise<EventResult> {
  // Standby: another channel (a module) is answering this chat; we must stay silent.
  if (event.mode === 'standby') return 'ignored';
  if (!isTextMessageEvent(event)) return 'ignored';
  const userId = event.source?.userId;
  if (!userId) return 'ignored';
  const command = parseChatCommand(event.message.text);
  if (!command || command.kind !== 'order') return 'ignored';
  await startChatOrder(deps.temporal, deps.env.TEMPORAL_TASK_QUEUE, {
    tenantId: tenant.tenantId,
    webhookEventId: event.webhookEventId,
    lineUserId: userId,
    replyToken: event.replyToken ?? null,
    command,
    receivedAtMs: event.timestamp,
    text: event.message.text,
  });
  return 'order';
}
