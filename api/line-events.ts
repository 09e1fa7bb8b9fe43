import type { KnownLineEventType, LineWebhookEvent } from '../integrations/line/webhook-schema.ts';
import { handleFollow, handleUnfollow } from './line-events/follow.ts';
import { handleMessage, type MessageOutcome } from './line-events/message.ts';
import type { LineEventDeps, LineEventHandler } from './line-events/types.ts';
import { handleMessageEdit, type MessageEditOutcome } from './route-message-edit.ts';
import { handlePostback, type PostbackOutcome } from './route-postback.ts';

export type LineEventOutcome =
  'ignored' | MessageOutcome | 'follow' | 'unfollow' | PostbackOutcome | MessageEditOutcome;

/**
 * One handler per LINE event type; a type not listed is ignored (join, leave, unsend,
 * memberJoined, beacon, and whatever LINE adds later). A handler gets the event narrowed to
 * its type and must be safe to run twice for one event (see api/line-events/types.ts).
 * To handle another type, add its module under api/line-events/ (or api/route-*.ts) and
 * one line here.
 */
const HANDLERS: { [T in KnownLineEventType]?: LineEventHandler<T, LineEventOutcome> } = {
  message: handleMessage, // chat commands: orders, reservations, 【履歷】 (api/line-events/message.ts)
  follow: handleFollow, // welcome, block cleared (api/line-events/follow.ts)
  unfollow: handleUnfollow, // customer marked blocked (api/line-events/follow.ts)
  postback: handlePostback, // 「確認購買」 under a reservation (api/route-postback.ts)
  messageEdited: handleMessageEdit, // an edited "+1" in a group changes its order (api/route-message-edit.ts)
};

/**
 * What one LINE event means for the shop, run by the inbox dispatcher (api/line-inbox.ts),
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
