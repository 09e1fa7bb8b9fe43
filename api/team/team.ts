import type { FastifyInstance } from 'fastify';
import { findShopSubscription } from '../../db/billing/subscriptions.ts';
import { billingSummary } from '../billing/summary.ts';
import { z } from 'zod';
import { Prisma } from '../../db/client.ts';
import { branchAccessOf, setBranchAccess, staffBranches } from '../../db/restaurant/branch-access.ts';
import { ALL_BRANCHES, branchAccessSchema, type BranchAccess } from '../../domain/restaurant/branch-access.ts';
import { isValidName, NAME_MAX_LENGTH, normalizeName } from '../../domain/team/credentials.ts';
import {
  checkMemberChange,
  effectivePermissions,
  ROLES,
  validatePermissions,
  type MemberChangeRefusal,
  type Permissions,
  type Role,
} from '../../domain/team/permissions.ts';
import { auditEntry, writeAudit } from './auth/audit.ts';
import { randomToken, sha256Hex } from './auth/crypto.ts';
import { pageLabel } from './page-labels.ts';
import { csrfTokenFor, requirePage, requireMember, tenantAuth } from '../plugins/auth.ts';

const memberParams = z.object({ staffId: z.uuid() });
const invitationParams = z.object({ invitationId: z.uuid() });
const permissionsInput = z.record(z.string(), z.string()).optional();

const inviteBody = z.object({
  displayName: z.string().max(500),
  role: z.enum(ROLES),
  permissions: permissionsInput,
});

const memberBody = z.object({
  role: z.enum(ROLES).optional(),
  permissions: permissionsInput,
  branches: branchAccessSchema.optional(),
});

const REFUSALS: Record<MemberChangeRefusal, { status: number; message: string }> = {
  forbidden: { status: 403, message: '只有店主可以管理團隊成員。 Only owners manage the team.' },
  last_owner: { status: 409, message: '商店至少要有一位店主，請先指定另一位店主。 The shop needs at least one owner.' },
  self: {
    status: 409,
    message: '不能變更自己的角色或移除自己，請由另一位店主操作。 Ask another owner to change your own role.',
  },
};

function permissionProblemMessage(problem: ReturnType<typeof validatePermissions> & { ok: false }): string {
  const p = problem.problem;
  if (p.code === 'above_role_limit') return `這個角色在「${pageLabel(p.page)}」最多只能是 ${p.limit}。`;
  return `權限設定不正確（${p.page}）。`;
}

export interface TeamMember {
  id: string;
  displayName: string;
  role: Role;
  permissions: Permissions;
  /** The restaurant branches they work in (owners: every one). */
  branches: BranchAccess;
  /** Null for staff who only receive LINE notifications and cannot sign in. */
  account: { email: string | null; line: boolean; password: boolean } | null;
  isYou: boolean;
  createdAt: string;
  /** 職稱. */
  jobTitle: string | null;
  /** Whether their LINE account is bound to the shop's chat (clock-ins, notifications). */
  lineBound: boolean;
  /** Whether they have a 快速登入 PIN for the shop's tablets. */
  pin: boolean;
  /** When they left (deactivated), or null. */
  deactivatedAt: string | null;
}

export interface TeamInvitation {
  id: string;
  displayName: string;
  role: Role;
  permissions: Permissions;
  invitedBy: string | null;
  createdAt: string;
  expiresAt: string;
}

