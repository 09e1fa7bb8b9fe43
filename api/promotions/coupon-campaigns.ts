import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { listCampaignRuns } from '../../db/promotions/coupon-campaign-runs.ts';
import {
  createCampaign,
  findCampaign,
  listCampaigns,
  setCampaignPaused,
  updateCampaign,
} from '../../db/promotions/coupon-campaigns.ts';
import { fieldErrors } from '../../domain/form-errors.ts';
import { couponCampaignInputSchema } from '../../domain/promotions/coupon-campaigns.ts';
import { formatTaipeiDateTime } from '../../domain/taipei-time.ts';
import {
  ensureCampaignSchedule,
  setCampaignSchedulePaused,
  updateCampaignSchedule,
} from '../../temporal/coupon-campaign-schedules.ts';
import type { ServerDeps } from '../deps.ts';
import { requirePage, tenantAuth } from '../plugins/auth.ts';

const campaignParams = z.object({ campaignId: z.uuid() });
const pausedBody = z.object({ paused: z.boolean() });
const NOT_FOUND = { code: 'not_found', message: '找不到這個自動發送活動' } as const;
const UNKNOWN = {
  unknown_coupon: { code: 'unknown_coupon', message: '找不到這張優惠券', fields: { couponId: '找不到這張優惠券' } },
  unknown_tag: { code: 'unknown_tag', message: '找不到這個標籤', fields: { tagId: '找不到這個標籤' } },
} as const;
const invalid = (error: z.ZodError) => ({
  code: 'invalid_body',
  message: error.issues[0]?.message ?? '內容不正確',
  fields: fieldErrors(error),
});

/**
 * 自動發送設定 (the customers area):
 * - GET /coupon-campaigns — each campaign with its coupon and how many it issued.
 * - POST /coupon-campaigns — a campaign and its Temporal Schedule (daily at 10:00 Taipei).
 * - GET /coupon-campaigns/:campaignId — the campaign and its runs, newest day first.
 * - PUT /coupon-campaigns/:campaignId — changes it (the create rules; its Schedule names it anew).
 * - PUT /coupon-campaigns/:campaignId/paused {paused} — pauses or resumes it and its Schedule.
 * Another shop's campaign is a 404.
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
      if (typeof created === 'string') return reply.code(400).send(UNKNOWN[created]);
      // The row first, then its Schedule: a failed start is retried by creating the Schedule again.
      await ensureCampaignSchedule(temporal, env.TEMPORAL_TASK_QUEUE, {
        id: created.id,
        tenantId: tenant.id,
        name: body.data.name,
        paused: false,
      });
      return reply.code(201).send(created);
    },
  );

  app.get(
    '/coupon-campaigns/:campaignId',
    {
      preHandler: view,
      config: { doc: { summary: 'A coupon campaign and its runs, newest first', params: campaignParams } },
    },
    async (request, reply) => {
      const { tenant } = tenantAuth(request);
      const path = campaignParams.safeParse(request.params);
      const campaign = path.success ? await findCampaign(db, tenant.id, path.data.campaignId) : null;
      if (!campaign) return reply.code(404).send(NOT_FOUND);
      const runs = await listCampaignRuns(db, tenant.id, campaign.id);
      return reply.header('cache-control', 'no-store').send({ campaign, runs });
    },
  );

  app.put(
    '/coupon-campaigns/:campaignId',
    {
      preHandler: manage,
      config: { doc: { summary: 'Change a coupon campaign', body: couponCampaignInputSchema, params: campaignParams } },
    },
    async (request, reply) => {
      const { tenant } = tenantAuth(request);
      const path = campaignParams.safeParse(request.params);
      if (!path.success) return reply.code(404).send(NOT_FOUND);
      const body = couponCampaignInputSchema.safeParse(request.body);
      if (!body.success) return reply.code(400).send(invalid(body.error));
      const updated = await updateCampaign(db, tenant.id, path.data.campaignId, body.data);
      if (!updated) return reply.code(404).send(NOT_FOUND);
      if (typeof updated === 'string') return reply.code(400).send(UNKNOWN[updated]);
      await updateCampaignSchedule(temporal, env.TEMPORAL_TASK_QUEUE, { ...updated, tenantId: tenant.id });
      return updated;
    },
  );

  app.put(
    '/coupon-campaigns/:campaignId/paused',
    {
      preHandler: manage,
      config: { doc: { summary: 'Pause or resume a coupon campaign', body: pausedBody, params: campaignParams } },
    },
    async (request, reply) => {
      const { tenant, member } = tenantAuth(request);
      const path = campaignParams.safeParse(request.params);
      if (!path.success) return reply.code(404).send(NOT_FOUND);
      const body = pausedBody.safeParse(request.body);
      if (!body.success) return reply.code(400).send(invalid(body.error));
      const campaign = await findCampaign(db, tenant.id, path.data.campaignId);
      if (!campaign) return reply.code(404).send(NOT_FOUND);
      const { paused } = body.data;
      const note = `${member.displayName} 於 ${formatTaipeiDateTime(new Date())} ${paused ? '暫停' : '恢復'}自動發送`;
      const schedule = () =>
        setCampaignSchedulePaused(
          temporal,
          env.TEMPORAL_TASK_QUEUE,
          { ...campaign, tenantId: tenant.id, paused },
          note,
        );
      // Whichever way it fails between the two, nothing is issued that the shop did not want:
      // paused is stored before the Schedule stops, and cleared only once it runs again.
      if (paused) await setCampaignPaused(db, tenant.id, campaign.id, true);
      await schedule();
      if (!paused) await setCampaignPaused(db, tenant.id, campaign.id, false);
      return { paused };
    },
  );
}
