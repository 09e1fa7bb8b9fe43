import {
  mergeLines,
  stockOn,
  UNLIMITED,
  type OrderLine,
  type Shortage,
  type StockInput,
} from '../../domain/restaurant/daily-ops.ts';
import { taipeiDayKey } from '../../domain/taipei-time.ts';
import { Prisma, type Db } from '../client.ts';
import { allOrNothing } from './all-or-nothing.ts';

/**
 * A branch's stock of each item (庫存管理). Every statement names the tenant and the branch, and
 * every change of a count is one conditional UPDATE, so concurrent orders and kitchen taps never
 * take it below 0. A daily quantity is applied lazily: the statement that first touches the item
 * on a new Taipei day starts from it (`effective` below), so no timer has to fire at midnight.
 */

type Client = Db | Prisma.TransactionClient;
type Tx = Prisma.TransactionClient;

/** The quantity of today (`day`), with the daily reset applied, as SQL over a branch_item_stock row. */
const effective = (day: string) =>
  Prisma.sql`(CASE WHEN daily_quantity IS NOT NULL AND stock_day IS DISTINCT FROM ${day} THEN daily_quantity ELSE quantity END)`;

export interface ItemStock {
  productId: string;
  /** Left today; -1 unlimited. */
  quantity: number;
  dailyQuantity: number | null;
}

/** null when the item is not one of the shop's (the branch is checked by the route's guard). */
async function shopItem(client: Client, tenantId: string, productId: string): Promise<boolean> {
  const found = await client.product.findFirst({
    where: { tenantId, id: productId, deletedAt: null },
    select: { id: true },
  });
  return found !== null;
}

/** Sets what is left today and the daily quantity. null: no such item in the shop. */
export async function setItemStock(
  tx: Tx,
  tenantId: string,
  branchId: string,
  productId: string,
  input: StockInput,
  now = new Date(),
): Promise<ItemStock | null> {
  if (!(await shopItem(tx, tenantId, productId))) return null;
  const stockDay = taipeiDayKey(now);
  await tx.branchItemStock.upsert({
    where: { branchId_productId: { branchId, productId } },
    create: { tenantId, branchId, productId, ...input, stockDay },
    update: { ...input, stockDay },
  });
  return { productId, ...input };
}

/**
 * A quick +/− in one statement (a tap while orders are taking the same item): never below 0,
 * unlimited stays unlimited. null: the item is not the shop's; an item the branch does not count
 * yet is unlimited, so it stays so.
 */
export async function adjustItemStock(
  tx: Tx,
  tenantId: string,
  branchId: string,
  productId: string,
  delta: number,
  now = new Date(),
): Promise<ItemStock | null> {
  if (!(await shopItem(tx, tenantId, productId))) return null;
  const day = taipeiDayKey(now);
  const [row] = await tx.$queryRaw<{ quantity: number; daily_quantity: number | null }[]>`
    UPDATE branch_item_stock
       SET quantity = CASE WHEN ${effective(day)} = -1 THEN -1 ELSE GREATEST(${effective(day)} + ${delta}::int, 0) END,
           stock_day = ${day}, updated_at = now()
     WHERE tenant_id = ${tenantId}::uuid AND branch_id = ${branchId}::uuid AND product_id = ${productId}::uuid
     RETURNING quantity, daily_quantity`;
  return { productId, quantity: row?.quantity ?? UNLIMITED, dailyQuantity: row?.daily_quantity ?? null };
}

/** Today's stock of the given items (all the branch counts when `productIds` is absent). */
export async function stockToday(
  client: Client,
  tenantId: string,
  branchId: string,
  productIds?: readonly string[],
  now = new Date(),
): Promise<Map<string, ItemStock>> {
  const rows = await client.branchItemStock.findMany({
    where: { tenantId, branchId, ...(productIds ? { productId: { in: [...productIds] } } : {}) },
    select: { productId: true, quantity: true, dailyQuantity: true, stockDay: true, maxPerSlot: true },
  });
  const today = taipeiDayKey(now);
  return new Map(
    rows.map((r) => [
      r.productId,
      { productId: r.productId, quantity: stockOn(r, today), dailyQuantity: r.dailyQuantity },
    ]),
  );
}

