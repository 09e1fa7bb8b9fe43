import { v7 as uuidv7 } from 'uuid';
import { earnsPoints, isVoided } from '../../domain/members/order-outcomes.ts';
import { pointsEarned, pointsExpireAt, pointsTakenBackByRefund, pointsToExpire } from '../../domain/members/points.ts';
import type { Db } from '../client.ts';
import { pointRuleAt } from './point-rules.ts';
import { evaluateMemberTier } from './tier-evaluation.ts';

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

/**
 * The points ledger. Entries are only ever added; a balance is their sum. Every change locks the
 * member's row first, so two at once for one member run one after the other and a redemption
 * never spends points another is spending. Keys come from what caused the entry (the order, the
 * lot, the checkout), so a retried activity adds nothing the second time.
 */
export async function pointBalance(db: Db | Tx, tenantId: string, memberId: string): Promise<number> {
  const [row] = await db.$queryRaw<{ balance: number }[]>`
    SELECT coalesce(sum(points), 0)::int AS balance FROM member_point_entries
    WHERE tenant_id = ${tenantId}::uuid AND member_id = ${memberId}::uuid`;
  return row?.balance ?? 0;
}

async function lockMember(tx: Tx, tenantId: string, memberId: string): Promise<boolean> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM members WHERE tenant_id = ${tenantId}::uuid AND id = ${memberId}::uuid FOR UPDATE`;
  return rows.length > 0;
}

interface NewEntry {
  kind: 'earn' | 'reverse' | 'expire' | 'redeem' | 'adjust';
  points: number;
  key: string;
  orderId?: string | null;
  lotId?: string | null;
  expiresAt?: Date | null;
  note?: string | null;
}

/** Adds one entry unless its key is there already; true when added. */
async function append(tx: Tx, tenantId: string, memberId: string, entry: NewEntry, at: Date): Promise<boolean> {
  const added = await tx.$executeRaw`
    INSERT INTO member_point_entries (id, tenant_id, member_id, kind, points, order_id, lot_id, expires_at, idempotency_key, note, created_at)
    VALUES (${uuidv7()}::uuid, ${tenantId}::uuid, ${memberId}::uuid, ${entry.kind}, ${entry.points},
            ${entry.orderId ?? null}::uuid, ${entry.lotId ?? null}::uuid, ${entry.expiresAt ?? null}, ${entry.key}, ${entry.note ?? null}, ${at})
    ON CONFLICT (tenant_id, idempotency_key) DO NOTHING`;
  return added > 0;
}

export interface OrderSettlement {
  memberId: string | null;
  earned: number;
  reversed: number;
  tierId: string | null;
}

/**
 * Brings an order's points in line with its status: a done order earns once (by the rule in
 * effect and the member's tier multiplier), a voided one gives back what it earned and is still
 * there (never more than the balance, so nobody owes points). Then the member's tier is looked at
 * again. Non-members earn nothing. Safe to call after every status change, any number of times.
 */
export async function settleOrderPoints(
  db: Db,
  tenantId: string,
  orderId: string,
  now = new Date(),
): Promise<OrderSettlement> {
  return db.$transaction(async (tx) => {
    const [order] = await tx.$queryRaw<
      { status: string; total: number; member_id: string | null; tier_pct: number | null }[]
    >`
      SELECT o.status::text AS status, o.total, m.id AS member_id, t.points_multiplier_pct AS tier_pct
      FROM orders o LEFT JOIN members m ON m.tenant_id = o.tenant_id AND m.customer_id = o.customer_id
      LEFT JOIN member_tiers t ON t.id = m.tier_id
      WHERE o.tenant_id = ${tenantId}::uuid AND o.id = ${orderId}::uuid`;
    if (!order?.member_id) return { memberId: null, earned: 0, reversed: 0, tierId: null };
    const memberId = order.member_id;
    await lockMember(tx, tenantId, memberId);
    let earned = 0;
    let reversed = 0;
    if (earnsPoints(order.status)) {
      const rule = await pointRuleAt(tx, tenantId, now);
      const points = rule ? pointsEarned(rule, { total: order.total, tierMultiplierPct: order.tier_pct ?? 100 }) : 0;
      if (rule && points > 0) {
        const added = await append(
          tx,
          tenantId,
          memberId,
          {
            kind: 'earn',
            points,
            key: `earn:${orderId}`,
            orderId,
            expiresAt: pointsExpireAt(rule, now),
          },
          now,
        );
        if (added) {
          earned = points;
          // Refunded by hand before it was done (an item the kitchen could not make): that share goes.
          await takeBackRefundedPoints(tx, tenantId, orderId, `refund:before-earn:${orderId}`, now);
        }
      }
    } else if (isVoided(order.status)) {
      const [lot] = await tx.$queryRaw<{ id: string; remaining: number }[]>`
        SELECT l.id, (l.points + coalesce((SELECT sum(x.points) FROM member_point_entries x
          WHERE x.tenant_id = l.tenant_id AND x.lot_id = l.id), 0))::int AS remaining
        FROM member_point_entries l
        WHERE l.tenant_id = ${tenantId}::uuid AND l.idempotency_key = ${`earn:${orderId}`}`;
      if (lot) {
        const back = Math.max(0, Math.min(lot.remaining, await pointBalance(tx, tenantId, memberId)));
        const added = await append(
          tx,
          tenantId,
          memberId,
          {
            kind: 'reverse',
            points: -back,
            key: `reverse:${orderId}`,
            orderId,
            lotId: lot.id,
            note: order.status,
          },
          now,
        );
        if (added) reversed = back;
      }
      await giveBackRedeemedPoints(tx, tenantId, orderId, now);
    }
    const tierId = await evaluateMemberTier(tx, tenantId, memberId, now);
    return { memberId, earned, reversed, tierId };
  });
}

/**
 * A refund of part or all of an order's payment takes back the points the order earned on the
 * refunded part (domain pointsTakenBackByRefund, over every refund so far, rounded down for the
 * member), never more than the balance; a refund of everything also gives back the points
 * redeemed on it, as a cancel does (the same key, so a cancel and its refund give once). `key`
 * comes from the refund, so a retried step adds nothing. Runs in the transaction that records
 * the refund; answers the points taken back now.
 */
export async function takeBackRefundedPoints(
  tx: Tx,
  tenantId: string,
  orderId: string,
  key: string,
  now: Date,
): Promise<number> {
  const [payment] = await tx.$queryRaw<{ amount: number; refunded: number }[]>`
    SELECT amount, refunded_amount AS refunded FROM order_payments
    WHERE tenant_id = ${tenantId}::uuid AND order_id = ${orderId}::uuid`;
  if (!payment || payment.refunded <= 0) return 0;
  const [lot] = await tx.$queryRaw<{ id: string; member_id: string }[]>`
    SELECT id, member_id FROM member_point_entries
    WHERE tenant_id = ${tenantId}::uuid AND idempotency_key = ${`earn:${orderId}`}`;
  let back = 0;
  if (lot && (await lockMember(tx, tenantId, lot.member_id))) {
    // Read after the lock: a reversal or expiry of this lot racing with us is counted.
    const [state] = await tx.$queryRaw<{ earned: number; taken_back: number; remaining: number }[]>`
      SELECT l.points AS earned,
        coalesce((SELECT -sum(x.points) FROM member_point_entries x
          WHERE x.tenant_id = l.tenant_id AND x.lot_id = l.id AND x.kind = 'reverse'), 0)::int AS taken_back,
        (l.points + coalesce((SELECT sum(x.points) FROM member_point_entries x
          WHERE x.tenant_id = l.tenant_id AND x.lot_id = l.id), 0))::int AS remaining
      FROM member_point_entries l WHERE l.id = ${lot.id}::uuid`;
    const owed = pointsTakenBackByRefund({
      earned: state!.earned,
      paid: payment.amount,
      refunded: payment.refunded,
      takenBack: state!.taken_back,
    });
    const points = Math.max(0, Math.min(owed, state!.remaining, await pointBalance(tx, tenantId, lot.member_id)));
    const entry = { kind: 'reverse' as const, points: -points, key, orderId, lotId: lot.id, note: 'refund' };
    if (points > 0 && (await append(tx, tenantId, lot.member_id, entry, now))) back = points;
  }
  if (payment.refunded >= payment.amount) await giveBackRedeemedPoints(tx, tenantId, orderId, now);
  return back;
}

export type RedeemResult =
  { ok: true; balance: number } | { ok: false; code: 'not_enough_points' | 'not_a_member'; balance: number };

/**
 * Spends points (the checkout's redemption, priced by domain/members/points.ts redeemPoints);
 * refused when the balance is short at the moment of spending. `key` names the checkout, so a
 * retry spends once.
 */
export async function spendPoints(
  db: Db,
  tenantId: string,
  memberId: string,
  spend: PointSpend,
  now = new Date(),
): Promise<RedeemResult> {
  return db.$transaction((tx) => spendPointsIn(tx, tenantId, memberId, spend, now));
}

interface PointSpend {
  points: number;
  key: string;
  orderId?: string | null;
  kind?: 'redeem' | 'adjust';
  note?: string | null;
}

/** spendPoints inside the caller's transaction (the checkout's), the member's row locked until it commits. */
export async function spendPointsIn(
  tx: Tx,
  tenantId: string,
  memberId: string,
  spend: PointSpend,
  now: Date,
): Promise<RedeemResult> {
  if (!(await lockMember(tx, tenantId, memberId))) return { ok: false, code: 'not_a_member', balance: 0 };
  const balance = await pointBalance(tx, tenantId, memberId);
  if (spend.points > balance) return { ok: false, code: 'not_enough_points', balance };
  await append(
    tx,
    tenantId,
    memberId,
    {
      kind: spend.kind ?? 'redeem',
      points: -spend.points,
      key: spend.key,
      orderId: spend.orderId ?? null,
      note: spend.note ?? null,
    },
    now,
  );
  return { ok: true, balance: await pointBalance(tx, tenantId, memberId) };
}

/**
 * A voided order gives back the points redeemed on it: one reverse entry per member, keyed by the
 * order, so a cancel seen twice (the restaurant's release and the member settlement) gives once.
 */
export async function giveBackRedeemedPoints(tx: Tx, tenantId: string, orderId: string, now: Date): Promise<number> {
  const spent = await tx.$queryRaw<{ member_id: string; points: number }[]>`
    SELECT member_id, (-sum(points))::int AS points FROM member_point_entries
    WHERE tenant_id = ${tenantId}::uuid AND order_id = ${orderId}::uuid AND kind = 'redeem'
    GROUP BY member_id`;
  let given = 0;
  for (const { member_id: memberId, points } of spent) {
    if (points <= 0 || !(await lockMember(tx, tenantId, memberId))) continue;
    const entry = { kind: 'reverse' as const, points, key: `unredeem:${orderId}`, orderId, note: 'redeem' };
    if (await append(tx, tenantId, memberId, entry, now)) given += points;
  }
  return given;
}

/** The shop gives points by hand (補點): an adjust entry, keyed by the request. */
export async function grantPoints(
  db: Db,
  tenantId: string,
  memberId: string,
  grant: { points: number; key: string; note: string },
  now = new Date(),
) {
  return db.$transaction(async (tx) => {
    if (!(await lockMember(tx, tenantId, memberId))) return null;
    await append(
      tx,
      tenantId,
      memberId,
      { kind: 'adjust', points: grant.points, key: grant.key, note: grant.note },
      now,
    );
    return pointBalance(tx, tenantId, memberId);
  });
}

/**
 * Lapses every lot due by `now` that has not been looked at, member by member, oldest first:
 * each lot loses what of it is left unspent (domain pointsToExpire). A lot gets exactly one
 * expire entry, zero when nothing was left, so a second run finds nothing to do.
 */
export async function expireDuePoints(
  db: Db,
  tenantId: string,
  now = new Date(),
): Promise<{ members: number; points: number }> {
  const due = await db.$queryRaw<{ member_id: string }[]>`
    SELECT DISTINCT l.member_id FROM member_point_entries l
    WHERE l.tenant_id = ${tenantId}::uuid AND l.kind = 'earn' AND l.expires_at <= ${now}
      AND NOT EXISTS (SELECT 1 FROM member_point_entries x WHERE x.tenant_id = l.tenant_id AND x.lot_id = l.id AND x.kind = 'expire')`;
  let points = 0;
  for (const { member_id: memberId } of due) {
    points += await db.$transaction(async (tx) => {
      await lockMember(tx, tenantId, memberId);
      const lots = await tx.$queryRaw<{ id: string; expires_at: Date | null; remaining: number; expired: boolean }[]>`
        SELECT l.id, l.expires_at,
          (l.points + coalesce((SELECT sum(x.points) FROM member_point_entries x WHERE x.tenant_id = l.tenant_id AND x.lot_id = l.id), 0))::int AS remaining,
          EXISTS (SELECT 1 FROM member_point_entries x WHERE x.tenant_id = l.tenant_id AND x.lot_id = l.id AND x.kind = 'expire') AS expired
        FROM member_point_entries l
        WHERE l.tenant_id = ${tenantId}::uuid AND l.member_id = ${memberId}::uuid AND l.kind = 'earn'
        ORDER BY l.expires_at NULLS LAST, l.id`;
      let balance = await pointBalance(tx, tenantId, memberId);
      let lapsed = 0;
      for (const [index, lot] of lots.entries()) {
        if (lot.expired || !lot.expires_at || lot.expires_at > now) continue;
        const stillGood = lots.slice(index + 1).reduce((sum, l) => sum + (l.expired ? 0 : l.remaining), 0);
        const lose = pointsToExpire({ balance, dueLot: lot.remaining, stillGood });
        await append(
          tx,
          tenantId,
          memberId,
          { kind: 'expire', points: -lose, key: `expire:${lot.id}`, lotId: lot.id },
          now,
        );
        balance -= lose;
        lapsed += lose;
      }
      return lapsed;
    });
  }
  return { members: due.length, points };
}

export interface LedgerEntry {
  id: string;
  kind: string;
  points: number;
  orderNumber: string | null;
  expiresAt: string | null;
  note: string | null;
  createdAt: string;
}

/** A member's entries, newest first (點數記錄). */
export async function memberLedger(db: Db, tenantId: string, memberId: string, limit = 100): Promise<LedgerEntry[]> {
  const rows = await db.$queryRaw<
    {
      id: string;
      kind: string;
      points: number;
      number: string | null;
      expires_at: Date | null;
      note: string | null;
      created_at: Date;
    }[]
  >`
    SELECT e.id, e.kind, e.points, o.number, e.expires_at, e.note, e.created_at
    FROM member_point_entries e LEFT JOIN orders o ON o.tenant_id = e.tenant_id AND o.id = e.order_id
    WHERE e.tenant_id = ${tenantId}::uuid AND e.member_id = ${memberId}::uuid
    ORDER BY e.created_at DESC, e.id DESC LIMIT ${limit}`;
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    points: r.points,
    orderNumber: r.number,
    expiresAt: r.expires_at?.toISOString() ?? null,
    note: r.note,
    createdAt: r.created_at.toISOString(),
  }));
}
