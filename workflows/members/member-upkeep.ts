import { databaseActivities as db } from '../activity-proxies.ts';

/** The nightly run's figures, per shop (the schedule's run shows them in the Temporal UI). */
export interface MemberUpkeepResult {
  shops: number;
  expiredPoints: number;
  tiersMoved: number;
}

/**
 * 會員每日整理, started by the members-nightly Schedule (temporal/member-schedule.ts): for every
 * shop with members, lapse due points, re-evaluate tiers and refresh rule tags, as of the
 * run's time. A shop's failure is retried by its activity without holding up the others.
 */
export async function memberUpkeepWorkflow(): Promise<MemberUpkeepResult> {
  // Workflow time (Temporal makes Date deterministic inside workflows).
  // eslint-disable-next-line no-restricted-properties
  const atMs = Date.now();
  const shops = await db.listMemberShops();
  const result: MemberUpkeepResult = { shops: shops.length, expiredPoints: 0, tiersMoved: 0 };
  for (const tenantId of shops) {
    const upkeep = await db.upkeepMembers({ tenantId, atMs });
    result.expiredPoints += upkeep.expiredPoints;
    result.tiersMoved += upkeep.tiersMoved;
  }
  return result;
}
