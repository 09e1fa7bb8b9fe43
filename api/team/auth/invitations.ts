import { Prisma, type Db } from '../../../db/client.ts';
import type { Role } from '../../../domain/team/permissions.ts';
import type { ShopKind } from '../../../domain/restaurant/shop-kind.ts';
import { writeAudit } from './audit.ts';
import { sha256Hex } from './crypto.ts';

/** Why an invitation link no longer works, in words the invitee can act on. */
export const INVITATION_PROBLEMS = {
  invitation_not_found: '找不到這個邀請連結，請向店主確認連結是否完整。 This invitation link is not valid.',
  invitation_expired:
    '這個邀請連結已過期，請請店主重新邀請。 This invitation has expired; ask the owner for a new one.',
  invitation_used: '這個邀請連結已經使用過了。 This invitation has already been used.',
  invitation_revoked: '這個邀請已被店主取消。 The owner cancelled this invitation.',
} as const;
export type InvitationProblem = keyof typeof INVITATION_PROBLEMS;

export interface OpenInvitation {
  id: string;
  tenant: { id: string; slug: string; name: string; kind: ShopKind };
  displayName: string;
  role: Role;
  permissions: unknown;
  invitedBy: string;
  expiresAt: Date;
}

/** The invitation behind a link's token, if it can still be accepted. */
export async function findInvitation(
  db: Db,
  where: { token: string } | { id: string },
): Promise<{ invitation: OpenInvitation } | { problem: InvitationProblem }> {
  const row = await db.invitation.findUnique({
    where: 'token' in where ? { tokenHash: sha256Hex(where.token) } : { id: where.id },
    include: { tenant: { select: { id: true, slug: true, name: true, kind: true } } },
  });
  if (!row) return { problem: 'invitation_not_found' };
  if (row.revokedAt) return { problem: 'invitation_revoked' };
  if (row.acceptedAt) return { problem: 'invitation_used' };
  if (row.expiresAt.getTime() <= Date.now()) return { problem: 'invitation_expired' };
  const inviter = await db.user.findUnique({ where: { id: row.invitedById }, select: { displayName: true } });
  return {
    invitation: {
      id: row.id,
      tenant: row.tenant,
      displayName: row.displayName,
      role: row.role,
      permissions: row.permissions,
      invitedBy: inviter?.displayName ?? '',
      expiresAt: row.expiresAt,
    },
  };
}

export type AcceptResult =
  { ok: true; tenant: OpenInvitation['tenant'] } | { ok: false; problem: InvitationProblem | 'already_member' };

/**
 * Makes `user` a member of the invitation's shop, with its role and permissions, once: the
 * invitation is claimed with a conditional update in the same transaction as the membership,
 * so two browsers racing with the same link cannot both join.
 */
export async function acceptInvitation(
  db: Db,
  invitationId: string,
  user: { id: string; displayName: string },
  meta: { ip: string },
): Promise<AcceptResult> {
  const found = await findInvitation(db, { id: invitationId });
  if ('problem' in found) return { ok: false, problem: found.problem };
  const { invitation } = found;
  const existing = await db.staff.findFirst({
    where: { tenantId: invitation.tenant.id, userId: user.id },
    select: { id: true },
  });
  if (existing) return { ok: false, problem: 'already_member' };
  try {
    return await db.$transaction(async (tx) => {
      const now = new Date();
      const claimed = await tx.invitation.updateMany({
        where: { id: invitation.id, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
        data: { acceptedAt: now, acceptedById: user.id },
      });
      if (claimed.count !== 1) return { ok: false, problem: 'invitation_used' } as const;
      const staff = await tx.staff.create({
        data: {
          tenantId: invitation.tenant.id,
          userId: user.id,
          displayName: user.displayName,
          role: invitation.role,
          permissions:
            invitation.permissions === null ? Prisma.JsonNull : (invitation.permissions as Prisma.InputJsonValue),
        },
      });
      await writeAudit(tx, {
        tenantId: invitation.tenant.id,
        userId: user.id,
        actorName: user.displayName,
        action: 'team.join',
        targetType: 'staff',
        targetId: staff.id,
        data: { invitationId: invitation.id, role: invitation.role },
        ip: meta.ip,
      });
      return { ok: true, tenant: invitation.tenant } as const;
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002')
      return { ok: false, problem: 'already_member' };
    throw error;
  }
}
