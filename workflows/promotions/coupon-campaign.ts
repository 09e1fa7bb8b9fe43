import type { CampaignRunResult } from '../../domain/promotions/coupon-campaigns.ts';
import { databaseActivities as db } from '../activity-proxies.ts';

export interface CouponCampaignInput {
  tenantId: string;
  campaignId: string;
}

/**
 * 自動發送設定's run, started by the campaign's Schedule (temporal/coupon-campaign-schedules.ts):
 * the campaign's coupon to its members as of the run's time. The result is the run's record in
 * the Temporal UI (find it by the Schedule coupon-campaign-<id>).
 */
export async function couponCampaignWorkflow(input: CouponCampaignInput): Promise<CampaignRunResult> {
  // Workflow time (Temporal makes Date deterministic inside workflows).
  // eslint-disable-next-line no-restricted-properties
  const atMs = Date.now();
  return db.runCouponCampaign({ ...input, atMs });
}
