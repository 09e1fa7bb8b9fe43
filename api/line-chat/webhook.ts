import type { FastifyInstance } from 'fastify';
import { verifyLineSignature } from '../../integrations/line/signature.ts';
import {
  parseLineWebhookBody,
  type ParseLineWebhookFailure,
  type RefusedLineEvent,
} from '../../integrations/line/webhook-schema.ts';
import type { ServerDeps } from '../deps.ts';
import { tenantParams } from '../tenant-scope.ts';
import { createLineEventStore, type LineInboxDispatcher } from './inbox.ts';
import type { TenantLineDirectory } from './tenant-secrets.ts';
import { createWebhookBudget } from './webhook-budget.ts';

/** Problems named in an answer or a log line; the rest are only counted. */
const PROBLEMS_SHOWN = 5;

/** What a delivery that could not be parsed gets. */
const UNPARSED: Record<ParseLineWebhookFailure, { status: number; code: string }> = {
  invalid_json: { status: 400, code: 'malformed_json' },
  invalid_shape: { status: 400, code: 'invalid_payload' },
  too_many_events: { status: 413, code: 'too_many_events' },
  too_many_values: { status: 413, code: 'too_many_values' },
};

const firstProblems = (refused: RefusedLineEvent[]) => refused.flatMap((r) => r.issues).slice(0, PROBLEMS_SHOWN);

/**
 * POST /t/:tenant/webhook — LINE's deliveries for one tenant's channel. The signature is
 * checked on the raw bytes with that tenant's channel secret before anything is parsed;
 * the events are stored in PostgreSQL (api/line-chat/inbox.ts) before we answer, so LINE gets
 * its 200 in milliseconds even while Temporal is busy, and nothing answered is ever lost.
 * Redeliveries are dropped by the inbox's unique key and, after it, by workflow IDs.
 *
 * Any shop can sign whatever it likes with its own secret, so what one delivery may cost is
 * bounded (webhook-schema.ts: events, depth, values; answers name a few problems only) and
 * each shop gets a share of this process's time (webhook-budget.ts).
 */
export async function lineWebhookRoutes(
  app: FastifyInstance,
  opts: { deps: ServerDeps; tenants: TenantLineDirectory; inbox: Pick<LineInboxDispatcher, 'wake'> },
) {
  const { deps, tenants, inbox } = opts;
  const budget = createWebhookBudget();
  const inboxStore = createLineEventStore(deps.db);
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: deps.env.WEBHOOK_BODY_LIMIT }, (_req, body, done) =>
    done(null, body),
  );

  app.post(
    '/t/:tenant/webhook',
    {
      config: {
        doc: {
          summary: 'LINE Messaging API webhook of a shop',
          description: 'Verified by X-Line-Signature over the raw body; stored, then answered 200 at once.',
          body: { contentType: 'application/json', description: "LINE's webhook body, exactly as signed" },
          tag: 'line-chat',
        },
      },
    },
    async (request, reply) => {
      const path = tenantParams.safeParse(request.params);
      const tenant = path.success ? await tenants.bySlug(path.data.tenant) : null;
      if (!tenant) return reply.code(404).send({ code: 'unknown_tenant', message: 'No shop with this webhook URL' });
      const { tenantId } = tenant;

      const started = performance.now();
      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const signature = request.headers['x-line-signature'];
      if (!verifyLineSignature(raw, tenant.channelSecret, typeof signature === 'string' ? signature : undefined)) {
        request.log.warn({ tenantId }, 'webhook signature rejected');
        return reply
          .code(401)
          .send({ code: 'bad_signature', message: 'X-Line-Signature does not match the channel secret' });
      }
      // After the signature, so that nobody but the shop (and LINE) can spend its share.
      const retryAfter = budget.retryAfterSeconds(tenantId);
      if (retryAfter > 0) {
        request.log.warn({ tenantId }, 'webhook over its share; answered 429');
        return reply
          .code(429)
          .header('retry-after', String(retryAfter))
          .send({ code: 'rate_limited', message: 'Too much webhook work for this shop; retry later' });
      }

      const parsed = parseLineWebhookBody(raw);
      // Charged here: what a delivery costs is its parsing and validation (the insert is I/O).
      budget.charge(tenantId, performance.now() - started);
      if (!parsed.ok) {
        const { status, code } = UNPARSED[parsed.reason];
        return reply.code(status).send({ code, message: parsed.issues.join('\n'), problems: parsed.issues });
      }

      const { events } = parsed.body;
      const refused = parsed.refused.length;
      if (refused > 0) {
        request.log.warn({ tenantId, refused, problems: firstProblems(parsed.refused) }, 'webhook events refused');
      }
      if (events.length === 0 && refused > 0) {
        // Nothing of it can be stored, and a redelivery would be refused just the same.
        return reply.code(400).send({
          code: 'invalid_events',
          message: `None of the ${refused} events is a LINE webhook event`,
          problems: firstProblems(parsed.refused),
        });
      }

      // Stored before we answer, so an answered delivery is never lost; handled right after.
      const stored = await inboxStore.store(tenantId, events);
      if (stored > 0) inbox.wake();
      request.log.info({ tenantId, events: events.length, stored, refused }, 'webhook stored');
      // 200 even when some events were refused: the good ones are stored, and a non-2xx would
      // only make LINE redeliver the whole delivery, whose refused events would fail again.
      return reply
        .code(200)
        .send(
          refused > 0 ? { ok: true, stored, refused, problems: firstProblems(parsed.refused) } : { ok: true, stored },
        );
    },
  );
}
