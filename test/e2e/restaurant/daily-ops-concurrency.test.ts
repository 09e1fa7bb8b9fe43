import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db, type Prisma } from '../../../db/client.ts';
import { applyMigrations } from '../../../db/migrate.ts';
import {
  adjustItemStock,
  releaseBranchStock,
  setItemStock,
  stockToday,
  takeBranchStock,
} from '../../../db/restaurant/item-stock.ts';
import {
  releaseSlotCapacity,
  reserveSlotCapacity,
  setBranchCapacity,
  setItemCapacity,
  slotUsage,
} from '../../../db/restaurant/slot-capacity.ts';
import { pause, pausedAmong } from '../../../db/restaurant/pauses.ts';
import type { OrderLine } from '../../../domain/restaurant/daily-ops.ts';
import { scratchDatabases } from '../../support/scratch-database.ts';
import { createTenant } from '../../support/shops.ts';

/**
 * The primitives the restaurant order flow will call in its transaction, against the real
 * PostgreSQL with 50 callers at once: stock never below 0, a slot never above its limit, a
 * whole order counted or none of it, and what cancelled orders put back balances.
 */

const scratch = scratchDatabases('dailyops');
let db: Db;
let tenantId: string;
let branchId: string;
let otherBranchId: string;
let item: (name: string) => Promise<string>;

const CALLERS = 50;
const noon = new Date('2026-12-04T04:00:00Z');
const nextNoon = new Date('2026-12-05T04:00:00Z');

class Refused extends Error {}

/** 50 transactions wait for 20 connections: longer than Prisma's 2 s default on a busy machine. */
const inTx = <T>(work: (tx: Prisma.TransactionClient) => Promise<T>) =>
  db.$transaction(work, { timeout: 60_000, maxWait: 60_000 });

/** One order as the order flow will take it: stock and slot in one transaction, or neither. */
async function placeOrder(lines: OrderLine[], slotStart: Date, now = noon) {
  try {
    return await inTx(async (tx) => {
      const stock = await takeBranchStock(tx, tenantId, branchId, lines, now);
      if (!stock.ok) throw new Refused('stock');
      const slot = await reserveSlotCapacity(tx, tenantId, branchId, slotStart, lines);
      if (!slot.ok) throw new Refused('slot');
      return { ok: true as const, day: stock.day };
    });
  } catch (error) {
    if (error instanceof Refused) return { ok: false as const, why: error.message };
    throw error;
  }
}

/** What is left today; -1 for an item the branch does not count. */
const left = async (productId: string, now = noon) =>
  (await stockToday(db, tenantId, branchId, [productId], now)).get(productId)?.quantity ?? -1;

beforeAll(async () => {
  const url = scratch.url('primitives');
  await applyMigrations(url);
  db = createDb(url, { poolSize: 20 });
  tenantId = (await createTenant(db, 'rice-bowl', '飯丸家')).id;
  const branch = (name: string) =>
    db.branch.create({ data: { tenantId, name, address: '台北市', phone: '0223456789' }, select: { id: true } });
  branchId = (await branch('信義店')).id;
  otherBranchId = (await branch('大安店')).id;
  let code = 0;
  item = async (name) =>
    (
      await db.product.create({
        data: { tenantId, code: `261204${String(++code).padStart(3, '0')}`, name, price: 90, stock: -1 },
        select: { id: true },
      })
    ).id;
}, 120_000);
afterAll(async () => {
  await db?.$disconnect();
  await scratch.dropAll();
});

