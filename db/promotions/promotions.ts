import { storedDiscountSchema } from '../../domain/promotions/discount-rules.ts';
import { promotionApplies, type PromotionInput, type PromotionState } from '../../domain/promotions/promotions.ts';
import type { Db, Prisma } from '../client.ts';
import { readTogether } from '../read-together.ts';

/** 促銷活動 in the database, always within one shop. */

type Client = Db | Prisma.TransactionClient;

export interface StoredPromotion extends PromotionState {
  createdAt: Date;
}

const columns = {
  id: true,
  name: true,
  rule: true,
  branchIds: true,
  startsAt: true,
  endsAt: true,
  active: true,
  createdAt: true,
} as const satisfies Prisma.PromotionSelect;

function toStored(row: Prisma.PromotionGetPayload<{ select: typeof columns }>): StoredPromotion {
  return { ...row, rule: storedDiscountSchema.parse(row.rule) };
}

export async function listPromotions(db: Client, tenantId: string): Promise<StoredPromotion[]> {
  const rows = await db.promotion.findMany({ where: { tenantId }, select: columns, orderBy: { createdAt: 'desc' } });
  return rows.map(toStored);
}

/** The promotions an order in this branch gets at `now` (the pricing order's first step). */
export async function runningPromotions(
  db: Client,
  tenantId: string,
  branchId: string | null,
  now: Date,
): Promise<StoredPromotion[]> {
  const rows = await db.promotion.findMany({
    where: {
      tenantId,
      active: true,
      OR: [{ startsAt: null }, { startsAt: { lte: now } }],
      AND: [{ OR: [{ endsAt: null }, { endsAt: { gt: now } }] }],
    },
    select: columns,
    orderBy: { createdAt: 'asc' },
  });
  return rows.map(toStored).filter((p) => promotionApplies(p, branchId, now));
}

/** What 促銷活動 and 優惠碼 may name: the shop's open branches, menu categories and items. */
export interface DiscountScopeChoices {
  branches: { id: string; name: string }[];
  categories: { id: string; name: string }[];
  items: { id: string; name: string }[];
}

export async function discountScopeChoices(db: Client, tenantId: string): Promise<DiscountScopeChoices> {
  const [branches, categories, items] = await readTogether(db, [
    () =>
      db.branch.findMany({
        where: { tenantId, archivedAt: null },
        select: { id: true, name: true },
        orderBy: { createdAt: 'asc' },
      }),
    () =>
      db.menuCategory.findMany({
        where: { tenantId },
        select: { id: true, name: true },
        orderBy: { sortOrder: 'asc' },
      }),
    () =>
      db.product.findMany({
        where: { tenantId, deletedAt: null },
        select: { id: true, name: true },
        orderBy: [{ sortOrder: 'asc' }, { createdAt: 'asc' }],
        take: 500,
      }),
  ]);
  return { branches, categories, items };
}

/** Branches named must be this shop's; false when one is not. */
async function branchesOwned(db: Client, tenantId: string, branchIds: readonly string[]): Promise<boolean> {
  if (branchIds.length === 0) return true;
  const found = await db.branch.count({ where: { tenantId, id: { in: [...branchIds] } } });
  return found === new Set(branchIds).size;
}

export async function createPromotion(
  db: Client,
  tenantId: string,
  input: PromotionInput,
): Promise<StoredPromotion | 'unknown_branch'> {
  if (!(await branchesOwned(db, tenantId, input.branchIds))) return 'unknown_branch';
  const row = await db.promotion.create({ data: { tenantId, ...input }, select: columns });
  return toStored(row);
}

export async function updatePromotion(
  db: Client,
  tenantId: string,
  id: string,
  input: PromotionInput,
): Promise<StoredPromotion | 'unknown_branch' | null> {
  if (!(await branchesOwned(db, tenantId, input.branchIds))) return 'unknown_branch';
  const { count } = await db.promotion.updateMany({ where: { tenantId, id }, data: input });
  if (count === 0) return null;
  const row = await db.promotion.findFirst({ where: { tenantId, id }, select: columns });
  return row && toStored(row);
}

/** Removes a promotion; the orders that got it keep their discount lines (order_discounts). */
export async function deletePromotion(db: Client, tenantId: string, id: string): Promise<boolean> {
  const { count } = await db.promotion.deleteMany({ where: { tenantId, id } });
  return count > 0;
}
