import { v7 as uuidv7 } from 'uuid';
import { tierMoves, tierWindows, type TierRule } from '../../domain/members/tiers.ts';
import type { Db } from '../client.ts';
import { assignTiers, evaluateAllTiers, loadTiers, windowStats } from './tier-evaluation.ts';

export type TierInput = Omit<TierRule, 'id'> & { id: string | null };

export interface TierSummary extends TierRule {
  members: number;
}

/** The shop's VIP 等級 with how many members each has now. */
export async function listTiers(db: Db, tenantId: string): Promise<TierSummary[]> {
  const [tiers, counts] = await Promise.all([
    loadTiers(db, tenantId),
    db.member.groupBy({ by: ['tierId'], where: { tenantId, tierId: { not: null } }, _count: { _all: true } }),
  ]);
  const byTier = new Map(counts.map((c) => [c.tierId, c._count._all]));
  return tiers.map((t) => ({ ...t, members: byTier.get(t.id) ?? 0 }));
}

export interface TierPreview {
  members: number;
  moves: { from: string | null; to: string | null; count: number }[];
  /** Members per proposed tier name (null: below all). */
  after: { tier: string | null; count: number }[];
}

/** What saving `proposed` would do to the members now, before anything is saved. */
export async function previewTiers(
  db: Db,
  tenantId: string,
  proposed: readonly TierInput[],
  now: Date,
): Promise<TierPreview> {
  const current = new Map((await loadTiers(db, tenantId)).map((t) => [t.id, t.name]));
  const rules = proposed.map((t, i) => ({ ...t, id: t.id ?? `new-${i}` }));
  const assigned = assignTiers(rules, await windowStats(db, tenantId, tierWindows(rules), now, null));
  const rows = assigned.map((a) => ({
    currentTier: a.currentTierId ? (current.get(a.currentTierId) ?? null) : null,
    proposedTier: a.tier?.name ?? null,
  }));
  const after = new Map<string | null, number>();
  for (const row of rows) after.set(row.proposedTier, (after.get(row.proposedTier) ?? 0) + 1);
  return { members: rows.length, moves: tierMoves(rows), after: [...after].map(([tier, count]) => ({ tier, count })) };
}

/**
 * Replaces the shop's tiers with `tiers` (ids keep a tier, and its members' history, across a
 * rename), then places every member under them. Ranks are unique, so they are parked first.
 */
export async function saveTiers(
  db: Db,
  tenantId: string,
  tiers: readonly TierInput[],
  now: Date,
): Promise<{ moved: number }> {
  await db.$transaction(async (tx) => {
    const kept = tiers.flatMap((t) => (t.id ? [t.id] : []));
    await tx.memberTier.deleteMany({ where: { tenantId, id: { notIn: kept } } });
    await tx.$executeRaw`UPDATE member_tiers SET rank = -rank - 1000000, name = id::text WHERE tenant_id = ${tenantId}::uuid`;
    for (const { id, ...tier } of tiers) {
      if (id) await tx.memberTier.updateMany({ where: { tenantId, id }, data: tier });
      else await tx.memberTier.create({ data: { id: uuidv7(), tenantId, ...tier } });
    }
  });
  return { moved: await evaluateAllTiers(db, tenantId, now) };
}
