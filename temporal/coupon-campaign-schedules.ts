import { ScheduleAlreadyRunning, ScheduleNotFoundError, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import { CAMPAIGN_RUN_AT, campaignScheduleId } from '../domain/promotions/coupon-campaigns.ts';
import { TenantId } from './search-attributes.ts';

/**
 * A coupon campaign's Schedule (自動發送設定): couponCampaignWorkflow daily at 10:00 Taipei.
 * Each run's workflow ID is coupon-campaign-<campaign id>-<the run's scheduled time> (Temporal
 * appends the time), so the Temporal UI finds a campaign's runs with
 * `WorkflowId STARTS_WITH "coupon-campaign-<id>"` and each names its day. Overlaps are skipped;
 * a run that overlaps or is retried anyway issues nothing twice (the campaign's issue keys) and
 * updates its day's row. Pausing the campaign pauses its Schedule, with a note saying who.
 */

export interface ScheduledCampaign {
  id: string;
  tenantId: string;
  name: string;
  paused: boolean;
}

const definition = (taskQueue: string, campaign: ScheduledCampaign) => ({
  spec: {
    calendars: [{ hour: CAMPAIGN_RUN_AT.hour, minute: CAMPAIGN_RUN_AT.minute }],
    timezone: CAMPAIGN_RUN_AT.timezone,
  },
  action: {
    type: 'startWorkflow' as const,
    workflowType: 'couponCampaignWorkflow',
    workflowId: campaignScheduleId(campaign.id),
    taskQueue,
    args: [{ tenantId: campaign.tenantId, campaignId: campaign.id }],
    typedSearchAttributes: [{ key: TenantId, value: campaign.tenantId }],
    staticSummary: `自動發券：${campaign.name}`,
  },
  policies: { overlap: ScheduleOverlapPolicy.SKIP },
});

/** Creates the campaign's Schedule (paused with the campaign); one already there is left as it is. */
export async function ensureCampaignSchedule(
  client: Client,
  taskQueue: string,
  campaign: ScheduledCampaign,
  note = campaign.name,
): Promise<void> {
  try {
    await client.schedule.create({
      scheduleId: campaignScheduleId(campaign.id),
      ...definition(taskQueue, campaign),
      state: { paused: campaign.paused, note },
    });
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
  }
}

/** After an edit: the Schedule's run names the campaign as it is now (its pause and note stay). */
export async function updateCampaignSchedule(client: Client, taskQueue: string, campaign: ScheduledCampaign) {
  try {
    await client.schedule
      .getHandle(campaignScheduleId(campaign.id))
      .update((previous) => ({ ...definition(taskQueue, campaign), state: { ...previous.state } }));
  } catch (error) {
    if (!(error instanceof ScheduleNotFoundError)) throw error;
    await ensureCampaignSchedule(client, taskQueue, campaign);
  }
}

/** 暫停 / 恢復: the Schedule itself stops or starts again, its note saying who did it and when. */
export async function setCampaignSchedulePaused(
  client: Client,
  taskQueue: string,
  campaign: ScheduledCampaign,
  note: string,
): Promise<void> {
  const handle = client.schedule.getHandle(campaignScheduleId(campaign.id));
  try {
    if (campaign.paused) await handle.pause(note);
    else await handle.unpause(note);
  } catch (error) {
    if (!(error instanceof ScheduleNotFoundError)) throw error;
    await ensureCampaignSchedule(client, taskQueue, campaign, note);
  }
}
