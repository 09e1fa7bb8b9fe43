import type { Delivery } from '../../activities/orders/notify.ts';
import { isSharedConversation } from '../../domain/line-chat/chat-conversation.ts';
import { historyInSharedChatReply, orderHistoryReply } from '../../domain/line-chat/chat-replies.ts';
import { databaseActivities } from '../activity-proxies.ts';
import { replyToChatEvent, type ChatEventInput } from '../chat-event.ts';

/** How many orders 【履歷】 lists. */
export const HISTORY_ORDER_COUNT = 5;

export type ChatHistoryInput = ChatEventInput;

export interface ChatHistoryResult {
  /** How many orders the answer listed (0 in a group, where history is not shown). */
  listed: number;
  delivery: Delivery;
}

const db = databaseActivities;

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
  return { listed, delivery: await replyToChatEvent(input, text) };
}
