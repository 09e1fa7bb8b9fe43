import { storedDiscountSchema, type StoredDiscount } from '../../domain/promotions/discount-rules.ts';
import {
  couponRefusal,
  issuedValidity,
  type CouponInput,
  type CouponRefusal,
} from '../../domain/promotions/coupons.ts';
import type { Db, Prisma } from '../client.ts';
import { readTogether } from '../read-together.ts';

/**
 * 優惠券 in the database, always within one shop: the coupons, the ones issued to members
 * (member_coupons, one per issue key, so issuing again with the same key gives nothing twice)
 * and their uses on orders (taken with the issued coupon's row locked, so two checkouts cannot
 * both take its last use; given back when the order is cancelled or rejected).
 */

type Client = Db | Prisma.TransactionClient;
type Tx = Prisma.TransactionClient;

export interface CouponSummary {
  id: string;
  name: string;
  rule: StoredDiscount;
  validDays: number | null;
  startsAt: Date | null;
  endsAt: Date | null;
  usesPerCoupon: number;
  active: boolean;
  /** How many were issued, and how many uses were taken on orders. */
  issued: number;
  used: number;
}

const columns = {
  id: true,
  name: true,
  rule: true,
  validDays: true,
  startsAt: true,
  endsAt: true,
  usesPerCoupon: true,
  active: true,
} as const satisfies Prisma.CouponSelect;

export async function createCoupon(db: Client, tenantId: string, input: CouponInput): Promise<CouponSummary> {
  const row = await db.coupon.create({ data: { tenantId, ...input }, select: columns });
  return { ...row, rule: storedDiscountSchema.parse(row.rule), issued: 0, used: 0 };
}

/**
 * Changes a coupon (name, discount, validity, uses). Null when the shop has no such coupon. The
 * coupons already issued keep working under the new settings: their discount and uses are read
 * from the coupon at checkout, and their window is worked out again from their issue (one update
 * per issue time: a run or a tap of 發券 issues many at once), so a later end date lengthens it.
 * What was used stays used.
 */
export async function updateCoupon(
  db: Db,
  tenantId: string,
  id: string,
  input: CouponInput,
): Promise<CouponSummary | null> {
  return db.$transaction(
    async (tx) => {
      const { count } = await tx.coupon.updateMany({ where: { tenantId, id }, data: input });
      if (!count) return null;
      const issues = await tx.memberCoupon.groupBy({ by: ['issuedAt'], where: { tenantId, couponId: id } });
      for (const { issuedAt } of issues) {
        await tx.memberCoupon.updateMany({
          where: { tenantId, couponId: id, issuedAt },
          data: issuedValidity(input, issuedAt),
        });
      }
      const [summary] = await summariesOf(tx, tenantId, { id });
      return summary ?? null;
    },
    { timeout: 30_000 },
  );
}

export async function listCoupons(db: Client, tenantId: string): Promise<CouponSummary[]> {
  return summariesOf(db, tenantId, {});
}

async function summariesOf(db: Client, tenantId: string, only: { id?: string }): Promise<CouponSummary[]> {
  const [rows, counts] = await readTogether(db, [
    () => db.coupon.findMany({ where: { tenantId, ...only }, select: columns, orderBy: { createdAt: 'desc' } }),
    () =>
      db.memberCoupon.groupBy({
        by: ['couponId'],
        where: { tenantId, ...(only.id ? { couponId: only.id } : {}) },
        _count: { _all: true },
        _sum: { usedCount: true },
      }),
  ]);
  const byCoupon = new Map(counts.map((c) => [c.couponId, c]));
  return rows.map((row) => ({
    ...row,
    rule: storedDiscountSchema.parse(row.rule),
    issued: byCoupon.get(row.id)?._count._all ?? 0,
    used: byCoupon.get(row.id)?._sum.usedCount ?? 0,
  }));
}

/**
 * Issues the coupon to each member once per key (`keyOf(memberId)`: a manual issue's request, a
 * campaign's period), so a retry issues nothing twice. Null when the shop has no such coupon;
 * else how many were issued now.
 */
export async function issueCoupon(
  db: Client,
  args: {
    tenantId: string;
    couponId: string;
    memberIds: readonly string[];
    keyOf: (memberId: string) => string;
    now: Date;
  },
): Promise<number | null> {
  const coupon = await db.coupon.findFirst({
    where: { tenantId: args.tenantId, id: args.couponId },
    select: { validDays: true, startsAt: true, endsAt: true },
  });
  if (!coupon) return null;
  const { validFrom, validUntil } = issuedValidity(coupon, args.now);
  const { count } = await db.memberCoupon.createMany({
    data: args.memberIds.map((memberId) => ({
      tenantId: args.tenantId,
      couponId: args.couponId,
      memberId,
      issueKey: args.keyOf(memberId),
      issuedAt: args.now,
      validFrom,
      validUntil,
    })),
    skipDuplicates: true,
  });
  return count;
}

