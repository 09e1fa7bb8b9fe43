import { WorkflowNotFoundError, type WorkflowHandle } from '@temporalio/client';
import type { ServerDeps } from '../deps.ts';
import { startInboxOrderWorkflow } from '../line-chat/inbox-orders.ts';

/**
 * Runs `act` on an order's workflow. A "+1" the inbox placed and answered may not have its
 * workflow yet (starts trail a live sale's answers by seconds): it is started there and then,
 * so a merchant's or customer's action on a brand-new order is never refused for it.
 */
export async function withOrderWorkflow<T>(
  deps: Pick<ServerDeps, 'db' | 'temporal' | 'env'>,
  order: { tenantId: string; workflowId: string; sourceEventId: string | null },
  act: (handle: WorkflowHandle) => Promise<T>,
): Promise<T> {
  try {
    return await act(deps.temporal.workflow.getHandle(order.workflowId));
  } catch (error) {
    if (!(error instanceof WorkflowNotFoundError) || !order.sourceEventId) throw error;
    if (!(await startInboxOrderWorkflow(deps, order.tenantId, order.sourceEventId))) throw error;
    return act(deps.temporal.workflow.getHandle(order.workflowId));
  }
}
