import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { createPromoCode, listPromoCodes, updatePromoCode } from '../../db/promotions/promo-codes.ts';
import {
  createPromotion,
  deletePromotion,
  discountScopeChoices,
  listPromotions,
  updatePromotion,
} from '../../db/promotions/promotions.ts';
import { fieldErrors } from '../../domain/form-errors.ts';
import { promoCodeInputSchema } from '../../domain/promotions/promo-codes.ts';
import { promotionInputSchema, promotionPhase } from '../../domain/promotions/promotions.ts';
import type { ServerDeps } from '../deps.ts';
import { requirePage, tenantAuth } from '../plugins/auth.ts';

const promotionParams = z.object({ promotionId: z.uuid() });
const codeParams = z.object({ codeId: z.uuid() });
const NOT_FOUND = { code: 'not_found', message: '找不到這個促銷活動' } as const;
const CODE_NOT_FOUND = { code: 'not_found', message: '找不到這個優惠碼' } as const;
const CODE_TAKEN = {
  code: 'code_taken',
  message: '這個優惠碼已經有了',
  fields: { code: '這個優惠碼已經有了' },
} as const;
const invalid = (error: z.ZodError) => ({
  code: 'invalid_body',
  message: error.issues[0]?.message ?? '內容不正確',
  fields: fieldErrors(error),
});
const UNKNOWN_BRANCH = {
  code: 'unknown_branch',
  message: '找不到選擇的分店',
  fields: { branchIds: '找不到選擇的分店' },
};

/**
 * 促銷活動設定 and 優惠碼設定 (members and marketing: the customers area):
 * - GET /promotions — every promotion with where it stands now, and what a promotion may name
 *   (branches, categories, items); POST /promotions, PUT/DELETE /promotions/:promotionId.
 * - GET /promo-codes — every code with its uses; POST /promo-codes (409 code_taken).
 * - PUT /promo-codes/:codeId — changes a code by the create rules (409 code_taken); its used count
 *   stays, and a total limit below it is a 400.
 * Bad input is a 400 with each field's message; another shop's promotion or code is a 404.
 */
export async function promotionRoutes(app: FastifyInstance, opts: { deps: ServerDeps }) {
  const { db } = opts.deps;
  const view = requirePage('promotions', 'view');
  const manage = requirePage('promotions', 'manage');
  const viewCodes = requirePage('promotions/codes', 'view');
  const manageCodes = requirePage('promotions/codes', 'manage');

  app.get(
    '/promotions',
    { preHandler: view, config: { doc: { summary: '促銷活動: every promotion and what one may name' } } },
    async (request, reply) => {
      const { tenant } = tenantAuth(request);
      const now = new Date();
      const [promotions, choices] = await Promise.all([
        listPromotions(db, tenant.id),
        discountScopeChoices(db, tenant.id),
      ]);
      return reply.header('cache-control', 'no-store').send({
        promotions: promotions.map((p) => ({ ...p, phase: promotionPhase(p, now) })),
        choices,
      });
    },
  );

  app.post(
    '/promotions',
    { preHandler: manage, config: { doc: { summary: 'A new promotion', body: promotionInputSchema } } },
    async (request, reply) => {
      const { tenant } = tenantAuth(request);
      const body = promotionInputSchema.safeParse(request.body);
      if (!body.success) return reply.code(400).send(invalid(body.error));
      const created = await createPromotion(db, tenant.id, body.data);
      if (created === 'unknown_branch') return reply.code(400).send(UNKNOWN_BRANCH);
      return reply.code(201).send(created);
    },
  );

  app.put(
    '/promotions/:promotionId',
    {
      preHandler: manage,
      config: { doc: { summary: 'Change a promotion', body: promotionInputSchema, params: promotionParams } },
    },
    async (request, reply) => {
      const { tenant } = tenantAuth(request);
      const path = promotionParams.safeParse(request.params);
      if (!path.success) return reply.code(404).send(NOT_FOUND);
      const body = promotionInputSchema.safeParse(request.body);
      if (!body.success) return reply.code(400).send(invalid(body.error));
      const updated = await updatePromotion(db, tenant.id, path.data.promotionId, body.data);
      if (updated === 'unknown_branch') return reply.code(400).send(UNKNOWN_BRANCH);
      if (!updated) return reply.code(404).send(NOT_FOUND);
      return updated;
    },
  );

  app.delete(
    '/promotions/:promotionId',
    { preHandler: manage, config: { doc: { summary: 'Remove a promotion', params: promotionParams } } },
    async (request, reply) => {
      const { tenant } = tenantAuth(request);
      const path = promotionParams.safeParse(request.params);
      if (!path.success || !(await deletePromotion(db, tenant.id, path.data.promotionId)))
        return reply.code(404).send(NOT_FOUND);
      return reply.code(204).send();
    },
  );

  app.get(
    '/promo-codes',
    { preHandler: viewCodes, config: { doc: { summary: '優惠碼: every code with its uses, and what one may name' } } },
    async (request, reply) => {
      const { tenant } = tenantAuth(request);
      const [codes, choices] = await Promise.all([listPromoCodes(db, tenant.id), discountScopeChoices(db, tenant.id)]);
      return reply.header('cache-control', 'no-store').send({ codes, choices });
    },
  );

  app.post(
    '/promo-codes',
    { preHandler: manageCodes, config: { doc: { summary: 'A new promo code', body: promoCodeInputSchema } } },
    async (request, reply) => {
      const { tenant } = tenantAuth(request);
      const body = promoCodeInputSchema.safeParse(request.body);
      if (!body.success) return reply.code(400).send(invalid(body.error));
      const created = await createPromoCode(db, tenant.id, body.data);
      if (created === 'taken') return reply.code(409).send(CODE_TAKEN);
      return reply.code(201).send(created);
    },
  );

  app.put(
    '/promo-codes/:codeId',
    {
      preHandler: manageCodes,
      config: { doc: { summary: 'Change a promo code', body: promoCodeInputSchema, params: codeParams } },
    },
    async (request, reply) => {
      const { tenant } = tenantAuth(request);
      const path = codeParams.safeParse(request.params);
      if (!path.success) return reply.code(404).send(CODE_NOT_FOUND);
      const body = promoCodeInputSchema.safeParse(request.body);
      if (!body.success) return reply.code(400).send(invalid(body.error));
      const updated = await updatePromoCode(db, tenant.id, path.data.codeId, body.data);
      if (!updated) return reply.code(404).send(CODE_NOT_FOUND);
      if (updated === 'taken') return reply.code(409).send(CODE_TAKEN);
      if ('limitRefusal' in updated)
        return reply.code(400).send({
          code: 'limit_below_used',
          message: updated.limitRefusal,
          fields: { totalLimit: updated.limitRefusal },
        });
      return updated;
    },
  );
}
