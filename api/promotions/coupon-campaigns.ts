import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { createCampaign, listCampaigns, setCampaignPaused } from '../../db/promotions/coupon-campaigns.ts';
import { fieldErrors } from '../../domain/form-errors.ts';
import { couponCampaignInputSchema } from '../../domain/promotions/coupon-campaigns.ts';
import { ensureCampaignSchedule, setCampaignSchedulePaused } from '../../temporal/coupon-campaign-schedules.ts';
import type { ServerDeps } from '../deps.ts';
import { requirePage, tenantAuth } from '../plugins/auth.ts';

const campaignParams = z.object({ campaignId: z.uuid() });
const pausedBody = z.object({ paused: z.boolean() });
const NOT_FOUND = { code: 'not_found', message: '找不到這個自動發送活動' } as const;
const invalid = (error: z.ZodError) => ({
  code: 'invalid_body',
  message: error.issues[0]?.message ?? '內容不正確',
  fields: fieldErrors(error),
});

/**
 * 自動發送設定 (the customers area):
 * - GET /coupon-campaigns — each campaign with its coupon and how many it issued.
 * - POST /coupon-campaigns — a campaign and its Temporal Schedule (daily at 10:00 Taipei).
 * - PUT /coupon-campaigns/:campaignId/paused {paused} — pauses or resumes it and its Schedule.
 */
export async function couponCampaignRoutes(app: FastifyInstance, opts: { deps: ServerDeps }) {
  const { db, env, temporal } = opts.deps;
  const view = requirePage('promotions/campaigns', 'view');
  const manage = requirePage('promotions/campaigns', 'manage');

  app.get(
    '/coupon-campaigns',
    { preHandler: view, config: { doc: { summary: '自動發送設定: every coupon campaign' } } },
    async (request, reply) => {
      const { tenant } = tenantAuth(request);
      return reply.header('cache-control', 'no-store').send({ campaigns: await listCampaigns(db, tenant.id) });
    },
  );

  app.post(
    '/coupon-campaigns',
    { preHandler: manage, config: { doc: { summary: 'A new coupon campaign', body: couponCampaignInputSchema } } },
    async (request, reply) => {
      const { tenant } = tenantAuth(request);
      const body = couponCampaignInputSchema.safeParse(request.body);
      if (!body.success) return reply.code(400).send(invalid(body.error));
      const created = await createCampaign(db, tenant.id, body.data);
      if (created === 'unknown_coupon')
        return reply
          .code(400)
          .send({ code: created, message: '找不到這張優惠券', fields: { couponId: '找不到這張優惠券' } });
      if (created === 'unknown_tag')
        return reply.code(400).send({ code: created, message: '找不到這個標籤', fields: { tagId: '找不到這個標籤' } });
      // The row first, then its Schedule: a failed start is retried by creating the Schedule again.
      await ensureCampaignSchedule(temporal, env.TEMPORAL_TASK_QUEUE, {
        id: created.id,
        tenantId: tenant.id,
        name: body.data.name,
      });
      return reply.code(201).send(created);
    },
  );

  app.put(
    '/coupon-campaigns/:campaignId/paused',
    {
      preHandler: manage,
      config: { doc: { summary: 'Pause or resume a coupon campaign', body: pausedBody, params: campaignParams } },
    },
    async (request, reply) => {
      const { tenant } = tenantAuth(request);
      const path = campaignParams.safeParse(request.params);
      if (!path.success) return reply.code(404).send(NOT_FOUND);
      const body = pausedBody.safeParse(request.body);
      if (!body.success) return reply.code(400).send(invalid(body.error));
      if (!(await setCampaignPaused(db, tenant.id, path.data.campaignId, body.data.paused)))
        return reply.code(404).send(NOT_FOUND);
      await setCampaignSchedulePaused(temporal, path.data.campaignId, body.data.paused);
      return { paused: body.data.paused };
    },
  );
}
