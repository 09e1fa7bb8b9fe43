import type { KnownLineEventType, LineWebhookEvent } from '../../../integrations/line/webhook-schema.ts';
import { handleFollow, handleUnfollow } from './follow.ts';
import { handleMessage, type MessageOutcome } from './message.ts';
import type { LineEventDeps, LineEventHandler } from './types.ts';
import { handleMessageEdit, type MessageEditOutcome } from './message-edit.ts';
import { handlePostback, type PostbackOutcome } from './postback.ts';

export type LineEventOutcome =
  'ignored' | MessageOutcome | 'follow' | 'unfollow' | PostbackOutcome | MessageEditOutcome;

/**
 * One handler per LINE event type; a type not listed is ignored (join, leave, unsend,
 * memberJoined, beacon, and whatever LINE adds later). A handler gets the event narrowed to
 * its type and must be safe to run twice for one event (see api/line-chat/events/types.ts).
 * To handle another type, add its module under api/line-chat/events/ and
 * one line here.
 */
const HANDLERS: { [T in KnownLineEventType]?: LineEventHandler<T, LineEventOutcome> } = {
  message: handleMessage, // chat commands: orders, reservations, 【履歷】 (api/line-chat/events/message.ts)
  follow: handleFollow, // welcome, block cleared (api/line-chat/events/follow.ts)
  unfollow: handleUnfollow, // customer marked blocked (api/line-chat/events/follow.ts)
  postback: handlePostback, // 「確認購買」 under a reservation (api/line-chat/events/postback.ts)
  messageEdited: handleMessageEdit, // an edited "+1" in a group changes its order (api/line-chat/events/message-edit.ts)
};

/**
 * What one LINE event means for the shop, run by the inbox dispatcher (api/line-chat/inbox.ts),
 * which stores every delivery first and drops LINE's redeliveries by webhookEventId. Every
 * handler starts workflows named after the webhookEventId (or Updates with it as their ID),
 * so an event the dispatcher runs again has no second effect either.
 */
export async function handleLineEvent(
  deps: LineEventDeps,
  tenantId: string,
  event: LineWebhookEvent,
): Promise<LineEventOutcome> {
  // Standby: another channel (a module) is answering this chat; we must stay silent.
  if (event.mode === 'standby') return 'ignored';
  if (!Object.hasOwn(HANDLERS, event.type)) return 'ignored';
  // TypeScript cannot relate HANDLERS[type] to the event's own narrowed type; the table's
  // mapped type guarantees that each handler is listed under the type it takes.
  const handler = HANDLERS[event.type as KnownLineEventType] as
    LineEventHandler<KnownLineEventType, LineEventOutcome> | undefined;
  return handler ? handler(deps, { tenantId }, event as never) : 'ignored';
}
