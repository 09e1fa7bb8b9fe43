import type {
  BranchItemInput,
  CategoryInput,
  ItemMenuInput,
  MenuGroup,
  OptionGroupInput,
} from '../../domain/catalog/menu-rules.ts';
import { productImageUrls } from '../../domain/catalog/image-type.ts';
import { UNLIMITED, unavailableReason, type Unavailable } from '../../domain/restaurant/daily-ops.ts';
import { taipeiDayKey, taipeiDayRange } from '../../domain/taipei-time.ts';
import type { Db, Prisma } from '../client.ts';
import { stockToday, type ItemStock } from '../restaurant/item-stock.ts';
import { activePauses } from '../restaurant/pauses.ts';
import { readTogether } from '../read-together.ts';

/**
 * The restaurant menu: categories, shared option groups, each item's groups and tags, and each
 * branch's availability and price. Every query names the tenant; writes take a transaction
 * client so the caller bumps the shop's menu version (bumpMenuVersion) in the same transaction.
 */

type Client = Db | Prisma.TransactionClient;
type Tx = Prisma.TransactionClient;

/** The next menu version of the shop, for open menu pages to notice a change. */
export async function bumpMenuVersion(tx: Tx, tenantId: string): Promise<number> {
  const row = await tx.tenant.update({
    where: { id: tenantId },
    data: { menuVersion: { increment: 1 } },
    select: { menuVersion: true },
  });
  return row.menuVersion;
}

export async function menuVersionOf(db: Client, tenantId: string): Promise<number> {
  const row = await db.tenant.findUnique({ where: { id: tenantId }, select: { menuVersion: true } });
  return row?.menuVersion ?? 0;
}

const categoryColumns = { id: true, name: true, sortOrder: true } as const satisfies Prisma.MenuCategorySelect;
export type CategoryRow = Prisma.MenuCategoryGetPayload<{ select: typeof categoryColumns }>;

export function listCategories(db: Client, tenantId: string): Promise<CategoryRow[]> {
  return db.menuCategory.findMany({
    where: { tenantId },
    select: categoryColumns,
    orderBy: [{ sortOrder: 'asc' }, { createdAt: 'asc' }],
  });
}

/** A new category goes last unless it names its place. */
export async function createCategory(tx: Tx, tenantId: string, input: CategoryInput): Promise<CategoryRow> {
  let sortOrder = input.sortOrder;
  if (sortOrder === undefined) {
    const last = await tx.menuCategory.aggregate({ where: { tenantId }, _max: { sortOrder: true } });
    sortOrder = (last._max.sortOrder ?? -1) + 1;
  }
  return tx.menuCategory.create({ data: { tenantId, name: input.name, sortOrder }, select: categoryColumns });
}

export async function updateCategory(
  tx: Tx,
  tenantId: string,
  id: string,
  input: CategoryInput,
): Promise<CategoryRow | null> {
  const { count } = await tx.menuCategory.updateMany({ where: { tenantId, id }, data: input });
  return count ? tx.menuCategory.findFirst({ where: { tenantId, id }, select: categoryColumns }) : null;
}

/** Its items stay, without a category. */
export async function deleteCategory(tx: Tx, tenantId: string, id: string): Promise<boolean> {
  await tx.product.updateMany({ where: { tenantId, categoryId: id }, data: { categoryId: null } });
  const { count } = await tx.menuCategory.deleteMany({ where: { tenantId, id } });
  return count > 0;
}

/** false unless `ids` are exactly the shop's categories (a stale or foreign list changes nothing). */
export async function reorderCategories(tx: Tx, tenantId: string, ids: readonly string[]): Promise<boolean> {
  const existing = await tx.menuCategory.findMany({ where: { tenantId }, select: { id: true } });
  const known = new Set(existing.map((c) => c.id));
  if (known.size !== ids.length || ids.some((id) => !known.has(id))) return false;
  for (const [index, id] of ids.entries()) {
    await tx.menuCategory.updateMany({ where: { tenantId, id }, data: { sortOrder: index } });
  }
  return true;
}

const groupColumns = {
  id: true,
  name: true,
  required: true,
  multiple: true,
  minSelect: true,
  maxSelect: true,
  choices: { select: { id: true, name: true, priceDelta: true }, orderBy: { sortOrder: 'asc' } },
} as const satisfies Prisma.OptionGroupSelect;
export type OptionGroupRow = Prisma.OptionGroupGetPayload<{ select: typeof groupColumns }>;

export function listOptionGroups(db: Client, tenantId: string): Promise<OptionGroupRow[]> {
  return db.optionGroup.findMany({ where: { tenantId }, select: groupColumns, orderBy: { createdAt: 'asc' } });
}

export function findOptionGroup(db: Client, tenantId: string, id: string): Promise<OptionGroupRow | null> {
  return db.optionGroup.findFirst({ where: { tenantId, id }, select: groupColumns });
}

