import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { Workflow } from '@temporalio/common';
import { chatWorkflowId } from '../../../domain/workflow-ids.ts';
import { TenantId } from '../../../temporal/search-attributes.ts';

/**
 * Starts the workflow for one LINE event, once: a second start for the same event (the
 * dispatcher ran it again, LINE redelivered it after the inbox forgot it) finds the first
 * workflow, running or finished, and starts nothing.
 */
export async function startChatWorkflow<W extends Workflow>(
  temporal: Client,
  taskQueue: string,
  start: { workflowType: string; tenantId: string; webhookEventId: string; input: Parameters<W>[0]; summary: string },
): Promise<{ workflowId: string }> {
  const workflowId = chatWorkflowId(start.tenantId, start.webhookEventId);
  try {
    await temporal.workflow.start(start.workflowType, {
      workflowId,
      taskQueue,
      args: [start.input],
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      typedSearchAttributes: [{ key: TenantId, value: start.tenantId }],
      staticSummary: start.summary,
    });
  } catch (error) {
    // The first run's workflow has already finished: nothing to do.
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
  return { workflowId };
}
