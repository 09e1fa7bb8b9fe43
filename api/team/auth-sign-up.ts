import { randomInt } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  COMPANY_NAME_MAX_LENGTH,
  isValidName,
  isValidPhone,
  NAME_MAX_LENGTH,
  normalizeName,
  normalizePhone,
} from '../../domain/team/credentials.ts';
import { normalizeSlug, slugProblem, suggestSlug, type SlugProblem } from '../../domain/tenant-slug.ts';
import { createShopWithOwner } from './auth/shops.ts';
import { requireSession } from '../plugins/auth.ts';
import { startSubscriptionCheckout } from '../billing/start-checkout.ts';
import { serverStripeGateway } from '../stripe-gateway.ts';

/** The plan a new shop starts its trial on (billing_plans.code). */
const SIGN_UP_PLAN = 'standard';

const body = z.object({
  companyName: z.string().max(500),
  contactName: z.string().max(500),
  contactPhone: z.string().max(100),
  slug: z.string().max(200),
});

const SLUG_MESSAGES: Record<SlugProblem | 'taken', string> = {
  too_short: '網址代稱至少需要 3 個字元。',
  too_long: '網址代稱最多 40 個字元。',
  invalid_characters: '網址代稱只能用小寫英文字母、數字和連字號（-），並以英文字母開頭。',
  reserved: '這個網址代稱是系統保留字，請換一個。',
  taken: '這個網址代稱已經有人使用，請換一個。',
};

/**
 * After LINE sign-up: the new merchant names the company, the contact person and phone, and the
 * shop's URL slug. POST /api/auth/shops creates the tenant (with a random, unique 4-letter order
 * prefix: domain/orders/order-number.ts, retried on a collision) and makes the person its owner.
 * GET /api/auth/shops/suggestion gives a free slug to start from.
 */
export async function authSignUpRoutes(app: FastifyInstance) {
  const { db, env } = app.jiayiAuth;
  const stripe = serverStripeGateway(env);

  app.get(
    '/api/auth/shops/suggestion',
    {
      preHandler: requireSession,
      config: { doc: { summary: 'A free shop address suggested for the signed-in person' } },
    },
    async (_request, reply) => {
      for (let i = 0; i < 5; i++) {
        const slug = suggestSlug((max) => randomInt(max));
        if (!(await db.tenant.findUnique({ where: { slug }, select: { id: true } })))
          return reply.header('cache-control', 'no-store').send({ slug });
      }
      return reply.send({ slug: '' });
    },
  );

  app.post(
    '/api/auth/shops',
    {
      preHandler: requireSession,
      config: { doc: { summary: 'Open a new shop (the signed-in person becomes its owner)', body } },
    },
    async (request, reply) => {
      const session = (await request.getSession())!;
      const parsed = body.safeParse(request.body);
      if (!parsed.success)
        return reply.code(400).send({ code: 'invalid_input', message: '請填寫所有欄位。', fields: {} });

      const companyName = normalizeName(parsed.data.companyName);
      const contactName = normalizeName(parsed.data.contactName);
      const contactPhone = normalizePhone(parsed.data.contactPhone);
      const slug = normalizeSlug(parsed.data.slug);
      const fields: Record<string, string> = {};
      if (!isValidName(companyName, COMPANY_NAME_MAX_LENGTH))
        fields.companyName = `請輸入公司或商店名稱（最多 ${COMPANY_NAME_MAX_LENGTH} 字）。`;
      if (!isValidName(contactName, NAME_MAX_LENGTH))
        fields.contactName = `請輸入聯絡人姓名（最多 ${NAME_MAX_LENGTH} 字）。`;
      if (!isValidPhone(contactPhone))
        fields.contactPhone = '請輸入有效的電話號碼，例如 0912-345-678 或 02-2345-6789。';
      const problem = slugProblem(slug);
      if (problem) fields.slug = SLUG_MESSAGES[problem];
      if (Object.keys(fields).length > 0) {
        return reply
          .code(400)
          .send({ code: 'invalid_input', message: '有欄位需要修正。 Some fields need fixing.', fields });
      }

      const created = await createShopWithOwner(
        db,
        { slug, name: companyName, contactName, contactPhone },
        { userId: session.user.id },
        { userId: session.user.id, actorName: contactName, ip: request.ip },
      );
      if (!created.ok)
        return reply
          .code(409)
          .send({ code: 'slug_taken', message: SLUG_MESSAGES.taken, fields: { slug: SLUG_MESSAGES.taken } });
      request.audited = true;
      const tenant = { slug: created.tenant.slug, name: created.tenant.name };
      const admin = `/t/${created.tenant.slug}/admin`;
      if (!stripe) return reply.code(201).send({ tenant, redirectTo: `${admin}/orders` });
      // Billed: on to Stripe Checkout for the plan's free trial. Should Stripe not answer, the
      // shop is made all the same and its 付費方案 page offers the trial again.
      try {
        const checkout = await startSubscriptionCheckout(
          { db, stripe, publicBaseUrl: env.PUBLIC_BASE_URL },
          { id: created.tenant.id, slug: tenant.slug, name: tenant.name, ownerEmail: session.user.email },
          SIGN_UP_PLAN,
          'sign-up',
          { success: `${admin}/orders?checkout=success`, cancel: `${admin}/billing` },
        );
        return reply.code(201).send({ tenant, redirectTo: checkout.url });
      } catch (error) {
        request.log.error({ err: error }, 'sign-up: Stripe Checkout not created');
        return reply.code(201).send({ tenant, redirectTo: `${admin}/billing` });
      }
    },
  );
}
