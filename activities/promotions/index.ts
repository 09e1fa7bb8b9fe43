import { z } from 'zod';
import { runCampaign } from '../../db/promotions/coupon-campaigns.ts';
import type { CampaignRunResult } from '../../domain/promotions/coupon-campaigns.ts';
import type { ActivityDeps } from '../deps.ts';
import type { LineClientProvider } from '../line-clients.ts';
import { couponIssueActivities } from './coupon-issues.ts';

const runInput = z.object({ tenantId: z.uuid(), campaignId: z.uuid(), atMs: z.number().int().positive() });

/** The promotions area: a coupon campaign's run (自動發送設定) and 手動發券's run. */
export function promotionsActivities(deps: ActivityDeps, lineClientFor: LineClientProvider) {
  return {
    /** Issues the campaign's coupon to its members as of the run's time; a retry issues nothing twice. */
    async runCouponCampaign(raw: z.infer<typeof runInput>): Promise<CampaignRunResult> {
      const input = runInput.parse(raw);
      const result = await runCampaign(deps.db, input.tenantId, input.campaignId, new Date(input.atMs));
      deps.log.info({ ...input, ...result }, 'coupon campaign run');
      return result;
    },
    ...couponIssueActivities(deps, lineClientFor),
  };
}
