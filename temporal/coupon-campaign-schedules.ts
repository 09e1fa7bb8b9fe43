import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import { CAMPAIGN_RUN_AT, campaignScheduleId } from '../domain/promotions/coupon-campaigns.ts';
import { TenantId } from './search-attributes.ts';

/**
 * A coupon campaign's Schedule (自動發送設定): couponCampaignWorkflow daily at 10:00 Taipei.
 * Overlaps are skipped; a run that overlaps or is retried anyway issues nothing twice (the
 * campaign's issue keys). Pausing the campaign pauses its Schedule.
 */
export async function ensureCampaignSchedule(
  client: Client,
  taskQueue: string,
  campaign: { id: string; tenantId: string; name: string },
): Promise<void> {
  try {
    await client.schedule.create({
      scheduleId: campaignScheduleId(campaign.id),
      spec: {
        calendars: [{ hour: CAMPAIGN_RUN_AT.hour, minute: CAMPAIGN_RUN_AT.minute }],
        timezone: CAMPAIGN_RUN_AT.timezone,
      },
      action: {
        type: 'startWorkflow',
        workflowType: 'couponCampaignWorkflow',
        workflowId: campaignScheduleId(campaign.id),
        taskQueue,
        args: [{ tenantId: campaign.tenantId, campaignId: campaign.id }],
        typedSearchAttributes: [{ key: TenantId, value: campaign.tenantId }],
        staticSummary: `自動發券：${campaign.name}`,
      },
      policies: { overlap: ScheduleOverlapPolicy.SKIP },
      state: { note: campaign.name },
    });
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
  }
}

export async function setCampaignSchedulePaused(client: Client, campaignId: string, paused: boolean): Promise<void> {
  const handle = client.schedule.getHandle(campaignScheduleId(campaignId));
  if (paused) await handle.pause('自動發送已暫停');
  else await handle.unpause('自動發送已恢復');
}
