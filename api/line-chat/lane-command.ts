import { parseChatCommand, type StockCommand } from '../../domain/line-chat/chat-command.ts';
import { parseBindingCode } from '../../domain/team/staff-binding.ts';
import { isTextMessageEvent, type LineWebhookEvent } from '../../integrations/line/webhook-schema.ts';

/** A "+N", "CODE+N" or 幫我留 typed in a 1:1 chat: the commands of a live sale. */
export interface LaneCommandOfEvent {
  lineUserId: string;
  command: StockCommand;
  text: string;
  replyToken: string | null;
  messageId: string;
}

/**
 * The +1 lane's command in an event, or null for what the per-event handlers take: quoted
 * photos, groups, staff binding codes and everything else. Read when the event is stored (so
 * that dispatchers can tell which unplaced events hold a shop's queue) and when it is placed.
 */
export function laneCommandOf(event: LineWebhookEvent): LaneCommandOfEvent | null {
  if (event.mode === 'standby' || event.type !== 'message' || !isTextMessageEvent(event)) return null;
  const source = event.source;
  if (source?.type !== 'user' || !source.userId || event.message.quotedMessageId) return null;
  if (parseBindingCode(event.message.text)) return null;
  const command = parseChatCommand(event.message.text);
  if (!command || command.kind === 'history' || command.target.type === 'photo') return null;
  return {
    lineUserId: source.userId,
    command,
    text: event.message.text,
    replyToken: event.replyToken ?? null,
    messageId: event.message.id,
  };
}
