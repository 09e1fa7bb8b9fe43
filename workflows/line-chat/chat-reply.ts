import { uuid4 } from '@temporalio/workflow';
import { lineMessageActivities } from '../activity-proxies.ts';

export interface ChatReplyInput {
  tenantId: string;
  /** The LINE webhookEventId answered: the workflow ID is derived from it, so it answers once. */
  sourceEventId: string;
  /** The LINE user to push to when the reply token no longer works. */
  to: string;
  replyToken: string | null;
  text: string;
  /** The order the answer is about, for its audit trail. */
  orderId?: string | null;
}

const line = lineMessageActivities;

/**
 * One answer to one LINE event that needs no order workflow of its own (a refused
 * confirmation, an edit that cannot change its order): the reply token first, a push with a
 * retry key after, so the customer hears once even when the event is handled twice.
 */
export async function chatReplyWorkflow(input: ChatReplyInput): Promise<{ delivery: string }> {
  const delivery = await line.messageCustomer({
    tenantId: input.tenantId,
    orderId: input.orderId ?? null,
    to: input.to,
    replyToken: input.replyToken,
    text: input.text,
    retryKey: uuid4(),
  });
  return { delivery };
}
