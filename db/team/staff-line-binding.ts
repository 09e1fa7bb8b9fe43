import { writeAudit } from '../audit-log.ts';
import { createHash, randomInt } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { can, effectivePermissions, isRole } from '../../domain/team/permissions.ts';
import { BINDING_CODE_TTL_MS, formatBindingCode, type BindingOutcome } from '../../domain/team/staff-binding.ts';
import { Prisma, type Db } from '../client.ts';

/**
 * Binding a staff member to a LINE user of the shop's own channel:
 * one-time codes (stored as SHA-256 only, one per member, 10 minutes, single use) and the
 * binding itself. `bindStaffLineAccount` is THE way a LINE user becomes a member's
 * Staff.lineUserId; rich menus for bound admins hook in after it.
 */

const AUDIT_BIND = 'staff.line_bind';

export function bindingCodeHash(tenantId: string, code: string): string {
  return createHash('sha256').update(`${tenantId}:${code}`).digest('hex');
}

/** A new code for the member, replacing any earlier one. The plain code is returned once. */
export async function issueBindingCode(
  db: Db,
  ids: { tenantId: string; staffId: string },
  now: Date = new Date(),
): Promise<{ code: string; expiresAt: Date }> {
  const expiresAt = new Date(now.getTime() + BINDING_CODE_TTL_MS);
  for (let attempt = 0; ; attempt++) {
    const code = formatBindingCode(randomInt(0, 1_000_000));
    const codeHash = bindingCodeHash(ids.tenantId, code);
    try {
      await db.lineBindingCode.upsert({
        where: { staffId: ids.staffId },
        create: { id: uuidv7(), tenantId: ids.tenantId, staffId: ids.staffId, codeHash, expiresAt, createdAt: now },
        update: { codeHash, expiresAt, createdAt: now },
      });
      return { code, expiresAt };
    } catch (error) {
      // Another member of the shop holds the same six digits right now: draw again.
      const duplicate = error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
      if (!duplicate || attempt >= 5) throw error;
    }
  }
}

export interface BindInput {
  tenantId: string;
  code: string;
  lineUserId: string;
  /** The LINE webhookEventId that carried the code: a retry of the same event finds its own binding. */
  sourceEventId: string;
  now?: Date;
}

/**
 * Binds the LINE user who typed `code` to the member who holds it, in one transaction: the
 * code is used up, Staff.lineUserId set, the audit log written. A LINE user already bound to
 * another member of the shop is refused (unbind first). Running it again for the same event
 * answers 'bound' again and changes nothing.
 */
export async function bindStaffLineAccount(db: Db, input: BindInput): Promise<BindingOutcome> {
  const now = input.now ?? new Date();
  const codeHash = bindingCodeHash(input.tenantId, input.code);
  return db.$transaction(async (tx) => {
    const found = await tx.lineBindingCode.findUnique({
      where: { tenantId_codeHash: { tenantId: input.tenantId, codeHash } },
      include: { staff: { select: { id: true, displayName: true, userId: true } } },
    });
    if (!found || found.expiresAt <= now) {
      const earlier = await tx.auditLog.findFirst({
        where: {
          tenantId: input.tenantId,
          action: AUDIT_BIND,
          data: { path: ['sourceEventId'], equals: input.sourceEventId },
        },
        select: { actorName: true },
      });
      return earlier ? { kind: 'bound', staffName: earlier.actorName ?? '' } : { kind: 'invalid' };
    }
    const other = await tx.staff.findFirst({
      where: { tenantId: input.tenantId, lineUserId: input.lineUserId, id: { not: found.staffId } },
      select: { displayName: true },
    });
    if (other) return { kind: 'bound_to_other', staffName: other.displayName };
    // Single use: whoever deletes the row binds; a concurrent second use finds nothing.
    const { count } = await tx.lineBindingCode.deleteMany({ where: { id: found.id } });
    if (count === 0) return { kind: 'invalid' };
    await tx.staff.update({ where: { id: found.staffId }, data: { lineUserId: input.lineUserId } });
    await writeAudit(tx, {
      tenantId: input.tenantId,
      userId: found.staff.userId,
      actorName: found.staff.displayName,
      action: AUDIT_BIND,
      targetType: 'staff',
      targetId: found.staffId,
      data: { via: 'line_chat', sourceEventId: input.sourceEventId },
    });
    return { kind: 'bound', staffName: found.staff.displayName };
  });
}

/** The member's LINE binding and pending code, for their settings page. */
export async function findLineBinding(db: Db, ids: { tenantId: string; staffId: string }, now: Date = new Date()) {
  const staff = await db.staff.findFirst({
    where: { id: ids.staffId, tenantId: ids.tenantId },
    select: { lineUserId: true, notifyByLine: true, lineBindingCode: { select: { expiresAt: true } } },
  });
  if (!staff) return null;
  const pending =
    staff.lineBindingCode && staff.lineBindingCode.expiresAt > now ? staff.lineBindingCode.expiresAt : null;
  return { bound: staff.lineUserId !== null, notifyByLine: staff.notifyByLine, codeExpiresAt: pending };
}

/** Clears the member's LINE user (and any pending code); returns the LINE user it was bound to (null: none). */
export async function unbindStaffLineAccount(
  db: Db,
  ids: { tenantId: string; staffId: string },
): Promise<string | null> {
  return db.$transaction(async (tx) => {
    await tx.lineBindingCode.deleteMany({ where: { staffId: ids.staffId, tenantId: ids.tenantId } });
    const staff = await tx.staff.findFirst({
      where: { id: ids.staffId, tenantId: ids.tenantId },
      select: { lineUserId: true },
    });
    if (!staff?.lineUserId) return null;
    // Only if still bound to that user: of two concurrent unbinds, one reports it.
    const { count } = await tx.staff.updateMany({
      where: { id: ids.staffId, tenantId: ids.tenantId, lineUserId: staff.lineUserId },
      data: { lineUserId: null },
    });
    return count > 0 ? staff.lineUserId : null;
  });
}

/** A LINE user bound to a member of the shop who may manage products (photos, quoted edits). */
export async function findProductAdmin(
  db: Db,
  tenantId: string,
  lineUserId: string,
): Promise<{ staffId: string; userId: string | null; displayName: string } | null> {
  const staff = await db.staff.findUnique({
    where: { tenantId_lineUserId: { tenantId, lineUserId } },
    select: { id: true, userId: true, displayName: true, role: true, permissions: true },
  });
  if (!staff || !isRole(staff.role)) return null;
  if (!can(effectivePermissions(staff.role, staff.permissions), 'products', 'manage')) return null;
  return { staffId: staff.id, userId: staff.userId, displayName: staff.displayName };
}
