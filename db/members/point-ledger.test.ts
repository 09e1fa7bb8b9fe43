import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRIVACY_NOTICE_VERSION, type MemberJoin } from '../../domain/members/member-profile.ts';
import { createShop, insertOrder, type Shop } from '../../test/support/shops.ts';
import { scratchDatabases } from '../../test/support/scratch-database.ts';
import { createDb, type Db } from '../client.ts';
import { recordRefund } from '../payments/order-payments.ts';
import { applyMigrations } from '../migrate.ts';
import { joinMember } from './members.ts';
import {
  expireDuePoints,
  grantPoints,
  memberLedger,
  pointBalance,
  settleOrderPoints,
  spendPoints,
  takeBackRefundedPoints,
} from './point-ledger.ts';
import { addPointRule } from './point-rules.ts';
import { saveTiers } from './tiers.ts';

/**
 * The points ledger against a real PostgreSQL: entries only ever added, the balance their sum,
 * and what concurrency, retries, cancellations and expiry do to it.
 */
const scratch = scratchDatabases('member_points');
let db: Db;
const DAY = 86_400_000;
const T0 = new Date('2026-03-01T04:00:00.000Z');

beforeAll(async () => {
  const url = scratch.url();
  await applyMigrations(url);
  db = createDb(url, { poolSize: 8 });
}, 60_000);
afterAll(async () => {
  await db?.$disconnect();
  await scratch.dropAll();
});

const join: MemberJoin = {
  phone: '0912345678',
  birthday: '1990-05-01',
  gender: 'female',
  consent: true,
  consentVersion: PRIVACY_NOTICE_VERSION,
};

async function memberShop(
  rule: { expiryDays: number | null } = { expiryDays: 30 },
): Promise<Shop & { memberId: string }> {
  const suffix = randomBytes(3).toString('hex');
  const prefix = Array.from(randomBytes(4), (b) => 'ABCDEFGHJKLMNPQRSTUVWXYZ'[b % 24]).join('');
  const shop = await createShop(db, { slug: `pts-${suffix}`, name: `點數店 ${suffix}`, prefix });
  await addPointRule(db, shop.tenantId, {
    spendPerPoint: 10,
    pointsPerOrder: 0,
    redeemPoints: 1,
    redeemAmount: 1,
    minRedeemPoints: 0,
    maxRedeemPercent: 100,
    maxRedeemAmount: null,
    expiryDays: rule.expiryDays,
    effectiveFrom: new Date(T0.getTime() - 365 * DAY),
  });
  const card = await joinMember(db, shop.tenantId, shop.customerId, join, new Date(T0.getTime() - DAY));
  return { ...shop, memberId: card.memberId };
}

const sumOfEntries = async (tenantId: string, memberId: string) =>
  (await db.memberPointEntry.aggregate({ where: { tenantId, memberId }, _sum: { points: true } }))._sum.points ?? 0;

