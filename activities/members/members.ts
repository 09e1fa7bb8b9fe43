import { z } from 'zod';
import { settleOrderPoints, expireDuePoints, type OrderSettlement } from '../../db/members/point-ledger.ts';
import { refreshRuleTags } from '../../db/members/tags.ts';
import { evaluateAllTiers } from '../../db/members/tier-evaluation.ts';
import type { ActivityDeps } from '../deps.ts';

const orderInput = z.object({ tenantId: z.uuid(), orderId: z.uuid() });
const shopInput = z.object({ tenantId: z.uuid(), atMs: z.number().int().positive() });

export interface MemberUpkeep {
  expiredPoints: number;
  tiersMoved: number;
  ruleTags: number;
}

export function memberActivities(deps: ActivityDeps) {
  return {
    /**
     * An order's points and its member's tier, brought in line with its status (earned once when
     * done, taken back when voided); nothing for a customer who is not a member. Idempotent.
     */
    async settleMemberOrder(raw: z.infer<typeof orderInput>): Promise<OrderSettlement> {
      const input = orderInput.parse(raw);
      return settleOrderPoints(deps.db, input.tenantId, input.orderId);
    },

    /** The shops with members, for the nightly upkeep. */
    async listMemberShops(): Promise<string[]> {
      const rows = await deps.db.member.findMany({ distinct: ['tenantId'], select: { tenantId: true } });
      return rows.map((r) => r.tenantId);
    },

    /**
     * One shop's nightly upkeep as of the workflow's time: lapse due points, re-place every member
     * in their tier (windows roll on without orders), refresh rule tags. Each step is idempotent.
     */
    async upkeepMembers(raw: z.infer<typeof shopInput>): Promise<MemberUpkeep> {
      const input = shopInput.parse(raw);
      const at = new Date(input.atMs);
      const expired = await expireDuePoints(deps.db, input.tenantId, at);
      const tiersMoved = await evaluateAllTiers(deps.db, input.tenantId, at);
      const tags = await refreshRuleTags(deps.db, input.tenantId, at);
      deps.log.info({ tenantId: input.tenantId, expired, tiersMoved, tags }, 'member upkeep');
      return { expiredPoints: expired.points, tiersMoved, ruleTags: tags.tags };
    },
  };
}
