import type { Db, Prisma } from '../client.ts';
import {
  checkPunch,
  LOCATION_WINDOW_MS,
  type PunchAction,
  type PunchOutcome,
  type PunchVia,
} from '../../domain/attendance/punches.ts';
import { nearestBranch, type GeoPoint } from '../../domain/attendance/distance.ts';

/**
 * Attendance shifts of one shop. Every query names the tenant. A punch locks its staff row, so
 * two taps of 上班 at once make one shift; the source event's ID is unique on each end, so a
 * redelivered LINE event answers with what it recorded the first time.
 */

type Tx = Prisma.TransactionClient;

const shiftTimes = { id: true, clockInAt: true, clockOutAt: true } as const;

/** An active member bound to this LINE user in this shop (deactivated members cannot punch). */
export function findClockingStaff(db: Db, tenantId: string, lineUserId: string) {
  return db.staff.findFirst({
    where: { tenantId, lineUserId, deactivatedAt: null },
    select: { id: true, displayName: true },
  });
}

/** The member's shift still open (clocked in, not out), the latest if several were forgotten. */
export async function latestOpen(tx: Db | Tx, tenantId: string, staffId: string) {
  return tx.attendanceShift.findFirst({
    where: { tenantId, staffId, clockOutAt: null },
    orderBy: { clockInAt: 'desc' },
    select: shiftTimes,
  });
}

async function replayed(tx: Tx, eventId: string, name: string): Promise<PunchOutcome | null> {
  const asIn = await tx.attendanceShift.findUnique({ where: { inEventId: eventId }, select: shiftTimes });
  if (asIn) return { kind: 'in', name, at: asIn.clockInAt };
  const asOut = await tx.attendanceShift.findUnique({ where: { outEventId: eventId }, select: shiftTimes });
  if (asOut?.clockOutAt) return { kind: 'out', name, shift: { ...asOut, clockOutAt: asOut.clockOutAt } };
  return null;
}

export interface PunchInput {
  tenantId: string;
  staff: { id: string; displayName: string };
  action: PunchAction;
  at: Date;
  via: PunchVia;
  /** The LINE webhook event or tablet request: the same one again records nothing new. */
  eventId: string;
  branchId?: string | null;
}

/** Records a clock-in or clock-out, or says why not. */
export async function recordPunch(db: Db, input: PunchInput): Promise<PunchOutcome> {
  const { tenantId, staff } = input;
  return db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM staff WHERE id = ${staff.id}::uuid AND tenant_id = ${tenantId}::uuid FOR UPDATE`;
    const earlier = await replayed(tx, input.eventId, staff.displayName);
    if (earlier) return earlier;
    const open = await latestOpen(tx, tenantId, staff.id);
    const refusal = checkPunch(input.action, open, input.at);
    if (refusal) return { kind: 'refused', refusal, open } as const;
    if (input.action === 'in') {
      await tx.attendanceShift.create({
        data: {
          tenantId,
          staffId: staff.id,
          clockInAt: input.at,
          inVia: input.via,
          inEventId: input.eventId,
          branchId: input.branchId ?? null,
        },
      });
      return { kind: 'in', name: staff.displayName, at: input.at } as const;
    }
    const closed = await tx.attendanceShift.update({
      where: { id: open!.id },
      data: { clockOutAt: input.at, outVia: input.via, outEventId: input.eventId },
      select: shiftTimes,
    });
    return { kind: 'out', name: staff.displayName, shift: { ...closed, clockOutAt: input.at } } as const;
  });
}

/**
 * A location the member shared right after a punch: the distance to the nearest of their
 * branches, kept on that punch. Null when there is no recent punch or no branch has a location.
 */
export async function attachLocation(
  db: Db,
  input: { tenantId: string; staffId: string; at: Date; point: GeoPoint },
): Promise<Extract<PunchOutcome, { kind: 'located' }> | null> {
  const since = new Date(input.at.getTime() - LOCATION_WINDOW_MS);
  const { tenantId, staffId } = input;
  const [lastIn, lastOut] = await Promise.all([
    db.attendanceShift.findFirst({
      where: { tenantId, staffId, clockInAt: { gte: since }, inDistanceM: null },
      orderBy: { clockInAt: 'desc' },
      select: { id: true, clockInAt: true },
    }),
    db.attendanceShift.findFirst({
      where: { tenantId, staffId, clockOutAt: { gte: since }, outDistanceM: null },
      orderBy: { clockOutAt: 'desc' },
      select: { id: true, clockOutAt: true },
    }),
  ]);
  const outIsLater = lastOut?.clockOutAt && (!lastIn || lastOut.clockOutAt > lastIn.clockInAt);
  const target = outIsLater
    ? { id: lastOut.id, end: 'out' as const }
    : lastIn
      ? { id: lastIn.id, end: 'in' as const }
      : null;
  if (!target) return null;
  const member = await db.staff.findFirstOrThrow({
    where: { id: staffId, tenantId },
    select: { allBranches: true, role: true, branches: { select: { branchId: true } } },
  });
  const branches = await db.branch.findMany({
    where: {
      tenantId,
      archivedAt: null,
      ...(member.allBranches || member.role === 'owner' ? {} : { id: { in: member.branches.map((b) => b.branchId) } }),
    },
    select: { id: true, name: true, latitude: true, longitude: true },
  });
  const nearest = nearestBranch(input.point, branches);
  if (!nearest) return null;
  await db.attendanceShift.update({
    where: { id: target.id },
    data: {
      ...(target.end === 'in' ? { inDistanceM: nearest.metres } : { outDistanceM: nearest.metres }),
      branchId: nearest.branch.id,
    },
  });
  return { kind: 'located', branchName: nearest.branch.name, metres: nearest.metres };
}
