import { readOrderHandling, type OrderHandling } from '../../domain/restaurant/order-handling.ts';
import type { Db, Prisma } from '../client.ts';

/** A branch's 接單設定, keyed by tenant and branch together (another shop's branch finds nothing). */

type Client = Db | Prisma.TransactionClient;

export async function getOrderHandling(db: Client, tenantId: string, branchId: string): Promise<OrderHandling> {
  const row = await db.branchOrderHandling.findUnique({
    where: { tenantId_branchId: { tenantId, branchId } },
    select: { acceptWithinMinutes: true, remindAfterMinutes: true, autoAccept: true, pickupReminderMinutes: true },
  });
  return readOrderHandling(row);
}

export async function saveOrderHandling(
  db: Client,
  tenantId: string,
  branchId: string,
  settings: OrderHandling,
): Promise<OrderHandling> {
  await db.branchOrderHandling.upsert({
    where: { tenantId_branchId: { tenantId, branchId } },
    create: { tenantId, branchId, ...settings },
    update: settings,
  });
  return settings;
}
