import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';

export const MEMBER_UPKEEP_SCHEDULE_ID = 'members-nightly';

/**
 * The Schedule that runs memberUpkeepWorkflow at 03:00 Taipei every night (points lapse, tiers
 * roll, rule tags refresh). Created once per namespace; a second start finds it and leaves it.
 * Overlaps are skipped: a night's run still going is not doubled.
 */
export async function ensureMemberUpkeepSchedule(client: Client, taskQueue: string): Promise<void> {
  try {
    await client.schedule.create({
      scheduleId: MEMBER_UPKEEP_SCHEDULE_ID,
      spec: { calendars: [{ hour: 3, minute: 0 }], timezone: 'Asia/Taipei' },
      action: { type: 'startWorkflow', workflowType: 'memberUpkeepWorkflow', taskQueue, args: [] },
      policies: { overlap: ScheduleOverlapPolicy.SKIP },
    });
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
  }
}
