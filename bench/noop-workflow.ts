import { proxyActivities } from '@temporalio/workflow';

const { noop } = proxyActivities<{ noop(): Promise<void> }>({ startToCloseTimeout: '10 seconds' });

/** The baseline: start, one no-op activity, complete. What Temporal alone costs per workflow. */
export async function noopWorkflow(): Promise<void> {
  await noop();
}
