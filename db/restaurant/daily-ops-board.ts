import { isPaused, stockOn, UNLIMITED } from '../../domain/restaurant/daily-ops.ts';
import { taipeiDayKey } from '../../domain/taipei-time.ts';
import type { Db, Prisma } from '../client.ts';
import { getBranchCapacity } from './slot-capacity.ts';

/**
 * What the 日常營運 pages show of one branch in one read: every item of the menu with today's
 * stock, its pause and its slot limit, the option choices with theirs, and the branch's limit
 * of orders per slot. Items are few (a menu), so one query each.
 */

type Client = Db | Prisma.TransactionClient;

export interface BoardPause {
  /** null: until resumed. */
  until: string | null;
  pausedAt: string;
}

export interface BoardItem {
  id: string;
  name: string;
  categoryId: string | null;
  /** The menu's 供應 switch for this branch (off: not sold here at all). */
  offered: boolean;
  /** Left today; -1 unlimited. */
  stock: number;
  dailyQuantity: number | null;
  maxPerSlot: number | null;
  pause: BoardPause | null;
}

export interface BoardChoice {
  id: string;
  name: string;
  groupId: string;
  groupName: string;
  pause: BoardPause | null;
}

export interface DailyOpsBoard {
  categories: { id: string; name: string }[];
  items: BoardItem[];
  choices: BoardChoice[];
  maxOrdersPerSlot: number | null;
}

const shown = (p: { until: Date | null; pausedAt: Date } | undefined, now: Date): BoardPause | null =>
  p && isPaused(p, now) ? { until: p.until?.toISOString() ?? null, pausedAt: p.pausedAt.toISOString() } : null;

export async function loadDailyOpsBoard(
  db: Client,
  tenantId: string,
  branchId: string,
  now = new Date(),
): Promise<DailyOpsBoard> {
  const [categories, products, groups, capacity] = await Promise.all([
    db.menuCategory.findMany({
      where: { tenantId },
      select: { id: true, name: true },
      orderBy: [{ sortOrder: 'asc' }, { createdAt: 'asc' }],
    }),
    db.product.findMany({
      where: { tenantId, deletedAt: null, awaitingDetails: false },
      orderBy: [{ sortOrder: 'asc' }, { createdAt: 'asc' }],
      take: 1000,
      select: {
        id: true,
        name: true,
        categoryId: true,
        branches: { where: { tenantId, branchId }, select: { available: true } },
        branchStock: {
          where: { tenantId, branchId },
          select: { quantity: true, dailyQuantity: true, stockDay: true, maxPerSlot: true },
        },
        branchPauses: { where: { tenantId, branchId }, select: { until: true, pausedAt: true } },
      },
    }),
    db.optionGroup.findMany({
      where: { tenantId },
      orderBy: { createdAt: 'asc' },
      select: {
        id: true,
        name: true,
        choices: {
          orderBy: { sortOrder: 'asc' },
          select: {
            id: true,
            name: true,
            branchPauses: { where: { tenantId, branchId }, select: { until: true, pausedAt: true } },
          },
        },
      },
    }),
    getBranchCapacity(db, tenantId, branchId),
  ]);
  const today = taipeiDayKey(now);
  return {
    categories,
    items: products.map((p) => {
      const stock = p.branchStock[0] ?? null;
      return {
        id: p.id,
        name: p.name,
        categoryId: p.categoryId,
        offered: p.branches[0]?.available ?? true,
        stock: stock ? stockOn(stock, today) : UNLIMITED,
        dailyQuantity: stock?.dailyQuantity ?? null,
        maxPerSlot: stock?.maxPerSlot ?? null,
        pause: shown(p.branchPauses[0], now),
      };
    }),
    choices: groups.flatMap((g) =>
      g.choices.map((c) => ({
        id: c.id,
        name: c.name,
        groupId: g.id,
        groupName: g.name,
        pause: shown(c.branchPauses[0], now),
      })),
    ),
    maxOrdersPerSlot: capacity.maxOrdersPerSlot,
  };
}
