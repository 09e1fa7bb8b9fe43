import type { Db } from '../client.ts';

/** The shop's registered tablets; a device is known by the SHA-256 of the token in its cookie. */

export function listDevices(db: Db, tenantId: string) {
  return db.shopDevice.findMany({
    where: { tenantId, revokedAt: null },
    orderBy: { createdAt: 'asc' },
    select: { id: true, name: true, branchId: true, createdAt: true },
  });
}

/** The registered, not revoked device of the shop at `slug` with this token hash, or null. */
export async function findDevice(db: Db, slug: string, tokenHash: string) {
  const device = await db.shopDevice.findUnique({
    where: { tokenHash },
    select: { id: true, name: true, branchId: true, revokedAt: true, tenant: { select: { id: true, slug: true } } },
  });
  return device && !device.revokedAt && device.tenant.slug === slug ? device : null;
}

/** The shop's active members with a PIN: who can clock in on a tablet, and whether each is working now. */
export async function tabletStaff(db: Db, tenantId: string) {
  const staff = await db.staff.findMany({
    where: { tenantId, deactivatedAt: null, pinHash: { not: null } },
    orderBy: { displayName: 'asc' },
    select: {
      id: true,
      displayName: true,
      jobTitle: true,
      attendanceShifts: {
        where: { clockOutAt: null },
        orderBy: { clockInAt: 'desc' },
        take: 1,
        select: { clockInAt: true },
      },
    },
  });
  return staff.map((s) => ({
    id: s.id,
    name: s.displayName,
    jobTitle: s.jobTitle,
    openSince: s.attendanceShifts[0]?.clockInAt.toISOString() ?? null,
  }));
}
