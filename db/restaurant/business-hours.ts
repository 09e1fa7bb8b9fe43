import { readBusinessHours, type BusinessHours } from '../../domain/restaurant/business-hours.ts';
import type { Db, Prisma } from '../client.ts';

/**
 * A branch's business hours (營業時間設定), one row per branch keyed by tenant and branch
 * together, and the branch's upcoming orders the hours must still cover. Callers have already
 * checked the branch is the shop's and not archived (api/restaurant/branch-guard.ts).
 */

type Client = Db | Prisma.TransactionClient;

export interface StoredBusinessHours {
  hours: BusinessHours;
  /** False until the branch first saves: the hours are then the defaults. */
  saved: boolean;
}

export async function getBusinessHours(db: Client, tenantId: string, branchId: string): Promise<StoredBusinessHours> {
  const row = await db.branchBusinessHours.findUnique({
    where: { tenantId_branchId: { tenantId, branchId } },
    select: { settings: true },
  });
  return { hours: readBusinessHours(row?.settings ?? null), saved: row !== null };
}

/** Replaces the branch's hours (validated by businessHoursSchema before). */
export async function saveBusinessHours(
  db: Client,
  tenantId: string,
  branchId: string,
  hours: BusinessHours,
): Promise<BusinessHours> {
  const row = await db.branchBusinessHours.upsert({
    where: { tenantId_branchId: { tenantId, branchId } },
    create: { tenantId, branchId, settings: hours },
    update: { settings: hours },
    select: { settings: true },
  });
  return readBusinessHours(row.settings);
}

export interface UpcomingOrder {
  id: string;
  number: string;
  wantedAt: Date;
}

/** Orders still to hand over (not cancelled, not yet out the door) wanted at or after `now`. */
export async function upcomingOrders(
  db: Client,
  tenantId: string,
  branchId: string,
  now: Date,
): Promise<UpcomingOrder[]> {
  const rows = await db.order.findMany({
    where: {
      tenantId,
      branchId,
      wantedAt: { gte: now },
      status: { notIn: ['cancelled', 'shipped', 'completed', 'rejected'] },
    },
    orderBy: { wantedAt: 'asc' },
    select: { id: true, number: true, wantedAt: true },
  });
  return rows.flatMap((row) => (row.wantedAt ? [{ id: row.id, number: row.number, wantedAt: row.wantedAt }] : []));
}
