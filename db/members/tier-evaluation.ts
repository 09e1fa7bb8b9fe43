import { tierFor, tierWindows, type TierRule, type WindowStats } from '../../domain/members/tiers.ts';
import { Prisma, type Db } from '../client.ts';
import { doneOrder, ordersOfMember } from './member-sql.ts';

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];
type Reader = Db | Tx;

export async function loadTiers(db: Reader, tenantId: string): Promise<TierRule[]> {
  return db.memberTier.findMany({
    where: { tenantId },
    orderBy: { rank: 'asc' },
    select: {
      id: true,
      name: true,
      rank: true,
      minSpend: true,
      minOrders: true,
      windowDays: true,
      discountPercent: true,
      pointsMultiplierPct: true,
    },
  });
}

export interface MemberWindowStats {
  memberId: string;
  tierId: string | null;
  /** By window length in days. */
  windows: Map<number, WindowStats>;
}

/**
 * Spend and done orders per rolling window, for one member or all of a shop's: one row per
 * member with a column pair per window, computed in one pass over their orders.
 */
export async function windowStats(
  db: Reader,
  tenantId: string,
  windows: number[],
  now: Date,
  memberId: string | null,
): Promise<MemberWindowStats[]> {
  const columns = windows.length
    ? Prisma.join(
        windows.map((days, i) => {
          const since = new Date(now.getTime() - days * 86_400_000);
          return Prisma.sql`coalesce(sum(o.total) FILTER (WHERE o.created_at >= ${since}), 0)::int AS ${Prisma.raw(`s${i}`)},
            count(o.id) FILTER (WHERE o.created_at >= ${since})::int AS ${Prisma.raw(`n${i}`)}`;
        }),
      )
    : Prisma.sql`0 AS s`;
  const one = memberId ? Prisma.sql`AND m.id = ${memberId}::uuid` : Prisma.empty;
  const longest = new Date(now.getTime() - Math.max(0, ...windows) * 86_400_000);
  const rows = await db.$queryRaw<Record<string, number | string | null>[]>`
    SELECT m.id, m.tier_id, ${columns}
    FROM members m LEFT JOIN orders o ON ${ordersOfMember} AND ${doneOrder} AND o.created_at >= ${longest}
    WHERE m.tenant_id = ${tenantId}::uuid ${one}
    GROUP BY m.id`;
  return rows.map((row) => ({
    memberId: String(row.id),
    tierId: (row.tier_id as string | null) ?? null,
    windows: new Map(windows.map((days, i) => [days, { spend: Number(row[`s${i}`]), orders: Number(row[`n${i}`]) }])),
  }));
}

const ZERO: WindowStats = { spend: 0, orders: 0 };

/** Each member's tier under `tiers`. */
export function assignTiers<T extends TierRule>(tiers: readonly T[], stats: readonly MemberWindowStats[]) {
  return stats.map((s) => ({
    memberId: s.memberId,
    currentTierId: s.tierId,
    tier: tierFor(tiers, (days) => s.windows.get(days) ?? ZERO),
  }));
}

async function storeTiers(
  db: Reader,
  tenantId: string,
  changes: { memberId: string; tierId: string | null }[],
  now: Date,
): Promise<void> {
  for (let i = 0; i < changes.length; i += 1000) {
    const chunk = changes.slice(i, i + 1000);
    await db.$executeRaw`
      UPDATE members m SET tier_id = v.tier_id::uuid, tier_since = ${now}, updated_at = ${now}
      FROM (VALUES ${Prisma.join(chunk.map((c) => Prisma.sql`(${c.memberId}, ${c.tierId})`))}) AS v(id, tier_id)
      WHERE m.tenant_id = ${tenantId}::uuid AND m.id = v.id::uuid AND m.tier_id IS DISTINCT FROM v.tier_id::uuid`;
  }
}

/** Re-evaluates one member (after an order of theirs is done or voided); their tier id after. */
export async function evaluateMemberTier(
  db: Reader,
  tenantId: string,
  memberId: string,
  now: Date,
): Promise<string | null> {
  const tiers = await loadTiers(db, tenantId);
  const [result] = assignTiers(tiers, await windowStats(db, tenantId, tierWindows(tiers), now, memberId));
  if (!result) return null;
  const tierId = result.tier?.id ?? null;
  if (tierId !== result.currentTierId) await storeTiers(db, tenantId, [{ memberId, tierId }], now);
  return tierId;
}

/** Re-evaluates every member of a shop (nightly: windows roll on without orders); how many moved. */
export async function evaluateAllTiers(db: Db, tenantId: string, now: Date): Promise<number> {
  const tiers = await loadTiers(db, tenantId);
  const assigned = assignTiers(tiers, await windowStats(db, tenantId, tierWindows(tiers), now, null));
  const changes = assigned.flatMap((a) =>
    (a.tier?.id ?? null) === a.currentTierId ? [] : [{ memberId: a.memberId, tierId: a.tier?.id ?? null }],
  );
  await storeTiers(db, tenantId, changes, now);
  return changes.length;
}
