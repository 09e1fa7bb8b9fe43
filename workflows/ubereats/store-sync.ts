import { allHandlersFinished, condition, defineSignal, setHandler } from '@temporalio/workflow';
import { uberEatsActivities as uber } from '../activity-proxies.ts';

export interface UberEatsStoreSyncInput {
  tenantId: string;
  branchId: string;
}

/** What changed at the branch that its Uber Eats store must follow. */
export type UberEatsStoreChange = 'status' | 'menu';

/** Sent with the workflow's start by the API (the 線上點餐 switch, 同步菜單) or Uber's menu refresh request. */
export const uberEatsStoreChangedSignal = defineSignal<[UberEatsStoreChange]>('uberEatsStoreChanged');

export interface UberEatsStoreSyncResult {
  status: 'ONLINE' | 'PAUSED' | 'not_connected' | null;
  menuItems: number | null;
}

/**
 * Keeps a branch's Uber Eats store in step with the shop: open or paused with its 線上點餐
 * switch, and its menu as Jiayi's. Each push reads the branch as it is then and is retried
 * through Uber's outages; news that comes while a push runs is one more push, and the workflow
 * ends once Uber has the latest.
 */
export async function ubereatsStoreSyncWorkflow(input: UberEatsStoreSyncInput): Promise<UberEatsStoreSyncResult> {
  const pending = new Set<UberEatsStoreChange>();
  setHandler(uberEatsStoreChangedSignal, (change) => {
    pending.add(change);
  });
  const result: UberEatsStoreSyncResult = { status: null, menuItems: null };
  // The start's own signal is delivered before the first turn of this loop.
  await condition(() => pending.size > 0);
  while (pending.size > 0) {
    if (pending.delete('menu')) result.menuItems = await uber.pushUberEatsMenu(input);
    if (pending.delete('status')) result.status = await uber.pushUberEatsStoreStatus(input);
  }
  await condition(allHandlersFinished);
  return result;
}