/**
 * The shop's team (members, roles, per-area permissions, invitations) and its audit log:
 *
 * - GET  /api/t/:tenant/me — who I am here: member, role, permissions, CSRF token (any member).
 * - GET  /api/t/:tenant/team — members and open invitations (team: view).
 * - POST /api/t/:tenant/team/invitations {displayName, role, permissions?} — an invitation link
 *   (/invite#<token>), single use, valid 7 days; the token is in the answer once and stored only
 *   hashed (team: manage).
 * - DELETE /api/t/:tenant/team/invitations/:id — cancel it (team: manage).
 * - PATCH /api/t/:tenant/team/members/:staffId {role?, permissions?, branches?} (team: manage);
 *   `branches` is {all: true} or {all: false, branchIds} (domain/restaurant/branch-access.ts),
 *   every ID a branch of this shop (else 404 and nothing changes).
 * - DELETE /api/t/:tenant/team/members/:staffId (team: manage).
 * Job titles, PINs and leaving are api/team/member-status.ts; the audit log api/team/audit-log.ts.
 */
export async function teamRoutes(app: FastifyInstance) {
  const { db, config } = app.jiayiAuth;

  app.get(
    '/me',
    {
      preHandler: requireMember,
      config: { doc: { summary: 'The calling member in this shop: role, permissions, branches' } },
    },
    async (request, reply) => {
      const auth = tenantAuth(request);
      const subscription = await findShopSubscription(db, auth.tenant.id);
      return reply.header('cache-control', 'no-store').send({
        tenant: { slug: auth.tenant.slug, name: auth.tenant.name, kind: auth.tenant.kind },
        billing: billingSummary(subscription, new Date()),
        member: auth.member,
        user: auth.user,
        csrfToken: csrfTokenFor(request, auth.session),
      });
    },
  );

  app.get(
    '/team',
    {
      preHandler: requirePage('team', 'view'),
      config: { doc: { summary: "The shop's members and open invitations" } },
    },
    async (request, reply) => {
      const auth = tenantAuth(request);
      const [staff, invitations] = await Promise.all([
        db.staff.findMany({
          where: { tenantId: auth.tenant.id },
          orderBy: { createdAt: 'asc' },
          include: {
            user: { select: { email: true, lineLoginUserId: true, passwordHash: true } },
            branches: staffBranches,
          },
        }),
        db.invitation.findMany({
          where: { tenantId: auth.tenant.id, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
          orderBy: { createdAt: 'desc' },
        }),
      ]);
      const inviterIds = [...new Set(invitations.map((i) => i.invitedById))];
      const inviters = new Map(
        (await db.user.findMany({ where: { id: { in: inviterIds } }, select: { id: true, displayName: true } })).map(
          (u) => [u.id, u.displayName],
        ),
      );
      const members: TeamMember[] = staff.map((s) => ({
        id: s.id,
        displayName: s.displayName,
        role: s.role,
        permissions: effectivePermissions(s.role, s.permissions),
        branches: branchAccessOf(s),
        account: s.user
          ? { email: s.user.email, line: s.user.lineLoginUserId !== null, password: s.user.passwordHash !== null }
          : null,
        isYou: s.id === auth.member.id,
        createdAt: s.createdAt.toISOString(),
        jobTitle: s.jobTitle,
        lineBound: s.lineUserId !== null,
        pin: s.pinHash !== null,
        deactivatedAt: s.deactivatedAt?.toISOString() ?? null,
      }));
      const open: TeamInvitation[] = invitations.map((i) => ({
        id: i.id,
        displayName: i.displayName,
        role: i.role,
        permissions: effectivePermissions(i.role, i.permissions),
        invitedBy: inviters.get(i.invitedById) ?? null,
        createdAt: i.createdAt.toISOString(),
        expiresAt: i.expiresAt.toISOString(),
      }));
      return reply.header('cache-control', 'no-store').send({ members, invitations: open });
    },
  );

  app.post(
    '/team/invitations',
    {
      preHandler: requirePage('team', 'manage'),
      config: { doc: { summary: 'Invite a member by e-mail', body: inviteBody } },
    },
    async (request, reply) => {
      const auth = tenantAuth(request);
      const input = inviteBody.safeParse(request.body);
      if (!input.success) return reply.code(400).send({ code: 'invalid_input', message: '請填寫名稱並選擇角色。' });
      const displayName = normalizeName(input.data.displayName);
      if (!isValidName(displayName)) {
        return reply.code(400).send({
          code: 'invalid_input',
          message: `請輸入受邀者的名稱（最多 ${NAME_MAX_LENGTH} 字）。`,
          fields: { displayName: 'invalid' },
        });
      }
      const permissions = validatePermissions(input.data.role, input.data.permissions);
      if (!permissions.ok)
        return reply.code(400).send({ code: 'invalid_permissions', message: permissionProblemMessage(permissions) });

      const token = randomToken(32);
      const expiresAt = new Date(Date.now() + config.invitationTtlMs);
      const invitation = await db.$transaction(async (tx) => {
        const created = await tx.invitation.create({
          data: {
            tenantId: auth.tenant.id,
            tokenHash: sha256Hex(token),
            displayName,
            role: input.data.role,
            permissions: input.data.role === 'owner' ? Prisma.JsonNull : permissions.permissions,
            invitedById: auth.user.id,
            expiresAt,
          },
        });
        await writeAudit(
          tx,
          auditEntry(request, {
            action: 'team.invite',
            targetType: 'invitation',
            targetId: created.id,
            data: {
              displayName,
              role: input.data.role,
              permissions: permissions.permissions,
              expiresAt: expiresAt.toISOString(),
            },
          }),
        );
        return created;
      });
      return reply.code(201).send({
        invitation: {
          id: invitation.id,
          displayName,
          role: invitation.role,
          permissions: permissions.permissions,
          invitedBy: auth.user.displayName,
          createdAt: invitation.createdAt.toISOString(),
          expiresAt: expiresAt.toISOString(),
        } satisfies TeamInvitation,
        // In the fragment: browsers never send it, so it stays out of logs (api/team/team-invitations.ts).
        url: `${config.publicOrigin}/invite#${token}`,
      });
    },
  );

  app.delete(
    '/team/invitations/:invitationId',
    {
      preHandler: requirePage('team', 'manage'),
      config: { doc: { summary: 'Revoke an invitation', params: invitationParams } },
    },
    async (request, reply) => {
      const auth = tenantAuth(request);
      const params = invitationParams.safeParse(request.params);
      if (!params.success) return reply.code(404).send({ code: 'not_found', message: '找不到這個邀請。' });
      const revoked = await db.$transaction(async (tx) => {
        const { count } = await tx.invitation.updateMany({
          where: { id: params.data.invitationId, tenantId: auth.tenant.id, acceptedAt: null, revokedAt: null },
          data: { revokedAt: new Date() },
        });
        if (count === 1) {
          await writeAudit(
            tx,
            auditEntry(request, {
              action: 'team.invitation_revoke',
              targetType: 'invitation',
              targetId: params.data.invitationId,
            }),
          );
        }
        return count === 1;
      });
      if (!revoked) return reply.code(404).send({ code: 'not_found', message: '找不到這個邀請，或它已被使用。' });
      return reply.send({ ok: true });
    },
  );

  async function loadMember(tenantId: string, staffId: string) {
    return db.staff.findFirst({
      where: { id: staffId, tenantId },
      select: {
        id: true,
        role: true,
        permissions: true,
        displayName: true,
        userId: true,
        allBranches: true,
        branches: staffBranches,
      },
    });
  }

  const countOwners = (tenantId: string) =>
    db.staff.count({ where: { tenantId, role: 'owner', userId: { not: null }, deactivatedAt: null } });

  app.patch(
    '/team/members/:staffId',
    {
      preHandler: requirePage('team', 'manage'),
      config: {
        doc: { summary: "Change a member's role, permissions or branches", params: memberParams, body: memberBody },
      },
    },
    async (request, reply) => {
      const auth = tenantAuth(request);
      const params = memberParams.safeParse(request.params);
      const target = params.success ? await loadMember(auth.tenant.id, params.data.staffId) : null;
      if (!target) return reply.code(404).send({ code: 'not_found', message: '找不到這位成員。' });
      const input = memberBody.safeParse(request.body);
      if (!input.success) {
        const branchIssue = input.error.issues.find((issue) => issue.path[0] === 'branches');
        return reply
          .code(400)
          .send({ code: 'invalid_input', message: branchIssue ? branchIssue.message : '角色或權限設定不正確。' });
      }
      const newRole = input.data.role ?? target.role;
      const refusal = checkMemberChange({
        actorPermissions: auth.member.permissions,
        actorIsTarget: target.id === auth.member.id,
        targetRole: target.role,
        newRole,
        ownerCount: await countOwners(auth.tenant.id),
      });
      if (refusal)
        return reply.code(REFUSALS[refusal].status).send({ code: refusal, message: REFUSALS[refusal].message });
      // A role change without new permissions starts from the new role's defaults.
      const requested =
        input.data.permissions ??
        (input.data.role && input.data.role !== target.role
          ? {}
          : ((target.permissions as Record<string, unknown> | null) ?? {}));
      const permissions = validatePermissions(newRole, requested);
      if (!permissions.ok)
        return reply.code(400).send({ code: 'invalid_permissions', message: permissionProblemMessage(permissions) });

      const storedBranches = branchAccessOf(target);
      // Owners work in every branch; anyone else keeps theirs unless new ones are given.
      const branches = newRole === 'owner' ? ALL_BRANCHES : (input.data.branches ?? storedBranches);
      const before = {
        role: target.role,
        permissions: effectivePermissions(target.role, target.permissions),
        branches: storedBranches,
      };
      const after = { role: newRole, permissions: permissions.permissions, branches };
      const outcome = await db.$transaction(async (tx) => {
        // First, so an unknown branch stops the change before anything is written.
        if ((await setBranchAccess(tx, auth.tenant.id, target.id, branches)) === 'unknown_branch')
          return 'unknown_branch';
        await tx.staff.update({
          where: { id: target.id },
          data: { role: newRole, permissions: newRole === 'owner' ? Prisma.JsonNull : permissions.permissions },
        });
        await writeAudit(
          tx,
          auditEntry(request, {
            action: 'team.member_update',
            targetType: 'staff',
            targetId: target.id,
            data: { name: target.displayName, before, after },
          }),
        );
        return 'ok';
      });
      if (outcome === 'unknown_branch')
        return reply
          .code(404)
          .send({ code: 'branch_not_found', message: '找不到其中一間分店，請重新整理後再選一次。' });
      return reply.send({ member: { id: target.id, displayName: target.displayName, ...after } });
    },
  );

  app.delete(
    '/team/members/:staffId',
    {
      preHandler: requirePage('team', 'manage'),
      config: { doc: { summary: 'Remove a member (their sessions end at once)', params: memberParams } },
    },
    async (request, reply) => {
      const auth = tenantAuth(request);
      const params = memberParams.safeParse(request.params);
      const target = params.success ? await loadMember(auth.tenant.id, params.data.staffId) : null;
      if (!target) return reply.code(404).send({ code: 'not_found', message: '找不到這位成員。' });
      const refusal = checkMemberChange({
        actorPermissions: auth.member.permissions,
        actorIsTarget: target.id === auth.member.id,
        targetRole: target.role,
        newRole: null,
        ownerCount: await countOwners(auth.tenant.id),
      });
      if (refusal)
        return reply.code(REFUSALS[refusal].status).send({ code: refusal, message: REFUSALS[refusal].message });
      await db.$transaction(async (tx) => {
        await tx.staff.delete({ where: { id: target.id } });
        await writeAudit(
          tx,
          auditEntry(request, {
            action: 'team.member_remove',
            targetType: 'staff',
            targetId: target.id,
            data: { name: target.displayName, role: target.role },
          }),
        );
      });
      return reply.send({ ok: true });
    },
  );
}
