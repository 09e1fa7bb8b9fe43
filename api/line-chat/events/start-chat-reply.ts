import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { chatReplyWorkflowId } from '../../../domain/workflow-ids.ts';
import { TenantId } from '../../../temporal/search-attributes.ts';
import type { ChatReplyInput } from '../../../workflows/line-chat/chat-reply.ts';

/**
 * Answers one LINE event through a short workflow (workflows/line-chat/chat-reply.ts): reply token
 * first, push with a retry key after. Handling the same event again starts nothing new, so
 * the customer hears once.
 */
export async function startChatReply(
  temporal: Client,
  taskQueue: string,
  reply: {
    tenantId: string;
    webhookEventId: string;
    to: string;
    replyToken: string | null;
    text: string;
    orderId?: string | null;
  },
): Promise<{ workflowId: string }> {
  const workflowId = chatReplyWorkflowId(reply.tenantId, reply.webhookEventId);
  const input: ChatReplyInput = {
    tenantId: reply.tenantId,
    sourceEventId: reply.webhookEventId,
    to: reply.to,
    replyToken: reply.replyToken,
    text: reply.text,
    orderId: reply.orderId ?? null,
  };
  try {
    await temporal.workflow.start('chatReplyWorkflow', {
      workflowId,
      taskQueue,
      args: [input],
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      typedSearchAttributes: [{ key: TenantId, value: reply.tenantId }],
      staticSummary: `LINE 回覆：${reply.text.slice(0, 40)}`,
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
  return { workflowId };
}