describe('the points ledger', () => {
  it('earns once per done order however often and however concurrently it is settled', async () => {
    const shop = await memberShop();
    const order = await insertOrder(db, shop, { status: 'shipped', unitPrice: 350, requested: 2, at: T0 });
    const results = await Promise.all(
      Array.from({ length: 8 }, () => settleOrderPoints(db, shop.tenantId, order.id, T0)),
    );
    expect(results.reduce((sum, r) => sum + r.earned, 0)).toBe(70);
    expect(await pointBalance(db, shop.tenantId, shop.memberId)).toBe(70);
    expect(await db.memberPointEntry.count({ where: { tenantId: shop.tenantId } })).toBe(1);
  });

  it('takes back what a cancelled order earned, once, and never below zero', async () => {
    const shop = await memberShop();
    const a = await insertOrder(db, shop, { status: 'shipped', unitPrice: 500, at: T0 });
    const b = await insertOrder(db, shop, { status: 'shipped', unitPrice: 300, at: T0 });
    await settleOrderPoints(db, shop.tenantId, a.id, T0);
    await settleOrderPoints(db, shop.tenantId, b.id, T0);
    expect(await pointBalance(db, shop.tenantId, shop.memberId)).toBe(80);
    await spendPoints(db, shop.tenantId, shop.memberId, { points: 60, key: 'checkout-1' }, T0);
    await db.order.update({ where: { id: a.id }, data: { status: 'cancelled' } });
    const first = await settleOrderPoints(db, shop.tenantId, a.id, T0);
    const again = await settleOrderPoints(db, shop.tenantId, a.id, T0);
    // 50 earned, 20 left in the balance: only those 20 come back.
    expect([first.reversed, again.reversed]).toEqual([20, 0]);
    expect(await pointBalance(db, shop.tenantId, shop.memberId)).toBe(0);
    const kinds = (await memberLedger(db, shop.tenantId, shop.memberId)).map((e) => [e.kind, e.points]);
    expect(kinds).toEqual(
      expect.arrayContaining([
        ['earn', 50],
        ['earn', 30],
        ['redeem', -60],
        ['reverse', -20],
      ]),
    );
  });

  it('never spends more than the balance when many checkouts race, and the balance is the sum of the ledger', async () => {
    const shop = await memberShop();
    await grantPoints(db, shop.tenantId, shop.memberId, { points: 100, key: 'welcome', note: '開卡禮' }, T0);
    const spends = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        spendPoints(db, shop.tenantId, shop.memberId, { points: 15, key: `checkout-${i}` }, T0),
      ),
    );
    expect(spends.filter((s) => s.ok)).toHaveLength(6);
    expect(spends.filter((s) => !s.ok).every((s) => !s.ok && s.code === 'not_enough_points')).toBe(true);
    const balance = await pointBalance(db, shop.tenantId, shop.memberId);
    expect(balance).toBe(10);
    expect(await sumOfEntries(shop.tenantId, shop.memberId)).toBe(balance);
    // A retried checkout (same key) spends nothing more.
    const spent = spends.findIndex((s) => s.ok);
    await spendPoints(db, shop.tenantId, shop.memberId, { points: 5, key: `checkout-${spent}` }, T0);
    expect(await pointBalance(db, shop.tenantId, shop.memberId)).toBe(10);
  });

  it('expires lots when due, what is left of them after spending oldest first, exactly once', async () => {
    const shop = await memberShop({ expiryDays: 30 });
    const old = await insertOrder(db, shop, { status: 'completed', unitPrice: 400, at: T0 });
    await settleOrderPoints(db, shop.tenantId, old.id, T0); // 40, lapses at T0+30d
    const later = new Date(T0.getTime() + 20 * DAY);
    const recent = await insertOrder(db, shop, { status: 'completed', unitPrice: 250, at: later });
    await settleOrderPoints(db, shop.tenantId, recent.id, later); // 25, lapses at T0+50d
    await spendPoints(db, shop.tenantId, shop.memberId, { points: 30, key: 'checkout' }, later);
    expect(await expireDuePoints(db, shop.tenantId, new Date(T0.getTime() + 29 * DAY))).toEqual({
      members: 0,
      points: 0,
    });
    const due = new Date(T0.getTime() + 31 * DAY);
    // 35 left: the newer lot's 25 are still good, so 10 of the old lot lapse.
    expect(await expireDuePoints(db, shop.tenantId, due)).toEqual({ members: 1, points: 10 });
    expect(await expireDuePoints(db, shop.tenantId, due)).toEqual({ members: 0, points: 0 });
    expect(await pointBalance(db, shop.tenantId, shop.memberId)).toBe(25);
    expect(await expireDuePoints(db, shop.tenantId, new Date(T0.getTime() + 51 * DAY))).toEqual({
      members: 1,
      points: 25,
    });
    expect(await pointBalance(db, shop.tenantId, shop.memberId)).toBe(0);
    expect(await sumOfEntries(shop.tenantId, shop.memberId)).toBe(0);
  });

  it('earns with the tier multiplier and re-evaluates the tier on every settled order', async () => {
    const shop = await memberShop();
    await saveTiers(
      db,
      shop.tenantId,
      [
        {
          id: null,
          name: '金卡',
          rank: 1,
          minSpend: 1_000,
          minOrders: 0,
          windowDays: 365,
          discountPercent: 5,
          pointsMultiplierPct: 200,
        },
      ],
      T0,
    );
    const first = await insertOrder(db, shop, { status: 'shipped', unitPrice: 1_000, at: T0 });
    const settled = await settleOrderPoints(db, shop.tenantId, first.id, T0);
    expect(settled.earned).toBe(100); // earned before reaching the tier
    expect(settled.tierId).not.toBeNull();
    const second = await insertOrder(db, shop, { status: 'shipped', unitPrice: 100, at: T0 });
    expect((await settleOrderPoints(db, shop.tenantId, second.id, T0)).earned).toBe(20);
    await db.order.updateMany({ where: { tenantId: shop.tenantId }, data: { status: 'cancelled' } });
    expect((await settleOrderPoints(db, shop.tenantId, first.id, T0)).tierId).toBeNull();
  });

  it('keeps each shop to its own members and orders', async () => {
    const a = await memberShop();
    const b = await memberShop();
    const order = await insertOrder(db, a, { status: 'shipped', unitPrice: 1_000, at: T0 });
    expect((await settleOrderPoints(db, b.tenantId, order.id, T0)).memberId).toBeNull();
    expect(await spendPoints(db, b.tenantId, a.memberId, { points: 1, key: 'x' }, T0)).toMatchObject({
      ok: false,
      code: 'not_a_member',
    });
    expect(await memberLedger(db, b.tenantId, a.memberId)).toEqual([]);
  });
});

