import { parseChatCommand } from '../domain/chat-command.ts';
import { isTextMessageEvent, type LineWebhookEvent } from '../integrations/line/webhook-schema.ts';
import type { ServerDeps } from './deps.ts';
import { startChatOrder } from './start-chat-order.ts';

export type LineEventOutcome = 'ignored' | 'order';

/**
 * What one LINE event means for the shop, run by the inbox dispatcher (api/line-inbox.ts).
 * Starting workflows is idempotent per webhookEventId, so running an event twice is harmless.
 */
export async function handleLineEvent(
  deps: Pick<ServerDeps, 'temporal' | 'env'>,
  tenantId: string,
  event: LineWebhookEvent,
): Promise<LineEventOutcome> {
  // Standby: another channel (a module) is answering this chat; we must stay silent.
  if (event.mode === 'standby') return 'ignored';
  if (!isTextMessageEvent(event)) return 'ignored';
  const userId = event.source?.userId;
  if (!userId) return 'ignored';
  const command = parseChatCommand(event.message.text);
  if (!command || command.kind !== 'order') return 'ignored';
  await startChatOrder(deps.temporal, deps.env.TEMPORAL_TASK_QUEUE, {
    tenantId,
    webhookEventId: event.webhookEventId,
    lineUserId: userId,
    replyToken: event.replyToken ?? null,
    command,
    receivedAtMs: event.timestamp,
    text: event.message.text,
  });
  return 'order';
}
