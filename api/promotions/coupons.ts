import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { writeAudit } from '../../db/audit-log.ts';
import { listTags } from '../../db/members/tags.ts';
import {
  audienceCounts,
  createIssueRun,
  findIssueRun,
  findShopCoupon,
  issueProgress,
  resolveAudience,
} from '../../db/promotions/coupon-issues.ts';
import { createCoupon, listCoupons, updateCoupon } from '../../db/promotions/coupons.ts';
import { discountScopeChoices } from '../../db/promotions/promotions.ts';
import { fieldErrors } from '../../domain/form-errors.ts';
import { couponInputSchema } from '../../domain/promotions/coupons.ts';
import {
  AUDIENCE_LIST_MAX_LINES,
  audienceKindOf,
  issueAudienceSchema,
  issuePreviewOf,
  lineSendRefusal,
  type IssueAudience,
} from '../../domain/promotions/manual-issue.ts';
import { couponIssueWorkflowId } from '../../domain/workflow-ids.ts';
import { TenantId } from '../../temporal/search-attributes.ts';
import type { CouponIssueInput, couponIssueWorkflow } from '../../workflows/promotions/coupon-issue.ts';
import type { ServerDeps } from '../deps.ts';
import { serverLineClients } from '../line-clients.ts';
import { requirePage, tenantAuth } from '../plugins/auth.ts';
import { auditEntry } from '../team/auth/audit.ts';

/** The shop has no LINE channel: the preview says so instead of failing. */
class LineNotConnected extends Error {}

const couponParams = z.object({ couponId: z.uuid() });
const issueParams = couponParams.extend({ requestId: z.uuid() });
const previewBody = z.object({ audience: issueAudienceSchema });
const issueBody = z.object({
  /** One per tap of 發券: a repeated request issues and sends nothing twice. */
  requestId: z.uuid({ error: '缺少發券識別碼，請重新整理後再試' }),
  audience: issueAudienceSchema,
  /** Send each newly issued member the coupon card on LINE (default); false: issue only. */
  sendLine: z.boolean().default(true),
});
/** A pasted or uploaded list may be long (AUDIENCE_LIST_MAX_LINES lines). */
const AUDIENCE_BODY_LIMIT = 2 * 1_048_576;
const NOT_FOUND = { code: 'not_found', message: '找不到這張優惠券' } as const;
const RUN_NOT_FOUND = { code: 'not_found', message: '找不到這次發券' } as const;
const AUDIENCE_PROBLEMS = {
  unknown_tag: '找不到這個標籤，請重新整理後再選',
  list_too_long: `名單太長，一次最多 ${AUDIENCE_LIST_MAX_LINES} 行；更多請分批上傳或用標籤`,
} as const;
const QUOTA_UNREADABLE = '目前無法向 LINE 確認本月的訊息額度，請稍後再試，或選擇只發券不傳訊息';
const invalid = (error: z.ZodError) => ({
  code: 'invalid_body',
  message: error.issues[0]?.message ?? '內容不正確',
  fields: fieldErrors(error),
});

/**
 * 優惠券管理 (the customers area):
 * - GET /coupons — every coupon with how many were issued and used, what one may name, and the
 *   member tags to issue to; POST /coupons.
 * - POST /coupons/:couponId/issue/preview {audience} — before 手動發券: the shop's members in the
 *   audience (chosen members, a tag, everyone, or an uploaded list whose unknown lines come back),
 *   who already holds the coupon (skipped), who LINE can reach, and the month's LINE quota left.
 * - POST /coupons/:couponId/issue {requestId, audience, sendLine} — 手動發券 as the workflow
 *   coupon-issue:<tenant>:<coupon>:<request>: each member gets the coupon once and its card on
 *   LINE once per requestId; refused (409, nothing issued) when the cards would not fit in the
 *   month's quota or LINE is not connected, unless sendLine is false. 202 with the run's progress.
 * - GET /coupons/:couponId/issues/:requestId — that progress (issued; cards sent of total).
 */
