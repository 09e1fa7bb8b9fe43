import type { OrderSlot } from '../../domain/restaurant/business-hours.ts';
import { leftOf } from '../../domain/restaurant/daily-ops.ts';
import type { Db, Prisma } from '../client.ts';
import { getBranchCapacity } from './slot-capacity.ts';
import { readTogether } from '../read-together.ts';

type Client = Db | Prisma.TransactionClient;

export interface SlotAvailability {
  start: Date;
  end: Date;
  full: boolean;
  /** Orders the slot may still take; null: no limit. */
  left: number | null;
}

/** How full each of the slots is against the branch's 每個時段最多訂單數, from the slot counts. */
export async function slotAvailability(
  db: Client,
  tenantId: string,
  branchId: string,
  slots: readonly OrderSlot[],
): Promise<SlotAvailability[]> {
  if (slots.length === 0) return [];
  const [{ maxOrdersPerSlot }, counts] = await readTogether(db, [
    () => getBranchCapacity(db, tenantId, branchId),
    () =>
      db.slotOrderCount.findMany({
        where: {
          tenantId,
          branchId,
          slotStart: { gte: slots[0]!.start, lte: slots.at(-1)!.start },
        },
        select: { slotStart: true, orders: true },
      }),
  ]);
  const used = new Map(counts.map((c) => [c.slotStart.getTime(), c.orders]));
  return slots.map((slot) => {
    const left = leftOf(maxOrdersPerSlot, used.get(slot.start.getTime()) ?? 0);
    return { start: slot.start, end: slot.end, full: left === 0, left };
  });
}

/** Up to `count` slots after `after` that still take an order, for a refusal to offer instead. */
export async function nextFreeSlots(
  db: Client,
  tenantId: string,
  branchId: string,
  slots: readonly OrderSlot[],
  after: Date,
  count = 3,
): Promise<OrderSlot[]> {
  const later = slots.filter((s) => s.start.getTime() > after.getTime()).slice(0, 200);
  const free = (await slotAvailability(db, tenantId, branchId, later)).filter((s) => !s.full);
  return free.slice(0, count).map(({ start, end }) => ({ start, end }));
}