export interface UsableCoupon {
  id: string;
  name: string;
  rule: StoredDiscount;
  validUntil: Date | null;
}

const issuedColumns = {
  id: true,
  validFrom: true,
  validUntil: true,
  usedCount: true,
  coupon: { select: { name: true, rule: true, usesPerCoupon: true, active: true } },
} as const satisfies Prisma.MemberCouponSelect;

type IssuedRow = Prisma.MemberCouponGetPayload<{ select: typeof issuedColumns }>;

const stateOf = (row: IssuedRow) => ({
  validFrom: row.validFrom,
  validUntil: row.validUntil,
  usedCount: row.usedCount,
  usesPerCoupon: row.coupon.usesPerCoupon,
  active: row.coupon.active,
});
const usableOf = (row: IssuedRow): UsableCoupon => ({
  id: row.id,
  name: row.coupon.name,
  rule: storedDiscountSchema.parse(row.coupon.rule),
  validUntil: row.validUntil,
});

/** The signed-in customer's coupons they may use now (會員的優惠券), soonest to expire first. */
export async function usableCoupons(
  db: Client,
  tenantId: string,
  customerId: string,
  now: Date,
): Promise<UsableCoupon[]> {
  const rows = await db.memberCoupon.findMany({
    where: {
      tenantId,
      member: { customerId },
      validFrom: { lte: now },
      OR: [{ validUntil: null }, { validUntil: { gt: now } }],
    },
    select: issuedColumns,
    orderBy: [{ validUntil: { sort: 'asc', nulls: 'last' } }, { id: 'asc' }],
    take: 50,
  });
  return rows.filter((row) => couponRefusal(stateOf(row), now) === null).map(usableOf);
}

/** The customer's issued coupon with that id, if they may use it now (for the quote). */
export async function findUsableCoupon(
  db: Client,
  args: { tenantId: string; customerId: string; memberCouponId: string; now: Date },
): Promise<{ ok: true; coupon: UsableCoupon } | { ok: false; reason: CouponRefusal }> {
  const row = await db.memberCoupon.findFirst({
    where: { tenantId: args.tenantId, id: args.memberCouponId, member: { customerId: args.customerId } },
    select: issuedColumns,
  });
  if (!row) return { ok: false, reason: 'unknown' };
  const reason = couponRefusal(stateOf(row), args.now);
  return reason ? { ok: false, reason } : { ok: true, coupon: usableOf(row) };
}

/** Takes one use of the issued coupon for this order inside the checkout's transaction. */
export async function takeCouponUse(
  tx: Tx,
  args: { tenantId: string; customerId: string; memberCouponId: string; orderRef: string; amount: number; now: Date },
): Promise<{ ok: true } | { ok: false; reason: CouponRefusal }> {
  const [locked] = await tx.$queryRaw<{ id: string }[]>`
    SELECT mc.id FROM member_coupons mc JOIN members m ON m.id = mc.member_id
     WHERE mc.tenant_id = ${args.tenantId}::uuid AND mc.id = ${args.memberCouponId}::uuid
       AND m.customer_id = ${args.customerId}::uuid
       FOR UPDATE OF mc`;
  if (!locked) return { ok: false, reason: 'unknown' };
  const row = await tx.memberCoupon.findUniqueOrThrow({ where: { id: locked.id }, select: issuedColumns });
  const same = await tx.memberCouponUse.findUnique({
    where: { memberCouponId_orderRef: { memberCouponId: row.id, orderRef: args.orderRef } },
  });
  if (same) return { ok: true };
  const reason = couponRefusal(stateOf(row), args.now);
  if (reason) return { ok: false, reason };
  await tx.memberCoupon.update({ where: { id: row.id }, data: { usedCount: { increment: 1 } } });
  await tx.memberCouponUse.create({
    data: { tenantId: args.tenantId, memberCouponId: row.id, orderRef: args.orderRef, amount: args.amount },
  });
  return { ok: true };
}

/** Gives back the coupon uses of a cancelled or rejected order. */
export async function releaseCouponUsesIn(tx: Tx, tenantId: string, orderRef: string): Promise<void> {
  const uses = await tx.memberCouponUse.findMany({ where: { tenantId, orderRef } });
  for (const use of uses) {
    await tx.$executeRaw`SELECT 1 FROM member_coupons WHERE id = ${use.memberCouponId}::uuid FOR UPDATE`;
    await tx.memberCouponUse.delete({ where: { id: use.id } });
    await tx.memberCoupon.update({ where: { id: use.memberCouponId }, data: { usedCount: { decrement: 1 } } });
  }
}
