import { newMessageId, newQuoteToken, newReplyToken } from './ids.ts';
import type { SandboxChannel, SandboxStore } from './store.ts';
import { ulid } from './ulid.ts';

/** Builds webhook event objects shaped as LINE sends them (webhook event objects reference). */

export type WebhookEvent = Record<string, unknown>;

export type EventSource =
  | { type: 'user'; userId: string }
  | { type: 'group'; groupId: string; userId?: string }
  | { type: 'room'; roomId: string; userId?: string };

/** Event types LINE attaches a reply token to (in active mode). */
const REPLYABLE = new Set([
  'message',
  'messageEdited',
  'follow',
  'join',
  'memberJoined',
  'postback',
  'beacon',
  'accountLink',
  'videoPlayComplete',
  'things',
]);

/** Message types that carry a quoteToken. */
const QUOTABLE = new Set(['text', 'image', 'video', 'sticker']);

export interface EventContext {
  store: SandboxStore;
  channel: SandboxChannel;
  replyTokenTtlMs: number;
  now?: number;
}

function replyTarget(source: unknown): string | undefined {
  if (!source || typeof source !== 'object') return undefined;
  const s = source as { groupId?: unknown; roomId?: unknown; userId?: unknown };
  for (const v of [s.groupId, s.roomId, s.userId]) if (typeof v === 'string') return v;
  return undefined;
}

/**
 * Fill in what LINE always sends (timestamp, mode, webhookEventId, deliveryContext, message id,
 * quoteToken, a registered replyToken) around a partial event. `userId` at the top level is
 * accepted as shorthand for `source: { type: 'user', userId }`.
 */
export function completeEvent(raw: WebhookEvent, ctx: EventContext): { event: WebhookEvent; replyToken?: string } {
  const now = ctx.now ?? Date.now();
  const { userId, ...rest } = raw as WebhookEvent & { userId?: unknown };
  const event: WebhookEvent = {
    ...rest,
    timestamp: rest.timestamp ?? now,
    mode: rest.mode ?? 'active',
    webhookEventId: rest.webhookEventId ?? ulid(now),
    deliveryContext: rest.deliveryContext ?? { isRedelivery: false },
  };
  if (event.source === undefined && typeof userId === 'string') event.source = { type: 'user', userId };

  const message = event.message;
  if (message && typeof message === 'object') {
    const m: Record<string, unknown> = { ...(message as Record<string, unknown>) };
    m.id ??= newMessageId();
    if (QUOTABLE.has(String(m.type)) && m.quoteToken === undefined) m.quoteToken = newQuoteToken();
    event.message = m;
  }
  if (event.type === 'follow' && event.follow === undefined) event.follow = { isUnblocked: false };

  let replyToken: string | undefined;
  const to = replyTarget(event.source);
  if (REPLYABLE.has(String(event.type)) && event.mode === 'active' && !('replyToken' in raw) && to) {
    replyToken = newReplyToken();
    event.replyToken = replyToken;
  } else if (typeof raw.replyToken === 'string') {
    replyToken = raw.replyToken;
  }
  if (replyToken && to) {
    ctx.store.issueReplyToken({
      token: replyToken,
      channelId: ctx.channel.channelId,
      to,
      webhookEventId: String(event.webhookEventId),
      expiresAt: now + ctx.replyTokenTtlMs,
    });
  }
  return replyToken ? { event, replyToken } : { event };
}

/** A customer's text message, as LINE builds it (new message id, quoteToken, replyToken). */
export function textMessageEvent(
  source: EventSource,
  text: string,
  extra: { quotedMessageId?: string } = {},
): WebhookEvent {
  return {
    type: 'message',
    source,
    message: { type: 'text', text, ...(extra.quotedMessageId ? { quotedMessageId: extra.quotedMessageId } : {}) },
  };
}

/** A customer's image, stored on "LINE's" side (contentProvider line) and served by the data API. */
export function imageMessageEvent(
  source: EventSource,
  messageId: string,
  imageSet?: { id: string; index: number; total: number },
): WebhookEvent {
  return {
    type: 'message',
    source,
    message: { type: 'image', id: messageId, contentProvider: { type: 'line' }, ...(imageSet ? { imageSet } : {}) },
  };
}