export async function createOptionGroup(tx: Tx, tenantId: string, input: OptionGroupInput): Promise<OptionGroupRow> {
  const { choices, ...group } = input;
  const created = await tx.optionGroup.create({ data: { tenantId, ...group }, select: { id: true } });
  await tx.optionChoice.createMany({
    data: choices.map((c, sortOrder) => ({
      tenantId,
      groupId: created.id,
      name: c.name,
      priceDelta: c.priceDelta,
      sortOrder,
    })),
  });
  return (await findOptionGroup(tx, tenantId, created.id))!;
}

/**
 * Replaces the group and its choices: a choice sent with its id keeps it, one sent without is
 * new, one left out is removed. 'unknown_choice' when an id is not a choice of this group.
 */
export async function updateOptionGroup(
  tx: Tx,
  tenantId: string,
  id: string,
  input: OptionGroupInput,
): Promise<OptionGroupRow | null | 'unknown_choice'> {
  const { choices, ...group } = input;
  const { count } = await tx.optionGroup.updateMany({ where: { tenantId, id }, data: group });
  if (!count) return null;
  const existing = await tx.optionChoice.findMany({ where: { tenantId, groupId: id }, select: { id: true } });
  const known = new Set(existing.map((c) => c.id));
  if (choices.some((c) => c.id !== undefined && !known.has(c.id))) return 'unknown_choice';
  const kept = new Set(choices.flatMap((c) => (c.id ? [c.id] : [])));
  await tx.optionChoice.deleteMany({ where: { tenantId, groupId: id, id: { notIn: [...kept] } } });
  for (const [sortOrder, c] of choices.entries()) {
    if (c.id)
      await tx.optionChoice.updateMany({
        where: { tenantId, groupId: id, id: c.id },
        data: { name: c.name, priceDelta: c.priceDelta, sortOrder },
      });
    else
      await tx.optionChoice.create({
        data: { tenantId, groupId: id, name: c.name, priceDelta: c.priceDelta, sortOrder },
      });
  }
  return findOptionGroup(tx, tenantId, id);
}

export async function deleteOptionGroup(tx: Tx, tenantId: string, id: string): Promise<boolean> {
  const { count } = await tx.optionGroup.deleteMany({ where: { tenantId, id } });
  return count > 0;
}

/** An item's menu fields as the admin edits them. */
export async function itemMenuOf(db: Client, tenantId: string, productId: string) {
  const product = await db.product.findFirst({
    where: { tenantId, id: productId, deletedAt: null },
    select: {
      id: true,
      name: true,
      price: true,
      categoryId: true,
      tags: true,
      sortOrder: true,
      optionGroups: { select: { groupId: true }, orderBy: { sortOrder: 'asc' } },
      branches: { select: { branchId: true, available: true, price: true } },
    },
  });
  if (!product) return null;
  const { optionGroups, ...rest } = product;
  return { ...rest, groupIds: optionGroups.map((g) => g.groupId) };
}
export type ItemMenuRow = NonNullable<Awaited<ReturnType<typeof itemMenuOf>>>;

/** Every item of the shop with its menu fields, for the admin's 菜單 page (items are few: a menu). */
export async function listMenuItems(db: Client, tenantId: string) {
  const rows = await db.product.findMany({
    where: { tenantId, deletedAt: null },
    orderBy: [{ sortOrder: 'asc' }, { createdAt: 'asc' }],
    take: 1000,
    select: {
      id: true,
      name: true,
      price: true,
      isPublic: true,
      imageUrl: true,
      categoryId: true,
      tags: true,
      sortOrder: true,
      optionGroups: { select: { groupId: true }, orderBy: { sortOrder: 'asc' } },
      branches: { where: { tenantId }, select: { branchId: true, available: true, price: true } },
    },
  });
  return rows.map(({ optionGroups, ...rest }) => ({ ...rest, groupIds: optionGroups.map((g) => g.groupId) }));
}
export type AdminMenuItem = Awaited<ReturnType<typeof listMenuItems>>[number];

/** null: no such item in the shop; a string: a category or group of another shop (or none). */
export async function setItemMenu(
  tx: Tx,
  tenantId: string,
  productId: string,
  input: ItemMenuInput,
): Promise<ItemMenuRow | null | 'unknown_category' | 'unknown_group'> {
  const product = await tx.product.findFirst({
    where: { tenantId, id: productId, deletedAt: null },
    select: { id: true },
  });
  if (!product) return null;
  if (input.categoryId) {
    const category = await tx.menuCategory.findFirst({
      where: { tenantId, id: input.categoryId },
      select: { id: true },
    });
    if (!category) return 'unknown_category';
  }
  if (input.groupIds) {
    const found = await tx.optionGroup.count({ where: { tenantId, id: { in: input.groupIds } } });
    if (found !== input.groupIds.length) return 'unknown_group';
    await tx.productOptionGroup.deleteMany({ where: { tenantId, productId } });
    await tx.productOptionGroup.createMany({
      data: input.groupIds.map((groupId, sortOrder) => ({ tenantId, productId, groupId, sortOrder })),
    });
  }
  const { groupIds: _groups, ...fields } = input;
  if (Object.keys(fields).length > 0) await tx.product.updateMany({ where: { tenantId, id: productId }, data: fields });
  return itemMenuOf(tx, tenantId, productId);
}

