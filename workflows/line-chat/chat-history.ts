import { uuid4 } from '@temporalio/workflow';
import type { Delivery } from '../../activities/orders/notify.ts';
import { isSharedConversation, pushDestination, type ChatConversation } from '../../domain/line-chat/chat-conversation.ts';
import { historyInSharedChatReply, orderHistoryReply } from '../../domain/line-chat/chat-replies.ts';
import { databaseActivities, lineMessageActivities } from '../activity-proxies.ts';

/** How many orders 【履歷】 lists. */
export const HISTORY_ORDER_COUNT = 5;

export interface ChatHistoryInput {
  tenantId: string;
  /** LINE webhookEventId: the workflow ID is derived from it, so one message gets one answer. */
  sourceEventId: string;
  lineUserId: string;
  replyToken: string | null;
  /** Where it was asked; absent means the 1:1 chat. */
  conversation?: ChatConversation;
}

export interface ChatHistoryResult {
  /** How many orders the answer listed (0 in a group, where history is not shown). */
  listed: number;
  delivery: Delivery;
}

const db = databaseActivities;
const line = lineMessageActivities;

/**
 * 【履歷】: answers with the customer's most recent orders (number, items, total, status,
 * date in Asia/Taipei). In a group or room the history would be shown to everyone there, so
 * the answer only points the customer to their 1:1 chat.
 */
export async function chatHistoryWorkflow(input: ChatHistoryInput): Promise<ChatHistoryResult> {
  let text: string;
  let listed = 0;
  if (isSharedConversation(input.conversation)) {
    const customer = await db.ensureCustomer({ tenantId: input.tenantId, lineUserId: input.lineUserId });
    text = historyInSharedChatReply(customer.displayName);
  } else {
    const history = await db.findOrderHistory({
      tenantId: input.tenantId,
      lineUserId: input.lineUserId,
      limit: HISTORY_ORDER_COUNT,
    });
    listed = history.orders.length;
    text = orderHistoryReply({
      totalCount: history.totalCount,
      orders: history.orders.map(({ createdAtMs, ...order }) => ({ ...order, createdAt: new Date(createdAtMs) })),
    });
  }
  const delivery = await line.messageCustomer({
    tenantId: input.tenantId,
    orderId: null,
    to: pushDestination(input.conversation, input.lineUserId),
    replyToken: input.replyToken,
    text,
    retryKey: uuid4(),
  });
  return { listed, delivery };
}
