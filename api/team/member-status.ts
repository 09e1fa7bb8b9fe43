import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { checkMemberChange, type MemberChangeRefusal } from '../../domain/team/permissions.ts';
import { jobTitleSchema, pinSchema } from '../../domain/team/staff-pin.ts';
import { auditEntry, writeAudit } from './auth/audit.ts';
import { hashPassword } from './auth/passwords.ts';
import { requirePage, tenantAuth } from '../plugins/auth.ts';

const memberParams = z.object({ staffId: z.uuid() });
const profileBody = z.object({ jobTitle: jobTitleSchema });
const pinBody = z.object({ pin: pinSchema.nullable() });
/** The page asks "確定停用？" first; the body says it did. */
const deactivateBody = z.object({ confirm: z.literal(true) });

const DEACTIVATION_REFUSALS: Record<MemberChangeRefusal, string> = {
  forbidden: '只有店主可以停用成員。',
  last_owner: '商店至少要有一位店主，請先指定另一位店主。',
  self: '不能停用自己的帳號，請由另一位店主操作。',
};

const NOT_FOUND = { code: 'not_found', message: '找不到這位成員。' } as const;

/**
 * What changes when someone's job changes or they leave (owners only, team: manage):
 * - PUT /api/t/:tenant/team/members/:staffId/profile {jobTitle} — 職稱.
 * - PUT /api/t/:tenant/team/members/:staffId/pin {pin} — their 快速登入 PIN for the shop's
 *   registered tablets (null removes it); stored hashed.
 * - POST /api/t/:tenant/team/members/:staffId/deactivate {confirm: true} — they left: from this moment they
 *   cannot open this shop's admin (an open page is thrown out on its next request), clock in
 *   or get LINE notifications; their sessions end when no other shop has them. Their shifts
 *   and audit lines stay.
 */
export async function memberStatusRoutes(app: FastifyInstance) {
  const { db } = app.jiayiAuth;

  async function activeMember(tenantId: string, params: unknown) {
    const parsed = memberParams.safeParse(params);
    if (!parsed.success) return null;
    return db.staff.findFirst({
      where: { id: parsed.data.staffId, tenantId, deactivatedAt: null },
      select: { id: true, displayName: true, role: true, userId: true },
    });
  }

  app.put(
    '/team/members/:staffId/profile',
    {
      preHandler: requirePage('team', 'manage'),
      config: { doc: { summary: "Set a member's job title", params: memberParams, body: profileBody } },
    },
    async (request, reply) => {
      const auth = tenantAuth(request);
      const target = await activeMember(auth.tenant.id, request.params);
      if (!target) return reply.code(404).send(NOT_FOUND);
      const input = profileBody.safeParse(request.body);
      if (!input.success)
        return reply
          .code(400)
          .send({ code: 'invalid_input', message: input.error.issues[0]?.message ?? '職稱不正確。' });
      await db.$transaction(async (tx) => {
        await tx.staff.update({ where: { id: target.id }, data: { jobTitle: input.data.jobTitle } });
        await writeAudit(
          tx,
          auditEntry(request, {
            action: 'team.member_profile',
            targetType: 'staff',
            targetId: target.id,
            data: { name: target.displayName, jobTitle: input.data.jobTitle },
          }),
        );
      });
      return reply.send({ jobTitle: input.data.jobTitle });
    },
  );

  app.put(
    '/team/members/:staffId/pin',
    {
      preHandler: requirePage('team', 'manage'),
      config: { doc: { summary: "Set or remove a member's tablet PIN", params: memberParams, body: pinBody } },
    },
    async (request, reply) => {
      const auth = tenantAuth(request);
      const target = await activeMember(auth.tenant.id, request.params);
      if (!target) return reply.code(404).send(NOT_FOUND);
      const input = pinBody.safeParse(request.body);
      if (!input.success)
        return reply.code(400).send({ code: 'invalid_pin', message: input.error.issues[0]?.message ?? 'PIN 不正確。' });
      const pinHash = input.data.pin === null ? null : await hashPassword(input.data.pin);
      await db.$transaction(async (tx) => {
        await tx.staff.update({ where: { id: target.id }, data: { pinHash } });
        await writeAudit(
          tx,
          auditEntry(request, {
            action: pinHash ? 'team.pin_set' : 'team.pin_remove',
            targetType: 'staff',
            targetId: target.id,
            data: { name: target.displayName },
          }),
        );
      });
      return reply.send({ pin: pinHash !== null });
    },
  );

  app.post(
    '/team/members/:staffId/deactivate',
    {
      preHandler: requirePage('team', 'manage'),
      config: {
        doc: {
          summary: 'A member left: deactivate them and end their sessions',
          params: memberParams,
          body: deactivateBody,
        },
      },
    },
    async (request, reply) => {
      const auth = tenantAuth(request);
      const target = await activeMember(auth.tenant.id, request.params);
      if (!target) return reply.code(404).send(NOT_FOUND);
      if (!deactivateBody.safeParse(request.body).success)
        return reply.code(400).send({ code: 'not_confirmed', message: '請確認要停用這位成員。' });
      const refusal = checkMemberChange({
        actorPermissions: auth.member.permissions,
        actorIsTarget: target.id === auth.member.id,
        targetRole: target.role,
        newRole: null,
        ownerCount: await db.staff.count({
          where: { tenantId: auth.tenant.id, role: 'owner', userId: { not: null }, deactivatedAt: null },
        }),
      });
      if (refusal) return reply.code(409).send({ code: refusal, message: DEACTIVATION_REFUSALS[refusal] });
      const revoked = await db.$transaction(async (tx) => {
        // Unbound from LINE, so no more order pushes reach a phone that left with them.
        await tx.staff.update({
          where: { id: target.id },
          data: { deactivatedAt: new Date(), lineUserId: null, pinHash: null },
        });
        const elsewhere = target.userId
          ? await tx.staff.count({ where: { userId: target.userId, deactivatedAt: null, id: { not: target.id } } })
          : 0;
        const ended =
          target.userId && elsewhere === 0
            ? (
                await tx.session.updateMany({
                  where: { userId: target.userId, revokedAt: null },
                  data: { revokedAt: new Date() },
                })
              ).count
            : 0;
        await writeAudit(
          tx,
          auditEntry(request, {
            action: 'team.member_deactivate',
            targetType: 'staff',
            targetId: target.id,
            data: { name: target.displayName, role: target.role, sessionsEnded: ended },
          }),
        );
        return ended;
      });
      return reply.send({ ok: true, sessionsEnded: revoked });
    },
  );
}
