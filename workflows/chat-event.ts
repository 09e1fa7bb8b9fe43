import { uuid4 } from '@temporalio/workflow';
import type { Delivery } from '../activities/orders/notify.ts';
import { pushDestination, type ChatConversation } from '../domain/line-chat/chat-conversation.ts';
import { lineMessageActivities } from './activity-proxies.ts';

/**
 * What a workflow started by one LINE chat event begins with. The workflow ID is derived from
 * the event's webhookEventId, so each event is handled, and answered, once.
 */
export interface ChatEventInput {
  tenantId: string;
  /** LINE webhookEventId. */
  sourceEventId: string;
  lineUserId: string;
  replyToken: string | null;
  /** Where it was written; absent means the 1:1 chat. */
  conversation?: ChatConversation;
}

export interface ChatAnswerResult {
  /** null: nothing was said. */
  delivery: Delivery | null;
}

const line = lineMessageActivities;

/** Answers the event with its reply token, else by push to where it was written. */
export async function replyToChatEvent(input: ChatEventInput, text: string): Promise<Delivery> {
  return line.messageCustomer({
    tenantId: input.tenantId,
    orderId: null,
    to: pushDestination(input.conversation, input.lineUserId),
    replyToken: input.replyToken,
    text,
    retryKey: uuid4(),
  });
}

/** An activity's answer to the event, sent unless it is null (the activity chose to say nothing). */
export async function answerChatEvent(input: ChatEventInput, text: string | null): Promise<ChatAnswerResult> {
  return { delivery: text === null ? null : await replyToChatEvent(input, text) };
}
