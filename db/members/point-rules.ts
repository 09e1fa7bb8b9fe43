import { v7 as uuidv7 } from 'uuid';
import { ruleInEffect, type PointRule } from '../../domain/members/points.ts';
import type { Db } from '../client.ts';

type Reader = Pick<Db, 'memberPointRule'>;

export interface StoredPointRule extends PointRule {
  id: string;
  createdAt: Date;
}

/** Every version of the shop's 點數規則, newest effective date first. */
export async function listPointRules(db: Reader, tenantId: string): Promise<StoredPointRule[]> {
  return db.memberPointRule.findMany({
    where: { tenantId },
    orderBy: [{ effectiveFrom: 'desc' }, { createdAt: 'desc' }],
  });
}

/** The rule that applies at `at`; null when the shop has none in effect (nothing is earned). */
export async function pointRuleAt(db: Reader, tenantId: string, at: Date): Promise<StoredPointRule | null> {
  const rules = await db.memberPointRule.findMany({
    where: { tenantId, effectiveFrom: { lte: at } },
    orderBy: { effectiveFrom: 'desc' },
    take: 5,
  });
  return ruleInEffect(rules, at);
}

/**
 * A new version from its effective date; earlier versions stay, so points earned before it keep
 * the terms they were earned under and the page can show what changes when.
 */
export async function addPointRule(db: Reader, tenantId: string, rule: PointRule): Promise<StoredPointRule> {
  return db.memberPointRule.create({ data: { id: uuidv7(), tenantId, ...rule } });
}
