import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { DEFAULT_POINT_RULE, pointRuleProblems } from '../../domain/members/points.ts';
import { segmentSchema } from '../../domain/members/segment.ts';
import { tierProblems } from '../../domain/members/tiers.ts';
import { addPointRule, listPointRules, pointRuleAt } from '../../db/members/point-rules.ts';
import { createTag, deleteTag, listTags, refreshRuleTags, updateTag } from '../../db/members/tags.ts';
import { listTiers, previewTiers, saveTiers } from '../../db/members/tiers.ts';
import type { ServerDeps } from '../deps.ts';
import { requirePage, tenantAuth } from '../plugins/auth.ts';
import { invalid } from './member-inputs.ts';

const count = z.number().int().min(0).max(1_000_000);
const pointRuleBody = z.object({
  spendPerPoint: count,
  pointsPerOrder: count,
  redeemPoints: count,
  redeemAmount: count,
  minRedeemPoints: count,
  maxRedeemPercent: z.number().int().min(0).max(100),
  maxRedeemAmount: z.number().int().min(1).max(1_000_000).nullable().default(null),
  expiryDays: z.number().int().min(1).max(3650).nullable(),
  effectiveFrom: z.iso.datetime({ offset: true }),
});
const tierBody = z.object({
  id: z.uuid().nullable(),
  name: z.string().trim().min(1).max(20),
  rank: z.number().int().min(1).max(20),
  minSpend: count.max(100_000_000),
  minOrders: count,
  windowDays: z.number().int().min(1).max(730),
  discountPercent: z.number().int().min(0).max(100),
  pointsMultiplierPct: z.number().int().min(100).max(1000),
});
const tiersBody = z.object({ tiers: z.array(tierBody).max(10) });
const tagBody = z.object({ name: z.string().trim().min(1, '請填寫標籤名稱').max(20), rule: segmentSchema.nullable() });
const tagParams = z.object({ tagId: z.uuid() });
const TAG_NOT_FOUND = { code: 'not_found', message: '找不到這個標籤' } as const;