describe('takeBranchStock', () => {
  it('50 orders at once for 30 in stock: exactly 30 taken, none below 0', async () => {
    const bento = await item('排骨便當');
    await inTx((tx) => setItemStock(tx, tenantId, branchId, bento, { quantity: 30, dailyQuantity: null }, noon));
    const results = await Promise.all(
      Array.from({ length: CALLERS }, () =>
        inTx((tx) => takeBranchStock(tx, tenantId, branchId, [{ productId: bento, quantity: 1 }], noon)),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(30);
    // Exactly one order took the last one, and says so (for the menu to show 售完).
    expect(results.filter((r) => r.ok && r.soldOut.includes(bento))).toHaveLength(1);
    expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.shortages[0]!.reason === 'sold_out')).toBe(true);
    expect(await left(bento)).toBe(0);
  });

  it('takes a whole order or none of it, whatever order its lines come in', async () => {
    const rice = await item('滷肉飯');
    const soup = await item('貢丸湯');
    await inTx(async (tx) => {
      await setItemStock(tx, tenantId, branchId, rice, { quantity: 40, dailyQuantity: null }, noon);
      await setItemStock(tx, tenantId, branchId, soup, { quantity: 50, dailyQuantity: null }, noon);
    });
    // Each order: 1 rice and 2 soups, lines in either order; soup runs out after 25 orders.
    const results = await Promise.all(
      Array.from({ length: CALLERS }, (_, i) => {
        const lines = [
          { productId: rice, quantity: 1 },
          { productId: soup, quantity: 2 },
        ];
        return inTx((tx) => takeBranchStock(tx, tenantId, branchId, i % 2 ? lines : lines.reverse(), noon));
      }),
    );
    const taken = results.filter((r) => r.ok).length;
    expect(taken).toBe(25);
    expect(await left(soup)).toBe(0);
    // The 25 refused orders took no rice: it balances to what was sold.
    expect(await left(rice)).toBe(40 - taken);
  });

  it('an unlimited item, or one the branch does not count, is never short and never changes', async () => {
    const tea = await item('紅茶');
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        inTx((tx) => takeBranchStock(tx, tenantId, branchId, [{ productId: tea, quantity: 99 }], noon)),
      ),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    expect(await left(tea)).toBe(-1);
  });

  it('kitchen taps and orders at once never take the count below 0', async () => {
    const noodles = await item('牛肉麵');
    await inTx((tx) => setItemStock(tx, tenantId, branchId, noodles, { quantity: 20, dailyQuantity: null }, noon));
    const calls = Array.from({ length: CALLERS }, (_, i) =>
      i % 2
        ? inTx((tx) => adjustItemStock(tx, tenantId, branchId, noodles, -1, noon)).then(() => 'tap')
        : db
            .$transaction((tx) => takeBranchStock(tx, tenantId, branchId, [{ productId: noodles, quantity: 1 }], noon))
            .then((r) => (r.ok ? 'sold' : 'short')),
    );
    const outcomes = await Promise.all(calls);
    expect(await left(noodles)).toBe(0);
    expect(outcomes.filter((o) => o === 'sold').length).toBeLessThanOrEqual(20);
  });

  it("starts each Taipei day from the daily quantity, and a yesterday's cancel does not add to today", async () => {
    const dumplings = await item('鍋貼');
    await inTx((tx) => setItemStock(tx, tenantId, branchId, dumplings, { quantity: 12, dailyQuantity: 12 }, noon));
    const yesterday = await inTx((tx) =>
      takeBranchStock(tx, tenantId, branchId, [{ productId: dumplings, quantity: 10 }], noon),
    );
    expect(yesterday.ok).toBe(true);
    expect(await left(dumplings)).toBe(2);
    // The next day starts at 12 before anything writes the row.
    expect(await left(dumplings, nextNoon)).toBe(12);
    const today = await inTx((tx) =>
      takeBranchStock(tx, tenantId, branchId, [{ productId: dumplings, quantity: 5 }], nextNoon),
    );
    expect(today).toEqual({ ok: true, day: '20261205', soldOut: [] });
    await inTx((tx) =>
      releaseBranchStock(tx, tenantId, branchId, [{ productId: dumplings, quantity: 10 }], '20261204', nextNoon),
    );
    expect(await left(dumplings, nextNoon)).toBe(7);
    await inTx((tx) =>
      releaseBranchStock(tx, tenantId, branchId, [{ productId: dumplings, quantity: 5 }], '20261205', nextNoon),
    );
    expect(await left(dumplings, nextNoon)).toBe(12);
  });

  it("another branch's stock is its own", async () => {
    const cake = await item('蛋糕');
    await inTx(async (tx) => {
      await setItemStock(tx, tenantId, branchId, cake, { quantity: 1, dailyQuantity: null }, noon);
      await setItemStock(tx, tenantId, otherBranchId, cake, { quantity: 5, dailyQuantity: null }, noon);
    });
    const take = await inTx((tx) => takeBranchStock(tx, tenantId, branchId, [{ productId: cake, quantity: 2 }], noon));
    expect(take).toEqual({ ok: false, shortages: [{ reason: 'sold_out', productId: cake, left: 1 }] });
    expect((await stockToday(db, tenantId, otherBranchId, [cake], noon)).get(cake)?.quantity).toBe(5);
  });
});

