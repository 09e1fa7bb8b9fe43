import { orderingPausedTenants } from '../../../db/billing/subscriptions.ts';
import { ORDERING_PAUSED_REPLY } from '../../../domain/billing/billing-messages.ts';
import { parseChatCommand, quantityOutOfRange } from '../../../domain/line-chat/chat-command.ts';
import { chatSpeaker, pushDestination } from '../../../domain/line-chat/chat-conversation.ts';
import { quantityLimitReply } from '../../../domain/line-chat/chat-replies.ts';
import { parseBindingCode } from '../../../domain/team/staff-binding.ts';
import { parsePunchCommand } from '../../../domain/attendance/punches.ts';
import {
  isImageMessageEvent,
  isLocationMessageEvent,
  isTextMessageEvent,
  type LineMessageEvent,
} from '../../../integrations/line/webhook-schema.ts';
import type { chatHistoryWorkflow } from '../../../workflows/line-chat/chat-history.ts';
import { startChatOrder } from './start-chat-order.ts';
import { startChatReply } from './start-chat-reply.ts';
import { handleProductEdit, handleProductPhoto, quotedProductPhoto, startLineBinding } from './staff-chat.ts';
import { startChatWorkflow } from './start-chat-workflow.ts';
import { handleLocation, handlePunch } from './staff-clock.ts';
import type { LineEventDeps, LineEventTenant } from './types.ts';

export type MessageOutcome =
  | 'ignored'
  | 'order'
  | 'reservation'
  | 'quantity_refused'
  | 'ordering_paused'
  | 'history'
  | 'binding'
  | 'product_photo'
  | 'product_edit'
  | 'clock'
  | 'clock_location';

/**
 * A chat message. Only a text that is a whole command (domain/line-chat/chat-command.ts) does
 * anything; all other chat is left to the shop's people, unanswered.
 * - +N, CODE+N, 我要… and 幫我留… go to the order workflow (one per event);
 * - 【履歷】 goes to the history workflow (one per event).
 * - an order to a shop paused for an unpaid subscription gets 本店目前暫停接單 (nothing is placed);
 * - +0, +100, 幫我留100個 (an order with a quantity outside 1..99) get the limit as an answer;
 * - six digits alone in the 1:1 chat bind a staff member's LINE account (api/line-chat/events/staff-chat.ts);
 * - 上班 / 下班 from a bound member in the 1:1 chat clock them in or out, and a location they
 *   share right after is checked against the shop's branches (api/line-chat/events/staff-clock.ts);
 * - a photo from a bound member who manages products makes a product;
 * - quoting a product photo: +N / 幫我留 order THAT product (an explicit CODE+N still names
 *   its own code); any other text from a bound member who manages products edits it.
 * In a group or room the customer is the member who wrote (source.userId) and the answer
 * goes to that chat; a message whose writer LINE does not name is nobody's order.
 */
export async function handleMessage(
  deps: LineEventDeps,
  tenant: LineEventTenant,
  event: LineMessageEvent,
): Promise<MessageOutcome> {
  const speaker = chatSpeaker(event.source);
  if (!speaker) return 'ignored';
  if (isImageMessageEvent(event)) return handleProductPhoto(deps, tenant, event, speaker);
  const oneToOne = speaker.conversation.type === 'user';
  if (isLocationMessageEvent(event))
    return oneToOne ? handleLocation(deps, tenant, event, speaker.lineUserId) : 'ignored';
  if (!isTextMessageEvent(event)) return 'ignored';
  const bindingCode = oneToOne ? parseBindingCode(event.message.text) : null;
  if (bindingCode) return startLineBinding(deps, tenant, event, speaker, bindingCode);
  const punch = oneToOne ? parsePunchCommand(event.message.text) : null;
  if (punch) {
    const clocked = await handlePunch(deps, tenant, event, speaker.lineUserId, punch);
    if (clocked === 'clock') return clocked;
  }
  const command = parseChatCommand(event.message.text);
  const quoted = await quotedProductPhoto(deps, tenant, event.message.quotedMessageId);
  const replyToken = event.replyToken ?? null;
  if (!command) {
    const outOfRange = quantityOutOfRange(event.message.text);
    if (!outOfRange) return quoted ? handleProductEdit(deps, tenant, event, speaker, quoted) : 'ignored';
    await startChatReply(deps.temporal, deps.env.TEMPORAL_TASK_QUEUE, {
      tenantId: tenant.tenantId,
      webhookEventId: event.webhookEventId,
      to: pushDestination(speaker.conversation, speaker.lineUserId),
      replyToken,
      text: quantityLimitReply(outOfRange.kind),
    });
    return 'quantity_refused';
  }

  if (command.kind === 'history') {
    await startChatWorkflow<typeof chatHistoryWorkflow>(deps.temporal, deps.env.TEMPORAL_TASK_QUEUE, {
      workflowType: 'chatHistoryWorkflow',
      tenantId: tenant.tenantId,
      webhookEventId: event.webhookEventId,
      input: {
        tenantId: tenant.tenantId,
        sourceEventId: event.webhookEventId,
        lineUserId: speaker.lineUserId,
        replyToken,
        conversation: speaker.conversation,
      },
      summary: 'LINE 購買紀錄查詢',
    });
    return 'history';
  }

  if ((await orderingPausedTenants(deps.db, [tenant.tenantId])).size > 0) {
    await startChatReply(deps.temporal, deps.env.TEMPORAL_TASK_QUEUE, {
      tenantId: tenant.tenantId,
      webhookEventId: event.webhookEventId,
      to: pushDestination(speaker.conversation, speaker.lineUserId),
      replyToken,
      text: ORDERING_PAUSED_REPLY,
    });
    return 'ordering_paused';
  }

  await startChatOrder(
    deps.temporal,
    deps.env.TEMPORAL_TASK_QUEUE,
    {
      tenantId: tenant.tenantId,
      webhookEventId: event.webhookEventId,
      lineUserId: speaker.lineUserId,
      replyToken,
      // A bare +N quoting a product photo means that product; CODE+N keeps its code.
      command:
        quoted && command.target.type === 'newest'
          ? { ...command, target: { type: 'photo', messageId: quoted } }
          : command,
      receivedAtMs: event.timestamp,
      text: event.message.text,
      sourceMessageId: event.message.id,
      conversation: speaker.conversation,
    },
    // The shop's order settings (a reservation's hold, the stuck-order threshold), read at the start.
    { db: deps.db },
  );
  return command.kind === 'reserve' ? 'reservation' : 'order';
}