/**
 * `soldOut`: the items this order took the last of; the order flow bumps the menu version for
 * them (bumpMenuVersion) so open menus show 售完 without every order touching the shop's row.
 */
export type TakeResult = { ok: true; day: string; soldOut: string[] } | { ok: false; shortages: Shortage[] };

/**
 * Takes a whole order's items from the branch's stock inside the order's transaction, or none of
 * them: each limited item is one `UPDATE … WHERE left >= n`, in item id order (two orders never
 * wait on each other in a cycle), and a short item puts back what the order took. Items the
 * branch does not count are not touched (no lock for unlimited items). Keep `day` for
 * releaseBranchStock.
 */
export async function takeBranchStock(
  tx: Tx,
  tenantId: string,
  branchId: string,
  lines: readonly OrderLine[],
  now = new Date(),
): Promise<TakeResult> {
  const day = taipeiDayKey(now);
  const merged = mergeLines(lines);
  const counted = await stockToday(
    tx,
    tenantId,
    branchId,
    merged.map((l) => l.productId),
    now,
  );
  const limited = merged.filter((l) => (counted.get(l.productId)?.quantity ?? UNLIMITED) !== UNLIMITED);
  if (limited.length === 0) return { ok: true, day, soldOut: [] };
  return allOrNothing(tx, 'take_branch_stock', async () => {
    const shortages: Shortage[] = [];
    const soldOut: string[] = [];
    for (const line of limited) {
      const [row] = await tx.$queryRaw<{ remaining: number; taken: boolean }[]>`
        WITH target AS (
          SELECT ${effective(day)} AS remaining FROM branch_item_stock
           WHERE tenant_id = ${tenantId}::uuid AND branch_id = ${branchId}::uuid AND product_id = ${line.productId}::uuid
        ), taken AS (
          UPDATE branch_item_stock
             SET quantity = CASE WHEN ${effective(day)} = -1 THEN -1 ELSE ${effective(day)} - ${line.quantity}::int END,
                 stock_day = ${day}, updated_at = now()
           WHERE tenant_id = ${tenantId}::uuid AND branch_id = ${branchId}::uuid AND product_id = ${line.productId}::uuid
             AND (${effective(day)} = -1 OR ${effective(day)} >= ${line.quantity}::int)
          RETURNING quantity
        )
        SELECT coalesce((SELECT quantity FROM taken), (SELECT remaining FROM target), -1)::int AS remaining,
               EXISTS (SELECT 1 FROM taken) OR NOT EXISTS (SELECT 1 FROM target) AS taken`;
      if (!row?.taken)
        shortages.push({ reason: 'sold_out', productId: line.productId, left: Math.max(0, row?.remaining ?? 0) });
      else if (row.remaining === 0) soldOut.push(line.productId);
    }
    return shortages.length ? { ok: false as const, shortages } : { ok: true as const, day, soldOut };
  });
}

/**
 * Puts back what a cancelled order took on `day`. On a later day an item with a daily quantity
 * has started again from it, so nothing goes back; one without carries the count over, so it does.
 */
export async function releaseBranchStock(
  tx: Tx,
  tenantId: string,
  branchId: string,
  lines: readonly OrderLine[],
  day: string,
  now = new Date(),
): Promise<void> {
  const today = taipeiDayKey(now);
  for (const line of mergeLines(lines)) {
    await tx.$executeRaw`
      UPDATE branch_item_stock
         SET quantity = ${effective(today)} + ${line.quantity}::int, stock_day = ${today}, updated_at = now()
       WHERE tenant_id = ${tenantId}::uuid AND branch_id = ${branchId}::uuid AND product_id = ${line.productId}::uuid
         AND ${effective(today)} <> -1
         AND (daily_quantity IS NULL OR ${day} = ${today})`;
  }
}
