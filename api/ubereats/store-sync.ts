import { uberEatsConnectionIdOf } from '../../db/ubereats/connections.ts';
import type { ServerDeps } from '../deps.ts';
import { ubereatsStoreSyncWorkflowId } from '../../domain/workflow-ids.ts';
import { TenantId } from '../../temporal/search-attributes.ts';
import type { UberEatsStoreChange } from '../../workflows/ubereats/store-sync.ts';

/**
 * Has the branch's Uber Eats store follow a change (its 線上點餐 switch, its menu), by a
 * workflow that retries through Uber's outages; one already running takes it as one more push.
 * False when the branch is not connected to Uber Eats.
 */
export async function syncUberEatsStore(
  deps: Pick<ServerDeps, 'db' | 'temporal' | 'env'>,
  tenantId: string,
  branchId: string,
  change: UberEatsStoreChange,
): Promise<boolean> {
  if (!(await uberEatsConnectionIdOf(deps.db, tenantId, branchId))) return false;
  await deps.temporal.workflow.signalWithStart('ubereatsStoreSyncWorkflow', {
    workflowId: ubereatsStoreSyncWorkflowId(tenantId, branchId),
    taskQueue: deps.env.TEMPORAL_TASK_QUEUE,
    args: [{ tenantId, branchId }],
    signal: 'uberEatsStoreChanged',
    signalArgs: [change],
    typedSearchAttributes: [{ key: TenantId, value: tenantId }],
    staticSummary: 'Uber Eats 商店同步（營業狀態、菜單）',
  });
  return true;
}