/** 點數規則設定, VIP 等級管理 and 會員標籤: what the shop sets for its members. */
export async function memberSettingsRoutes(app: FastifyInstance, opts: { deps: ServerDeps }) {
  const { db } = opts.deps;

  app.get(
    '/member-points/rules',
    { preHandler: requirePage('members/points', 'view'), config: { doc: { summary: 'Point rules: the one in effect and every version' } } },
    async (request) => {
      const { tenant } = tenantAuth(request);
      const now = new Date();
      const [current, versions] = await Promise.all([pointRuleAt(db, tenant.id, now), listPointRules(db, tenant.id)]);
      return { current, versions, defaults: DEFAULT_POINT_RULE };
    },
  );

  app.post(
    '/member-points/rules',
    {
      preHandler: requirePage('members/points', 'manage'),
      config: { doc: { summary: 'A new point rule version from its effective date', body: pointRuleBody } },
    },
    async (request, reply) => {
      const { tenant } = tenantAuth(request);
      const body = pointRuleBody.safeParse(request.body);
      if (!body.success) return reply.code(400).send(invalid('invalid_body', body.error));
      const problems = pointRuleProblems(body.data);
      if (problems.length) return reply.code(400).send({ code: 'invalid_rule', message: problems.join('；') });
      const rule = await addPointRule(db, tenant.id, {
        ...body.data,
        effectiveFrom: new Date(body.data.effectiveFrom),
      });
      return reply.code(201).send(rule);
    },
  );

  app.get(
    '/member-tiers',
    { preHandler: requirePage(['members/tiers', 'members'], 'view'), config: { doc: { summary: 'VIP tiers with their member counts' } } },
    async (request) => {
      const { tenant } = tenantAuth(request);
      return { tiers: await listTiers(db, tenant.id) };
    },
  );

  const checkedTiers = (raw: unknown) => {
    const body = tiersBody.safeParse(raw);
    if (!body.success) return { error: invalid('invalid_body', body.error) };
    const problems = tierProblems(body.data.tiers);
    return problems.length
      ? { error: { code: 'invalid_tiers', message: problems.join('；') } }
      : { tiers: body.data.tiers };
  };

  app.post(
    '/member-tiers/preview',
    {
      preHandler: requirePage('members/tiers', 'manage'),
      config: { doc: { summary: 'How many members a tier change would move, before saving', body: tiersBody } },
    },
    async (request, reply) => {
      const { tenant } = tenantAuth(request);
      const checked = checkedTiers(request.body);
      if (checked.error) return reply.code(400).send(checked.error);
      return previewTiers(db, tenant.id, checked.tiers, new Date());
    },
  );

  app.put(
    '/member-tiers',
    {
      preHandler: requirePage('members/tiers', 'manage'),
      config: { doc: { summary: 'Save the VIP tiers and re-place every member', body: tiersBody } },
    },
    async (request, reply) => {
      const { tenant } = tenantAuth(request);
      const checked = checkedTiers(request.body);
      if (checked.error) return reply.code(400).send(checked.error);
      const saved = await saveTiers(db, tenant.id, checked.tiers, new Date());
      return { ...saved, tiers: await listTiers(db, tenant.id) };
    },
  );

  app.get(
    '/member-tags',
    { preHandler: requirePage(['members/tags', 'members', 'promotions/campaigns', 'promotions/coupons'], 'view'), config: { doc: { summary: 'Member tags with member counts' } } },
    async (request) => {
      const { tenant } = tenantAuth(request);
      return { tags: await listTags(db, tenant.id) };
    },
  );

  app.post(
    '/member-tags',
    {
      preHandler: requirePage('members/tags', 'manage'),
      config: { doc: { summary: 'A manual tag, or a rule tag kept by its segment', body: tagBody } },
    },
    async (request, reply) => {
      const { tenant } = tenantAuth(request);
      const body = tagBody.safeParse(request.body);
      if (!body.success) return reply.code(400).send(invalid('invalid_body', body.error));
      const created = await createTag(db, tenant.id, body.data);
      if (!created)
        return reply.code(409).send({ code: 'duplicate_tag', message: `已經有「${body.data.name}」這個標籤了` });
      if (body.data.rule) await refreshRuleTags(db, tenant.id, new Date(), created.id);
      return reply.code(201).send(created);
    },
  );

  app.put(
    '/member-tags/:tagId',
    {
      preHandler: requirePage('members/tags', 'manage'),
      config: { doc: { summary: 'Rename a tag or change its rule', params: tagParams, body: tagBody } },
    },
    async (request, reply) => {
      const { tenant } = tenantAuth(request);
      const path = tagParams.safeParse(request.params);
      const body = tagBody.safeParse(request.body);
      if (!body.success) return reply.code(400).send(invalid('invalid_body', body.error));
      if (!path.success) return reply.code(404).send(TAG_NOT_FOUND);
      if (body.data.rule?.conditions.some((c) => c.kind === 'tag' && c.tagId === path.data.tagId))
        return reply.code(400).send({ code: 'invalid_rule', message: '標籤的條件不能包含它自己' });
      try {
        if (!(await updateTag(db, tenant.id, path.data.tagId, body.data))) return reply.code(404).send(TAG_NOT_FOUND);
      } catch {
        return reply.code(409).send({ code: 'duplicate_tag', message: `已經有「${body.data.name}」這個標籤了` });
      }
      await refreshRuleTags(db, tenant.id, new Date(), path.data.tagId);
      return { ok: true };
    },
  );

  app.delete(
    '/member-tags/:tagId',
    { preHandler: requirePage('members/tags', 'manage'), config: { doc: { summary: 'Delete a tag (members lose it)', params: tagParams } } },
    async (request, reply) => {
      const { tenant } = tenantAuth(request);
      const path = tagParams.safeParse(request.params);
      if (!path.success || !(await deleteTag(db, tenant.id, path.data.tagId)))
        return reply.code(404).send(TAG_NOT_FOUND);
      return { ok: true };
    },
  );
}
