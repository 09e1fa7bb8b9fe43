import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { listTags } from '../../db/members/tags.ts';
import {
  audienceMemberIds,
  createCoupon,
  issueCoupon,
  listCoupons,
  updateCoupon,
} from '../../db/promotions/coupons.ts';
import { discountScopeChoices } from '../../db/promotions/promotions.ts';
import { fieldErrors } from '../../domain/form-errors.ts';
import { couponInputSchema } from '../../domain/promotions/coupons.ts';
import type { ServerDeps } from '../deps.ts';
import { requirePage, tenantAuth } from '../plugins/auth.ts';

const couponParams = z.object({ couponId: z.uuid() });
const issueBody = z.object({
  /** One per tap of 發券: a repeated request issues nothing twice. */
  requestId: z.uuid({ error: '缺少發券識別碼，請重新整理後再試' }),
  audience: z.union([
    z.object({ memberIds: z.array(z.uuid()).min(1, '請選擇會員').max(1000) }),
    z.object({ tagId: z.uuid({ error: '請選擇標籤' }) }),
    z.object({ everyone: z.literal(true) }),
  ]),
});
const NOT_FOUND = { code: 'not_found', message: '找不到這張優惠券' } as const;
const invalid = (error: z.ZodError) => ({
  code: 'invalid_body',
  message: error.issues[0]?.message ?? '內容不正確',
  fields: fieldErrors(error),
});

/**
 * 優惠券管理 (the customers area):
 * - GET /coupons — every coupon with how many were issued and used, what one may name, and the
 *   member tags to issue to; POST /coupons.
 * - PUT /coupons/:couponId — changes a coupon by the create rules; the ones already issued keep
 *   working under it (their window follows the new validity; what was used stays used).
 * - POST /coupons/:couponId/issue {requestId, audience} — 手動發券 to chosen members, a tag or
 *   every member: each member gets it once per requestId (a retried tap issues nothing twice).
 */
export async function couponRoutes(app: FastifyInstance, opts: { deps: ServerDeps }) {
  const { db } = opts.deps;
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

  app.post(
    '/coupons/:couponId/issue',
    {
      preHandler: manage,
      config: { doc: { summary: '手動發券: issue a coupon to members', body: issueBody, params: couponParams } },
    },
    async (request, reply) => {
      const { tenant } = tenantAuth(request);
      const path = couponParams.safeParse(request.params);
      if (!path.success) return reply.code(404).send(NOT_FOUND);
      const body = issueBody.safeParse(request.body);
      if (!body.success) return reply.code(400).send(invalid(body.error));
      const memberIds = await audienceMemberIds(db, tenant.id, body.data.audience);
      const issued = await issueCoupon(db, {
        tenantId: tenant.id,
        couponId: path.data.couponId,
        memberIds,
        keyOf: (memberId) => `manual:${body.data.requestId}:${memberId}`,
        now: new Date(),
      });
      if (issued === null) return reply.code(404).send(NOT_FOUND);
      return { audience: memberIds.length, issued };
    },
  );
}
