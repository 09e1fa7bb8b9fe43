import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';

export const CUSTOMER_RETENTION_SCHEDULE_ID = 'customer-retention-nightly';

/**
 * The Schedule that runs customerRetentionWorkflow (個資保存期限) at 04:00 Taipei every night,
 * after the members' 03:00 upkeep. One for every shop (why: workflows/customers/data-retention.ts);
 * created once per namespace, a second start finds it and leaves it. Overlaps are skipped.
 */
export async function ensureCustomerRetentionSchedule(client: Client, taskQueue: string): Promise<void> {
  try {
    await client.schedule.create({
      scheduleId: CUSTOMER_RETENTION_SCHEDULE_ID,
      spec: { calendars: [{ hour: 4, minute: 0 }], timezone: 'Asia/Taipei' },
      action: { type: 'startWorkflow', workflowType: 'customerRetentionWorkflow', taskQueue, args: [] },
      policies: { overlap: ScheduleOverlapPolicy.SKIP },
    });
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
  }
}
