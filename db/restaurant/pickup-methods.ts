import { readPickupMethods, type PickupMethods } from '../../domain/restaurant/pickup-methods.ts';
import type { Db, Prisma } from '../client.ts';

/**
 * A branch's pickup methods (取件方式設定), one row per branch, keyed by tenant and branch
 * together: another shop's branch ID finds nothing. Callers have already checked the branch is
 * the shop's and not archived (api/restaurant/branch-guard.ts).
 */

type Client = Db | Prisma.TransactionClient;

/** The branch's settings; the defaults when it never saved any. */
export async function getPickupMethods(db: Client, tenantId: string, branchId: string): Promise<PickupMethods> {
  const row = await db.branchPickupMethods.findUnique({
    where: { tenantId_branchId: { tenantId, branchId } },
    select: { settings: true },
  });
  return readPickupMethods(row?.settings ?? null);
}

/** Replaces the branch's settings (validated by pickupMethodsSchema before). */
export async function savePickupMethods(
  db: Client,
  tenantId: string,
  branchId: string,
  settings: PickupMethods,
): Promise<PickupMethods> {
  const row = await db.branchPickupMethods.upsert({
    where: { tenantId_branchId: { tenantId, branchId } },
    create: { tenantId, branchId, settings },
    update: { settings },
    select: { settings: true },
  });
  return readPickupMethods(row.settings);
}
