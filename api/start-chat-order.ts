import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { ChatCommand } from '../domain/chat-command.ts';
import { TenantId } from '../temporal/search-attributes.ts';
import type { ChatOrderInput } from '../workflows/chat-order.ts';

/** `order:<tenant>:line:<webhookEventId>` — the source event names the workflow. */
export function chatOrderWorkflowId(tenantId: string, webhookEventId: string): string {
  return `order:${tenantId}:line:${webhookEventId}`;
}

/**
 * Starts the order workflow for one chat command. A redelivered event finds the workflow
 * its first delivery started (running or finished) and starts nothing.
 */
export async function startChatOrder(
  temporal: Client,
  taskQueue: string,
  order: {
    tenantId: string;
    webhookEventId: string;
    lineUserId: string;
    replyToken: string | null;
    command: Extract<ChatCommand, { kind: 'order' }>;
    receivedAtMs: number;
    text: string;
  },
): Promise<{ workflowId: string }> {
  const workflowId = chatOrderWorkflowId(order.tenantId, order.webhookEventId);
  const input: ChatOrderInput = {
    tenantId: order.tenantId,
    sourceEventId: order.webhookEventId,
    lineUserId: order.lineUserId,
    replyToken: order.replyToken,
    command: order.command,
    receivedAtMs: order.receivedAtMs,
  };
  try {
    await temporal.workflow.start('chatOrderWorkflow', {
      workflowId,
      taskQueue,
      args: [input],
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      typedSearchAttributes: [{ key: TenantId, value: order.tenantId }],
      staticSummary: `LINE 訂單：${order.text.slice(0, 40)}`,
    });
  } catch (error) {
    // The first delivery's workflow has already finished: nothing to do.
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
  return { workflowId };
}
