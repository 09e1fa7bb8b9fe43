import { ActivityFailure, ApplicationFailure, patched, workflowInfo } from '@temporalio/workflow';
import type { CampaignRunResult } from '../../domain/promotions/coupon-campaigns.ts';
import { TemporalScheduledStartTime } from '../../temporal/search-attributes.ts';
import { campaignMessageActivities, databaseActivities as db } from '../activity-proxies.ts';

export interface CouponCampaignInput {
  tenantId: string;
  campaignId: string;
}

/** Runs started before this change issued in one step and kept no record. */
const RECORDED_RUNS = 'coupon-campaign-recorded-runs';

/**
 * 自動發送設定's run, started by the campaign's Schedule (temporal/coupon-campaign-schedules.ts)
 * with the workflow ID coupon-campaign-<campaign id>-<the Schedule's time>: the campaign's coupon
 * to its members as of that time, then a LINE message to each member who got one. Each step
 * writes the day's row in coupon_campaign_runs (the campaign's page shows it), so a retried or
 * overlapping run of the same day updates that row. The result is the run's figures.
 */
export async function couponCampaignWorkflow(input: CouponCampaignInput): Promise<CampaignRunResult> {
  // Workflow time (Temporal makes Date deterministic inside workflows).
  // eslint-disable-next-line no-restricted-properties
  const nowMs = Date.now();
  if (!patched(RECORDED_RUNS)) return db.runCouponCampaign({ ...input, atMs: nowMs });
  const info = workflowInfo();
  // The Schedule's time for this run (a run started by hand: now), so its day is the one its ID names.
  const atMs = info.typedSearchAttributes.get(TemporalScheduledStartTime)?.getTime() ?? nowMs;
  const issued = await db.issueCouponCampaignRun({ ...input, atMs, workflowId: info.workflowId });
  if (issued.paused || !issued.runKey) return issued;
  const run = { ...input, runKey: issued.runKey };
  try {
    return await campaignMessageActivities.messageCouponCampaignRun(run);
  } catch (error) {
    const cause = error instanceof ActivityFailure ? error.cause : error;
    const reason = cause instanceof ApplicationFailure ? cause.message : '發送中斷，請聯絡客服';
    await db.failCouponCampaignRun({ ...run, error: reason });
    throw error;
  }
}
