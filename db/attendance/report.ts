import type { Db, Prisma } from '../client.ts';
import { taipeiDayRange } from '../../domain/taipei-time.ts';
import type { ShiftRecord } from '../../domain/attendance/report.ts';

type Client = Db | Prisma.TransactionClient;

export const shiftRecord = {
  id: true,
  staffId: true,
  clockInAt: true,
  clockOutAt: true,
  inVia: true,
  outVia: true,
  inDistanceM: true,
  outDistanceM: true,
  correctedAt: true,
} as const;

/** Shifts that started on the Taipei days from..to (YYYYMMDD, inclusive), optionally one person's. */
export function listShifts(
  db: Client,
  tenantId: string,
  range: { from: string; to: string; staffId?: string },
): Promise<ShiftRecord[]> {
  return db.attendanceShift.findMany({
    where: {
      tenantId,
      clockInAt: { gte: taipeiDayRange(range.from).start, lt: taipeiDayRange(range.to).end },
      ...(range.staffId ? { staffId: range.staffId } : {}),
    },
    orderBy: { clockInAt: 'asc' },
    select: shiftRecord,
  });
}

/** Every member of the shop, left or not, by ID: names for attendance rows. */
export async function attendancePeople(db: Client, tenantId: string) {
  const staff = await db.staff.findMany({
    where: { tenantId },
    orderBy: { createdAt: 'asc' },
    select: { id: true, displayName: true, jobTitle: true, deactivatedAt: true },
  });
  return {
    list: staff.map((s) => ({ id: s.id, name: s.displayName, jobTitle: s.jobTitle, active: s.deactivatedAt === null })),
    byId: new Map(staff.map((s) => [s.id, { name: s.displayName, jobTitle: s.jobTitle }])),
  };
}

export function findShift(db: Client, tenantId: string, shiftId: string) {
  return db.attendanceShift.findFirst({ where: { id: shiftId, tenantId }, select: shiftRecord });
}
