import { mergeLines, type OrderLine, type Shortage } from '../../domain/restaurant/daily-ops.ts';
import type { Db, Prisma } from '../client.ts';
import { allOrNothing } from './all-or-nothing.ts';
import { readTogether } from '../read-together.ts';

/**
 * How much one pickup slot of a branch may take (產能限制): at most N orders (BranchCapacity)
 * and at most N of an item (BranchItemStock.maxPerSlot). The order flow reserves a slot in its
 * transaction with one conditional upsert per count (`… DO UPDATE … WHERE used + n <= cap`), so
 * concurrent orders queue on the slot's row instead of each counting what it saw and overfilling
 * it. Every order is counted, limited or not, so a limit set mid-service starts from the truth.
 */

type Client = Db | Prisma.TransactionClient;
type Tx = Prisma.TransactionClient;

export async function getBranchCapacity(client: Client, tenantId: string, branchId: string) {
  const row = await client.branchCapacity.findUnique({
    where: { tenantId_branchId: { tenantId, branchId } },
    select: { maxOrdersPerSlot: true },
  });
  return { maxOrdersPerSlot: row?.maxOrdersPerSlot ?? null };
}

export async function setBranchCapacity(tx: Tx, tenantId: string, branchId: string, maxOrdersPerSlot: number | null) {
  await tx.branchCapacity.upsert({
    where: { tenantId_branchId: { tenantId, branchId } },
    create: { tenantId, branchId, maxOrdersPerSlot },
    update: { maxOrdersPerSlot },
  });
  return { maxOrdersPerSlot };
}

/** null when the item is not the shop's. An item the branch never counted stays unlimited. */
export async function setItemCapacity(
  tx: Tx,
  tenantId: string,
  branchId: string,
  productId: string,
  maxPerSlot: number | null,
) {
  const item = await tx.product.findFirst({
    where: { tenantId, id: productId, deletedAt: null },
    select: { id: true },
  });
  if (!item) return null;
  await tx.branchItemStock.upsert({
    where: { branchId_productId: { branchId, productId } },
    create: { tenantId, branchId, productId, maxPerSlot },
    update: { maxPerSlot },
  });
  return { productId, maxPerSlot };
}

/** Orders and items already held by one slot. */
export async function slotUsage(client: Client, tenantId: string, branchId: string, slotStart: Date) {
  const [orders, items] = await readTogether(client, [
    () =>
      client.slotOrderCount.findUnique({
        where: { branchId_slotStart: { branchId, slotStart } },
        select: { orders: true, tenantId: true },
      }),
    () =>
      client.slotItemCount.findMany({
        where: { tenantId, branchId, slotStart },
        select: { productId: true, quantity: true },
      }),
  ]);
  return {
    orders: orders?.tenantId === tenantId ? orders.orders : 0,
    items: new Map(items.map((i) => [i.productId, i.quantity])),
  };
}

export type ReserveResult = { ok: true } | { ok: false; shortages: Shortage[] };

/**
 * Counts one order and its items into the slot starting at `slotStart` (the order's pickup slot,
 * as the branch's pickup settings cut the day), or nothing when the slot or an item of it is full.
 */
export async function reserveSlotCapacity(
  tx: Tx,
  tenantId: string,
  branchId: string,
  slotStart: Date,
  lines: readonly OrderLine[],
): Promise<ReserveResult> {
  const merged = mergeLines(lines);
  // One after another: a transaction's one connection takes one query at a time.
  const { maxOrdersPerSlot } = await getBranchCapacity(tx, tenantId, branchId);
  const limits = await tx.branchItemStock.findMany({
    where: { tenantId, branchId, productId: { in: merged.map((l) => l.productId) }, maxPerSlot: { not: null } },
    select: { productId: true, maxPerSlot: true },
  });
  const capOf = new Map(limits.map((l) => [l.productId, l.maxPerSlot]));
  return allOrNothing(tx, 'reserve_slot_capacity', async () => {
    const shortages: Shortage[] = [];
    const [order] = await tx.$queryRaw<{ orders: number }[]>`
      INSERT INTO slot_order_counts (tenant_id, branch_id, slot_start, orders)
      SELECT ${tenantId}::uuid, ${branchId}::uuid, ${slotStart}::timestamptz, 1 WHERE ${maxOrdersPerSlot}::int IS NULL OR ${maxOrdersPerSlot}::int >= 1
      ON CONFLICT (branch_id, slot_start) DO UPDATE SET orders = slot_order_counts.orders + 1
       WHERE slot_order_counts.tenant_id = ${tenantId}::uuid
         AND (${maxOrdersPerSlot}::int IS NULL OR slot_order_counts.orders + 1 <= ${maxOrdersPerSlot}::int)
      RETURNING orders`;
    if (!order) return { ok: false as const, shortages: [{ reason: 'slot_full' as const }] };
    for (const line of merged) {
      const cap = capOf.get(line.productId) ?? null;
      const [item] = await tx.$queryRaw<{ quantity: number }[]>`
        INSERT INTO slot_item_counts (tenant_id, branch_id, slot_start, product_id, quantity)
        SELECT ${tenantId}::uuid, ${branchId}::uuid, ${slotStart}::timestamptz, ${line.productId}::uuid, ${line.quantity}::int
         WHERE ${cap}::int IS NULL OR ${line.quantity}::int <= ${cap}::int
        ON CONFLICT (branch_id, slot_start, product_id) DO UPDATE SET quantity = slot_item_counts.quantity + ${line.quantity}::int
         WHERE slot_item_counts.tenant_id = ${tenantId}::uuid
           AND (${cap}::int IS NULL OR slot_item_counts.quantity + ${line.quantity}::int <= ${cap}::int)
        RETURNING quantity`;
      if (!item) {
        const used = await tx.slotItemCount.findFirst({
          where: { tenantId, branchId, slotStart, productId: line.productId },
          select: { quantity: true },
        });
        shortages.push({
          reason: 'item_slot_full',
          productId: line.productId,
          left: Math.max(0, (cap ?? 0) - (used?.quantity ?? 0)),
        });
      }
    }
    return shortages.length ? { ok: false as const, shortages } : { ok: true as const };
  });
}

/** Takes a cancelled order and its items out of its slot's counts; never below 0. */
export async function releaseSlotCapacity(
  tx: Tx,
  tenantId: string,
  branchId: string,
  slotStart: Date,
  lines: readonly OrderLine[],
): Promise<void> {
  await tx.$executeRaw`
    UPDATE slot_order_counts SET orders = GREATEST(orders - 1, 0)
     WHERE tenant_id = ${tenantId}::uuid AND branch_id = ${branchId}::uuid AND slot_start = ${slotStart}::timestamptz`;
  for (const line of mergeLines(lines)) {
    await tx.$executeRaw`
      UPDATE slot_item_counts SET quantity = GREATEST(quantity - ${line.quantity}::int, 0)
       WHERE tenant_id = ${tenantId}::uuid AND branch_id = ${branchId}::uuid AND slot_start = ${slotStart}::timestamptz
         AND product_id = ${line.productId}::uuid`;
  }
}