describe('refunds', () => {
  /** A done order of the member, paid by card in full, and a way to refund part of it as Stripe did. */
  async function paidOrder(
    shop: Shop,
    opts: { status?: 'shipped' | 'pending'; unitPrice: number; requested?: number },
  ) {
    const order = await insertOrder(db, shop, {
      status: opts.status ?? 'shipped',
      unitPrice: opts.unitPrice,
      requested: opts.requested ?? 1,
      at: T0,
    });
    const { total } = await db.order.findUniqueOrThrow({ where: { id: order.id } });
    await db.orderPayment.create({
      data: { orderId: order.id, tenantId: shop.tenantId, method: 'card', status: 'paid', amount: total, paidAt: T0 },
    });
    const refund = (refundId: string, amount: number) =>
      recordRefund(db, {
        tenantId: shop.tenantId,
        orderId: order.id,
        refundId,
        key: `refund:test:staff:${refundId}`,
        amount,
        reason: '品項缺貨',
        actor: 'staff:test',
      });
    return { ...order, refund };
  }
  const entriesOf = (tenantId: string, memberId: string) =>
    db.memberPointEntry.findMany({ where: { tenantId, memberId }, orderBy: { id: 'asc' } }); // UUIDv7: the order they were written in

  it('takes back the refunded share of the earned points once per refund, and everything with the redeemed points given back at a full refund', async () => {
    const shop = await memberShop();
    await grantPoints(db, shop.tenantId, shop.memberId, { points: 30, key: 'welcome', note: '開卡禮' }, T0);
    const order = await paidOrder(shop, { unitPrice: 350, requested: 2 }); // NT$700 earns 70
    await spendPoints(
      db,
      shop.tenantId,
      shop.memberId,
      { points: 20, key: `redeem:${order.id}`, orderId: order.id },
      T0,
    );
    await settleOrderPoints(db, shop.tenantId, order.id, T0);
    expect(await pointBalance(db, shop.tenantId, shop.memberId)).toBe(80);
    const before = await entriesOf(shop.tenantId, shop.memberId);

    // NT$250 of 700 back: 25 of the 70 points go.
    await order.refund('re_part1', 250);
    expect(await pointBalance(db, shop.tenantId, shop.memberId)).toBe(55);
    // Stripe's refund seen again, and the ledger asked again with the refund's key: nothing more.
    await order.refund('re_part1', 250);
    await db.$transaction((tx) => takeBackRefundedPoints(tx, shop.tenantId, order.id, 'refund:re_part1', T0));
    expect(await pointBalance(db, shop.tenantId, shop.memberId)).toBe(55);
    // NT$100 more (350 of 700 in all): 35 in all, so 10 now.
    await order.refund('re_part2', 100);
    expect(await pointBalance(db, shop.tenantId, shop.memberId)).toBe(45);
    // The rest: the other 35 go, and the 20 redeemed on the order come back, as at a cancel.
    await order.refund('re_rest', 350);
    expect(await pointBalance(db, shop.tenantId, shop.memberId)).toBe(30);
    // Settled again, and even cancelled after it: nothing taken or given twice.
    await settleOrderPoints(db, shop.tenantId, order.id, T0);
    await db.order.update({ where: { id: order.id }, data: { status: 'cancelled' } });
    await settleOrderPoints(db, shop.tenantId, order.id, T0);
    expect(await pointBalance(db, shop.tenantId, shop.memberId)).toBe(30);

    // Only ever added to: what was there is there unchanged, and the balance is the ledger's sum.
    const after = await entriesOf(shop.tenantId, shop.memberId);
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.slice(before.length).map((e) => [e.kind, e.points, e.idempotencyKey, e.note])).toEqual([
      ['reverse', -25, 'refund:re_part1', 'refund'],
      ['reverse', -10, 'refund:re_part2', 'refund'],
      ['reverse', -35, 'refund:re_rest', 'refund'],
      ['reverse', 20, `unredeem:${order.id}`, 'redeem'],
      ['reverse', 0, `reverse:${order.id}`, 'cancelled'],
    ]);
    expect(await sumOfEntries(shop.tenantId, shop.memberId)).toBe(30);
  });

  it('never takes the balance below zero, and takes back a refund made before the order was done when it earns', async () => {
    const shop = await memberShop();
    const spent = await paidOrder(shop, { unitPrice: 700 }); // earns 70
    await settleOrderPoints(db, shop.tenantId, spent.id, T0);
    await spendPoints(db, shop.tenantId, shop.memberId, { points: 65, key: 'checkout-other' }, T0);
    await spent.refund('re_half', 350); // 35 owed, 5 there
    expect(await pointBalance(db, shop.tenantId, shop.memberId)).toBe(0);

    const early = await paidOrder(shop, { status: 'pending', unitPrice: 400 }); // will earn 40
    await early.refund('re_early', 100);
    expect(await pointBalance(db, shop.tenantId, shop.memberId)).toBe(0);
    await db.order.update({ where: { id: early.id }, data: { status: 'shipped' } });
    await settleOrderPoints(db, shop.tenantId, early.id, T0);
    await settleOrderPoints(db, shop.tenantId, early.id, T0);
    expect(await pointBalance(db, shop.tenantId, shop.memberId)).toBe(30); // 40 earned, a quarter back
    expect(await sumOfEntries(shop.tenantId, shop.memberId)).toBe(30);
  });
});
