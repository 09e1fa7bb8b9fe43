import type { Db, Prisma } from '../client.ts';
import { readTogether } from '../read-together.ts';

/**
 * Items and option choices a branch stopped selling for a while (暫停銷售). Pausing again
 * replaces the end; resuming deletes the row; a row whose `until` has passed is read as not
 * paused (domain/restaurant/daily-ops.ts isPaused), so nothing has to clear it.
 */

type Client = Db | Prisma.TransactionClient;
type Tx = Prisma.TransactionClient;

export type PauseTarget = 'item' | 'choice';

export interface PauseRow {
  id: string;
  until: Date | null;
  pausedAt: Date;
}

/** Whether the item or choice is the shop's (a choice of its option groups). */
async function isShops(client: Client, tenantId: string, target: PauseTarget, id: string): Promise<boolean> {
  const found =
    target === 'item'
      ? await client.product.findFirst({ where: { tenantId, id, deletedAt: null }, select: { id: true } })
      : await client.optionChoice.findFirst({ where: { tenantId, id }, select: { id: true } });
  return found !== null;
}

/** null when the item or choice is not the shop's. */
export async function pause(
  tx: Tx,
  tenantId: string,
  branchId: string,
  target: PauseTarget,
  id: string,
  until: Date | null,
  now = new Date(),
): Promise<PauseRow | null> {
  if (!(await isShops(tx, tenantId, target, id))) return null;
  const data = { until, pausedAt: now };
  if (target === 'item') {
    await tx.branchItemPause.upsert({
      where: { branchId_productId: { branchId, productId: id } },
      create: { tenantId, branchId, productId: id, ...data },
      update: data,
    });
  } else {
    await tx.branchChoicePause.upsert({
      where: { branchId_choiceId: { branchId, choiceId: id } },
      create: { tenantId, branchId, choiceId: id, ...data },
      update: data,
    });
  }
  return { id, ...data };
}

/**
 * Whether a pause was lifted (false: it was not paused, which is fine); null when the item or
 * choice is not the shop's.
 */
export async function resume(
  tx: Tx,
  tenantId: string,
  branchId: string,
  target: PauseTarget,
  id: string,
): Promise<boolean | null> {
  if (!(await isShops(tx, tenantId, target, id))) return null;
  const where = { tenantId, branchId };
  const { count } =
    target === 'item'
      ? await tx.branchItemPause.deleteMany({ where: { ...where, productId: id } })
      : await tx.branchChoicePause.deleteMany({ where: { ...where, choiceId: id } });
  return count > 0;
}

/** Pauses of the branch not yet ended at `now` (an ended one is simply not a pause). */
const inForceAt = (tenantId: string, branchId: string, now: Date) => ({
  tenantId,
  branchId,
  OR: [{ until: null }, { until: { gt: now } }],
});

/** The pauses of a branch still in force at `now`, items and choices by id. */
export async function activePauses(
  client: Client,
  tenantId: string,
  branchId: string,
  now = new Date(),
): Promise<{ items: Map<string, PauseRow>; choices: Map<string, PauseRow> }> {
  const inForce = inForceAt(tenantId, branchId, now);
  const [items, choices] = await readTogether(client, [
    () => client.branchItemPause.findMany({ where: inForce, select: { productId: true, until: true, pausedAt: true } }),
    () =>
      client.branchChoicePause.findMany({ where: inForce, select: { choiceId: true, until: true, pausedAt: true } }),
  ]);
  return {
    items: new Map(items.map((p) => [p.productId, { id: p.productId, until: p.until, pausedAt: p.pausedAt }])),
    choices: new Map(choices.map((p) => [p.choiceId, { id: p.choiceId, until: p.until, pausedAt: p.pausedAt }])),
  };
}

/**
 * Which of an order's items and option choices the branch has paused at `now`, for the order
 * flow to refuse them (a pause is a switch, not a count: reading it in the order's transaction
 * is enough).
 */
export async function pausedAmong(
  client: Client,
  tenantId: string,
  branchId: string,
  order: { productIds: readonly string[]; choiceIds: readonly string[] },
  now = new Date(),
): Promise<{ items: string[]; choices: string[] }> {
  const inForce = inForceAt(tenantId, branchId, now);
  const [items, choices] = await readTogether(client, [
    () =>
      client.branchItemPause.findMany({
        where: { ...inForce, productId: { in: [...order.productIds] } },
        select: { productId: true },
      }),
    () =>
      client.branchChoicePause.findMany({
        where: { ...inForce, choiceId: { in: [...order.choiceIds] } },
        select: { choiceId: true },
      }),
  ]);
  return { items: items.map((p) => p.productId), choices: choices.map((p) => p.choiceId) };
}
