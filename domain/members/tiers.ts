/**
 * VIP 等級: a member is in the highest-ranked tier whose threshold they meet over its rolling
 * window — spend (integer NT$) or completed orders, either one being enough when both are set.
 */
export interface TierRule {
  id: string;
  name: string;
  rank: number;
  /** 0: not a condition. */
  minSpend: number;
  /** 0: not a condition. */
  minOrders: number;
  windowDays: number;
  discountPercent: number;
  pointsMultiplierPct: number;
}

export interface WindowStats {
  spend: number;
  orders: number;
}

export function meetsTier(tier: Pick<TierRule, 'minSpend' | 'minOrders'>, stats: WindowStats): boolean {
  if (tier.minSpend <= 0 && tier.minOrders <= 0) return true;
  return (tier.minSpend > 0 && stats.spend >= tier.minSpend) || (tier.minOrders > 0 && stats.orders >= tier.minOrders);
}

/** The member's tier: the highest rank met, with each tier's window's figures; null below all. */
export function tierFor<T extends TierRule>(
  tiers: readonly T[],
  statsFor: (windowDays: number) => WindowStats,
): T | null {
  let best: T | null = null;
  for (const tier of tiers) {
    if ((!best || tier.rank > best.rank) && meetsTier(tier, statsFor(tier.windowDays))) best = tier;
  }
  return best;
}

/** The distinct windows a set of tiers looks at (one figure per member per window). */
export function tierWindows(tiers: readonly Pick<TierRule, 'windowDays'>[]): number[] {
  return [...new Set(tiers.map((t) => t.windowDays))].sort((a, b) => a - b);
}

/** A tier set's problems, in zh-TW; empty when it can be saved. */
export function tierProblems(tiers: readonly Omit<TierRule, 'id'>[]): string[] {
  const problems: string[] = [];
  const names = new Set<string>();
  const ranks = new Set<number>();
  for (const tier of tiers) {
    if (!tier.name.trim()) problems.push('每個等級都要有名稱');
    if (names.has(tier.name.trim())) problems.push(`等級名稱「${tier.name}」重複了`);
    names.add(tier.name.trim());
    if (ranks.has(tier.rank)) problems.push('兩個等級的順序相同');
    ranks.add(tier.rank);
    const whole = [tier.minSpend, tier.minOrders, tier.discountPercent].every((n) => Number.isInteger(n) && n >= 0);
    if (!whole) problems.push(`「${tier.name}」的門檻與折扣請填 0 以上的整數`);
    if (!Number.isInteger(tier.windowDays) || tier.windowDays < 1 || tier.windowDays > 730)
      problems.push(`「${tier.name}」的計算期間請填 1 到 730 天`);
    if (tier.discountPercent > 100) problems.push(`「${tier.name}」的折扣不能超過 100%`);
    if (
      !Number.isInteger(tier.pointsMultiplierPct) ||
      tier.pointsMultiplierPct < 100 ||
      tier.pointsMultiplierPct > 1000
    )
      problems.push(`「${tier.name}」的點數倍率請填 100% 到 1000%`);
  }
  return [...new Set(problems)];
}

/** How a proposed tier set would move members: counts by (from, to) name, only the ones that change. */
export function tierMoves(
  members: readonly { currentTier: string | null; proposedTier: string | null }[],
): { from: string | null; to: string | null; count: number }[] {
  const counts = new Map<string, { from: string | null; to: string | null; count: number }>();
  for (const m of members) {
    if (m.currentTier === m.proposedTier) continue;
    const key = JSON.stringify([m.currentTier, m.proposedTier]);
    const entry = counts.get(key) ?? { from: m.currentTier, to: m.proposedTier, count: 0 };
    entry.count += 1;
    counts.set(key, entry);
  }
  return [...counts.values()].sort((a, b) => b.count - a.count);
}