/** null when the item is not one of the shop's (the branch is checked by the route's guard). */
export async function setBranchItem(
  tx: Tx,
  tenantId: string,
  branchId: string,
  productId: string,
  input: BranchItemInput,
) {
  const product = await tx.product.findFirst({
    where: { tenantId, id: productId, deletedAt: null },
    select: { id: true },
  });
  if (!product) return null;
  return tx.branchProduct.upsert({
    where: { branchId_productId: { branchId, productId } },
    create: { tenantId, branchId, productId, ...input },
    update: input,
    select: { branchId: true, productId: true, available: true, price: true },
  });
}

export interface MenuItem {
  id: string;
  name: string;
  description: string | null;
  /** The photo at card size (480 px on its longest side), as stored; null without one. */
  imageUrl: string | null;
  /** The branch's price when it sets one, else the item's; integer NT$. */
  price: number;
  /** Not orderable now: sold out or paused at the branch (`unavailable` says which). */
  soldOut: boolean;
  unavailable: Unavailable;
  tags: string[];
  /** A choice the branch paused has `soldOut: true`. */
  groups: (MenuGroup & { choices: (MenuGroup['choices'][number] & { soldOut: boolean })[] })[];
}

export interface CustomerMenu {
  version: number;
  categories: { id: string | null; name: string; items: MenuItem[] }[];
  /**
   * When this menu changes with no one touching it (a pause ends, a new day refills stock), so
   * an open page reloads then; null when nothing is due. The version covers every other change.
   */
  refreshAt: string | null;
}

/**
 * The menu as a customer of `branchId` sees it: public items the branch offers, in category
 * order then item order; items without a category last under 其他. Items and choices the branch
 * paused or sold out today are shown, marked so (暫停銷售, 售完).
 */
export async function loadMenu(
  db: Client,
  tenantId: string,
  branchId: string | null,
  now = new Date(),
): Promise<CustomerMenu> {
  const [version, categories, pauses, stock, products] = await readTogether(db, [
    () => menuVersionOf(db, tenantId),
    () => listCategories(db, tenantId),
    async () => (branchId ? activePauses(db, tenantId, branchId, now) : null),
    async () => (branchId ? stockToday(db, tenantId, branchId, undefined, now) : null),
    () =>
      db.product.findMany({
        where: { tenantId, deletedAt: null, isPublic: true, awaitingDetails: false },
        orderBy: [{ sortOrder: 'asc' }, { createdAt: 'asc' }],
        select: {
          id: true,
          name: true,
          description: true,
          imageUrl: true,
          price: true,
          stock: true,
          tags: true,
          categoryId: true,
          branches: {
            where: { tenantId, branchId: branchId ?? undefined },
            select: { branchId: true, available: true, price: true },
          },
          optionGroups: {
            orderBy: { sortOrder: 'asc' },
            select: {
              group: {
                select: {
                  id: true,
                  name: true,
                  minSelect: true,
                  maxSelect: true,
                  choices: { select: { id: true, name: true, priceDelta: true }, orderBy: { sortOrder: 'asc' } },
                },
              },
            },
          },
        },
      }),
  ]);
  const sections = new Map<string | null, { id: string | null; name: string; items: MenuItem[] }>(
    categories.map((c) => [c.id, { id: c.id, name: c.name, items: [] }]),
  );
  for (const p of products) {
    const own = branchId ? p.branches.find((b) => b.branchId === branchId) : undefined;
    if (own && !own.available) continue;
    const unavailable = unavailableReason(
      pauses?.items.has(p.id) ?? false,
      p.stock === 0 ? 0 : (stock?.get(p.id)?.quantity ?? UNLIMITED),
    );
    const key = p.categoryId && sections.has(p.categoryId) ? p.categoryId : null;
    if (!sections.has(key)) sections.set(key, { id: null, name: '其他', items: [] });
    sections.get(key)!.items.push({
      id: p.id,
      name: p.name,
      description: p.description,
      imageUrl: productImageUrls(p.imageUrl)?.card ?? null,
      price: own?.price ?? p.price,
      soldOut: unavailable !== null,
      unavailable,
      tags: p.tags,
      groups: p.optionGroups.map(({ group }) => ({
        ...group,
        choices: group.choices.map((c) => ({ ...c, soldOut: pauses?.choices.has(c.id) ?? false })),
      })),
    });
  }
  return {
    version,
    categories: [...sections.values()].filter((s) => s.items.length > 0),
    refreshAt: nextChange(pauses, stock, now),
  };
}

/** The earliest pause end, or the next Taipei midnight when a daily quantity will refill an item. */
function nextChange(
  pauses: Awaited<ReturnType<typeof activePauses>> | null,
  stock: Map<string, ItemStock> | null,
  now: Date,
): string | null {
  const ends = [...(pauses?.items.values() ?? []), ...(pauses?.choices.values() ?? [])].flatMap((p) =>
    p.until ? [p.until.getTime()] : [],
  );
  if ([...(stock?.values() ?? [])].some((s) => s.dailyQuantity !== null))
    ends.push(taipeiDayRange(taipeiDayKey(now)).end.getTime());
  return ends.length ? new Date(Math.min(...ends)).toISOString() : null;
}