describe('reserveSlotCapacity', () => {
  it('50 orders at once for a slot of 20: 20 taken, and stock only for those', async () => {
    const slot = new Date('2026-12-04T04:30:00Z');
    const chicken = await item('雞腿飯');
    await inTx(async (tx) => {
      await setBranchCapacity(tx, tenantId, branchId, 20);
      await setItemStock(tx, tenantId, branchId, chicken, { quantity: 100, dailyQuantity: null }, noon);
    });
    const results = await Promise.all(
      Array.from({ length: CALLERS }, () => placeOrder([{ productId: chicken, quantity: 1 }], slot)),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(20);
    expect((await slotUsage(db, tenantId, branchId, slot)).orders).toBe(20);
    // A refused slot rolled its stock back with it.
    expect(await left(chicken)).toBe(80);
  });

  it('an item limited per slot never goes above it, and a refused order counts nothing', async () => {
    const slot = new Date('2026-12-04T05:00:00Z');
    const fish = await item('虱目魚肚');
    const rice = await item('白飯');
    await inTx(async (tx) => {
      await setBranchCapacity(tx, tenantId, branchId, null);
      await setItemCapacity(tx, tenantId, branchId, fish, 15);
    });
    // 2 fish each: 7 orders fit (14), the 8th would make 16.
    const results = await Promise.all(
      Array.from({ length: CALLERS }, () =>
        placeOrder(
          [
            { productId: rice, quantity: 1 },
            { productId: fish, quantity: 2 },
          ],
          slot,
        ),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(7);
    const usage = await slotUsage(db, tenantId, branchId, slot);
    expect(usage.items.get(fish)).toBe(14);
    expect(usage.items.get(rice)).toBe(7);
    expect(usage.orders).toBe(7);
    const refused = await inTx((tx) =>
      reserveSlotCapacity(tx, tenantId, branchId, slot, [{ productId: fish, quantity: 2 }]),
    );
    expect(refused).toEqual({ ok: false, shortages: [{ reason: 'item_slot_full', productId: fish, left: 1 }] });
    expect((await slotUsage(db, tenantId, branchId, slot)).orders).toBe(7);
  });

  it('cancelled orders put back stock and slot, and the totals balance', async () => {
    const slot = new Date('2026-12-04T05:30:00Z');
    const pork = await item('控肉飯');
    await inTx(async (tx) => {
      await setBranchCapacity(tx, tenantId, branchId, 20);
      await setItemStock(tx, tenantId, branchId, pork, { quantity: 30, dailyQuantity: null }, noon);
    });
    const lines = [{ productId: pork, quantity: 1 }];
    const first = await Promise.all(Array.from({ length: CALLERS }, () => placeOrder(lines, slot)));
    expect(first.filter((r) => r.ok)).toHaveLength(20);
    // 10 cancel while 30 more try at once: the slot holds 20 again, never more.
    const cancels = Array.from({ length: 10 }, () =>
      inTx(async (tx) => {
        await releaseBranchStock(tx, tenantId, branchId, lines, '20261204', noon);
        await releaseSlotCapacity(tx, tenantId, branchId, slot, lines);
        return { ok: true as const, cancel: true };
      }),
    );
    const second = await Promise.all([...cancels, ...Array.from({ length: 30 }, () => placeOrder(lines, slot))]);
    const held = 20 - 10 + second.filter((r) => r.ok && !('cancel' in r)).length;
    const usage = await slotUsage(db, tenantId, branchId, slot);
    expect(usage.orders).toBe(held);
    expect(usage.orders).toBeLessThanOrEqual(20);
    expect(usage.items.get(pork)).toBe(held);
    expect(await left(pork)).toBe(30 - held);
  });

  it('never releases below 0', async () => {
    const slot = new Date('2026-12-04T06:00:00Z');
    const egg = await item('滷蛋');
    await inTx((tx) => reserveSlotCapacity(tx, tenantId, branchId, slot, [{ productId: egg, quantity: 1 }]));
    await Promise.all(
      Array.from({ length: 5 }, () =>
        inTx((tx) => releaseSlotCapacity(tx, tenantId, branchId, slot, [{ productId: egg, quantity: 1 }])),
      ),
    );
    const usage = await slotUsage(db, tenantId, branchId, slot);
    expect(usage).toEqual({ orders: 0, items: new Map([[egg, 0]]) });
  });
});

describe('pausedAmong', () => {
  it("names the order's paused items and choices, not ended pauses nor another branch's", async () => {
    const tofu = await item('麻婆豆腐');
    const rice = await item('白飯大碗');
    const soup = await item('酸辣湯');
    const group = await db.optionGroup.create({
      data: { tenantId, name: '辣度', required: false, multiple: false, minSelect: 0, maxSelect: 1 },
    });
    const extraHot = await db.optionChoice.create({
      data: { tenantId, groupId: group.id, name: '大辣', priceDelta: 0 },
    });
    await inTx(async (tx) => {
      await pause(tx, tenantId, branchId, 'item', tofu, null, noon);
      await pause(tx, tenantId, branchId, 'item', rice, new Date(noon.getTime() + 60_000), noon);
      await pause(tx, tenantId, otherBranchId, 'item', soup, null, noon);
      await pause(tx, tenantId, branchId, 'choice', extraHot.id, null, noon);
    });
    const order = { productIds: [tofu, rice, soup], choiceIds: [extraHot.id] };
    const atNoon = await pausedAmong(db, tenantId, branchId, order, noon);
    expect(atNoon.items.sort()).toEqual([tofu, rice].sort());
    expect(atNoon.choices).toEqual([extraHot.id]);
    // Two minutes later the rice pause has ended by itself.
    expect((await pausedAmong(db, tenantId, branchId, order, new Date(noon.getTime() + 120_000))).items).toEqual([
      tofu,
    ]);
  });
});