export async function couponRoutes(app: FastifyInstance, opts: { deps: ServerDeps }) {
  const { db, temporal, env } = opts.deps;
  const lineClientFor = serverLineClients(opts.deps, () => new LineNotConnected());
  const view = requirePage(['promotions/coupons', 'promotions/campaigns', 'members'], 'view');
  const manage = requirePage('promotions/coupons', 'manage');

  app.get(
    '/coupons',
    { preHandler: view, config: { doc: { summary: '優惠券: every coupon with its issued and used counts' } } },
    async (request, reply) => {
      const { tenant } = tenantAuth(request);
      const [coupons, choices, tags] = await Promise.all([
        listCoupons(db, tenant.id),
        discountScopeChoices(db, tenant.id),
        listTags(db, tenant.id),
      ]);
      return reply.header('cache-control', 'no-store').send({
        coupons,
        choices,
        tags: tags.map((t) => ({ id: t.id, name: t.name, members: t.members })),
        members: await db.member.count({ where: { tenantId: tenant.id } }),
      });
    },
  );

  app.post(
    '/coupons',
    { preHandler: manage, config: { doc: { summary: 'A new coupon', body: couponInputSchema } } },
    async (request, reply) => {
      const { tenant } = tenantAuth(request);
      const body = couponInputSchema.safeParse(request.body);
      if (!body.success) return reply.code(400).send(invalid(body.error));
      return reply.code(201).send(await createCoupon(db, tenant.id, body.data));
    },
  );

  app.put(
    '/coupons/:couponId',
    {
      preHandler: manage,
      config: { doc: { summary: 'Change a coupon', body: couponInputSchema, params: couponParams } },
    },
    async (request, reply) => {
      const { tenant } = tenantAuth(request);
      const path = couponParams.safeParse(request.params);
      if (!path.success) return reply.code(404).send(NOT_FOUND);
      const body = couponInputSchema.safeParse(request.body);
      if (!body.success) return reply.code(400).send(invalid(body.error));
      const updated = await updateCoupon(db, tenant.id, path.data.couponId, body.data);
      return updated ?? reply.code(404).send(NOT_FOUND);
    },
  );
  /** The audience in this shop and what sending to it means now: members, holders, LINE reach, the month's quota. */
  async function previewOf(tenantId: string, couponId: string, audience: IssueAudience, exceptRequest?: string) {
    const resolved = await resolveAudience(db, tenantId, audience);
    if (!resolved.ok) return resolved;
    const counts = await audienceCounts(db, {
      tenantId,
      couponId,
      memberIds: resolved.memberIds,
      now: new Date(),
      ...(exceptRequest ? { exceptRequest } : {}),
    });
    let quota: { limit: number | null; used: number } | null = null;
    let lineConnected = true;
    let quotaUnreadable = false;
    try {
      quota = await (await lineClientFor(tenantId)).getMessageQuota();
    } catch (error) {
      if (error instanceof LineNotConnected) lineConnected = false;
      else quotaUnreadable = true;
    }
    const preview = issuePreviewOf({ ...counts, lineConnected, quota });
    const lineProblem = quotaUnreadable ? QUOTA_UNREADABLE : lineSendRefusal(preview);
    return { ok: true as const, memberIds: resolved.memberIds, unknown: resolved.unknown, preview, lineProblem };
  }

  app.post(
    '/coupons/:couponId/issue/preview',
    {
      preHandler: manage,
      bodyLimit: AUDIENCE_BODY_LIMIT,
      config: {
        doc: {
          summary: '手動發券 preview: members, holders skipped, LINE reach and quota, unknown list lines',
          body: previewBody,
          params: couponParams,
        },
      },
    },
    async (request, reply) => {
      const { tenant } = tenantAuth(request);
      const path = couponParams.safeParse(request.params);
      if (!path.success || !(await findShopCoupon(db, tenant.id, path.data.couponId)))
        return reply.code(404).send(NOT_FOUND);
      const body = previewBody.safeParse(request.body);
      if (!body.success) return reply.code(400).send(invalid(body.error));
      const result = await previewOf(tenant.id, path.data.couponId, body.data.audience);
      if (!result.ok) return reply.code(400).send({ code: result.code, message: AUDIENCE_PROBLEMS[result.code] });
      return { preview: result.preview, unknown: result.unknown, lineProblem: result.lineProblem };
    },
  );

  app.post(
    '/coupons/:couponId/issue',
    {
      preHandler: manage,
      bodyLimit: AUDIENCE_BODY_LIMIT,
      config: {
        doc: {
          summary: '手動發券: issue a coupon to members and send them its card on LINE (a workflow; poll its progress)',
          body: issueBody,
          params: couponParams,
        },
      },
    },
    async (request, reply) => {
      const { tenant, member } = tenantAuth(request);
      const path = couponParams.safeParse(request.params);
      if (!path.success) return reply.code(404).send(NOT_FOUND);
      const body = issueBody.safeParse(request.body);
      if (!body.success) return reply.code(400).send(invalid(body.error));
      const couponId = path.data.couponId;
      if (!(await findShopCoupon(db, tenant.id, couponId))) return reply.code(404).send(NOT_FOUND);
      const { requestId, audience, sendLine } = body.data;

      // The same request again (a double tap, a retried call): its run as it stands, nothing more.
      const existing = await findIssueRun(db, tenant.id, requestId);
      if (existing) {
        if (existing.couponId !== couponId)
          return reply.code(409).send({ code: 'request_reused', message: '這個發券識別碼已經用過，請重新整理後再試' });
        await startRun(tenant.id, couponId, existing.id, requestId);
        return { progress: await issueProgress(db, tenant.id, requestId), unknown: null };
      }

      const result = await previewOf(tenant.id, couponId, audience);
      if (!result.ok) return reply.code(400).send({ code: result.code, message: AUDIENCE_PROBLEMS[result.code] });
      if (result.memberIds.length === 0)
        return reply
          .code(400)
          .send({ code: 'empty_audience', message: '沒有符合的會員，請換個對象', unknown: result.unknown });
      // Refused before anything is issued or sent: the marketer may narrow the audience or issue without LINE.
      if (sendLine && result.preview.reachable > 0 && result.lineProblem)
        return reply.code(409).send({ code: 'line_refused', message: result.lineProblem, preview: result.preview });

      const run = await createIssueRun(db, {
        tenantId: tenant.id,
        couponId,
        requestId,
        audience,
        memberIds: result.memberIds,
        sendLine,
        actor: `staff:${member.id}`,
      });
      await startRun(tenant.id, couponId, run.id, requestId);
      if (run.created)
        await writeAudit(
          db,
          auditEntry(request, {
            action: 'coupon.issue',
            targetType: 'coupon',
            targetId: couponId,
            data: { requestId, audience: audienceKindOf(audience), members: result.memberIds.length, sendLine },
          }),
        );
      return reply
        .code(run.created ? 202 : 200)
        .send({ progress: await issueProgress(db, tenant.id, requestId), unknown: result.unknown });
    },
  );

  app.get(
    '/coupons/:couponId/issues/:requestId',
    {
      preHandler: view,
      config: { doc: { summary: '手動發券 progress: issued, LINE coupon cards sent of total', params: issueParams } },
    },
    async (request, reply) => {
      const { tenant } = tenantAuth(request);
      const path = issueParams.safeParse(request.params);
      const progress = path.success ? await issueProgress(db, tenant.id, path.data.requestId) : null;
      if (!progress || progress.couponId !== path.data?.couponId) return reply.code(404).send(RUN_NOT_FOUND);
      return reply.header('cache-control', 'no-store').send(progress);
    },
  );

  /** Starts the run's workflow once: its ID comes from the coupon and the request, so a second start finds the first. */
  async function startRun(tenantId: string, couponId: string, issueId: string, requestId: string) {
    const args: CouponIssueInput = { tenantId, issueId };
    try {
      await temporal.workflow.start<typeof couponIssueWorkflow>('couponIssueWorkflow', {
        workflowId: couponIssueWorkflowId(tenantId, couponId, requestId),
        taskQueue: env.TEMPORAL_TASK_QUEUE,
        args: [args],
        workflowIdConflictPolicy: 'USE_EXISTING',
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        typedSearchAttributes: [{ key: TenantId, value: tenantId }],
        staticSummary: '手動發券',
      });
    } catch (error) {
      // Finished already (REJECT_DUPLICATE): that run was the request's one.
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
  }
}
