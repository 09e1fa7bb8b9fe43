import { parseChatCommand } from '../../domain/chat-command.ts';
import { chatSpeaker } from '../../domain/chat-conversation.ts';
import { isTextMessageEvent, type LineMessageEvent } from '../../integrations/line/webhook-schema.ts';
import type { chatHistoryWorkflow } from '../../workflows/chat-history.ts';
import { startChatOrder } from '../start-chat-order.ts';
import { startChatWorkflow } from './start-chat-workflow.ts';
import type { LineEventDeps, LineEventTenant } from './types.ts';

export type MessageOutcome = 'ignored' | 'order' | 'reservation' | 'history';

/**
 * A chat message. Only a text that is a whole command (domain/chat-command.ts) does
 * anything; all other chat is left to the shop's people, unanswered.
 * - +N, CODE+N, 我要… and 幫我留… go to the order workflow (one per event);
 * - 【履歷】 goes to the history workflow (one per event).
 * In a group or room the customer is the member who wrote (source.userId) and the answer
 * goes to that chat; a message whose writer LINE does not name is nobody's order.
 */
export async function handleMessage(
  deps: LineEventDeps,
  tenant: LineEventTenant,
  event: LineMessageEvent,
): Promise<MessageOutcome> {
  if (!isTextMessageEvent(event)) return 'ignored';
  const speaker = chatSpeaker(event.source);
  if (!speaker) return 'ignored';
  const command = parseChatCommand(event.message.text);
  if (!command) return 'ignored';
  const replyToken = event.replyToken ?? null;

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

  await startChatOrder(
    deps.temporal,
    deps.env.TEMPORAL_TASK_QUEUE,
    {
      tenantId: tenant.tenantId,
      webhookEventId: event.webhookEventId,
      lineUserId: speaker.lineUserId,
      replyToken,
      command,
      receivedAtMs: event.timestamp,
      text: event.message.text,
      sourceMessageId: event.message.id,
      conversation: speaker.conversation,
    },
    // A reservation's hold window is the tenant's setting, read at the start.
    { db: deps.db },
  );
  return command.kind === 'reserve' ? 'reservation' : 'order';
}
