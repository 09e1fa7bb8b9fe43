import { z } from 'zod';

/**
 * The body LINE POSTs to a webhook URL (`CallbackRequest` in @line/bot-sdk v11.2
 * `lib/webhook/model`). Objects are loose: LINE adds properties and event types without
 * notice, so unknown fields survive parsing and unknown event types pass through as
 * `LineUnknownEvent` instead of failing the whole delivery.
 */

/** Far more than LINE puts in one delivery (a few dozen at most); more is refused whole. */
export const MAX_EVENTS_PER_DELIVERY = 100;
/** LINE's events nest about 5 levels deep; a deeper one is refused (and could not be stored). */
export const MAX_EVENT_DEPTH = 32;
/**
 * Values (objects, arrays, strings, …) in one event: a text message with its emojis and
 * mentions holds a few hundred at most. Validation costs per value, so these bound it.
 */
export const MAX_EVENT_VALUES = 1_000;
export const MAX_DELIVERY_VALUES = 10_000;
const MAX_EVENT_ID_LENGTH = 128;

// ---- sources ---------------------------------------------------------------

const userSourceSchema = z.looseObject({ type: z.literal('user'), userId: z.string() });
const groupSourceSchema = z.looseObject({
  type: z.literal('group'),
  groupId: z.string(),
  userId: z.string().optional(),
});
const roomSourceSchema = z.looseObject({
  type: z.literal('room'),
  roomId: z.string(),
  userId: z.string().optional(),
});
export const lineEventSourceSchema = z.discriminatedUnion('type', [
  userSourceSchema,
  groupSourceSchema,
  roomSourceSchema,
]);

// ---- message contents -------------------------------------------------------

const emojiSchema = z.looseObject({
  index: z.number(),
  length: z.number(),
  productId: z.string(),
  emojiId: z.string(),
});

const mentioneeSchema = z.looseObject({
  type: z.string(), // 'user' | 'all' today
  index: z.number(),
  length: z.number(),
  userId: z.string().optional(),
  isSelf: z.boolean().optional(),
});

const textMessageContentSchema = z.looseObject({
  type: z.literal('text'),
  id: z.string(),
  text: z.string(),
  quoteToken: z.string(),
  quotedMessageId: z.string().optional(),
  emojis: z.array(emojiSchema).optional(),
  mention: z.looseObject({ mentionees: z.array(mentioneeSchema) }).optional(),
  markAsReadToken: z.string().optional(),
});

const imageMessageContentSchema = z.looseObject({
  type: z.literal('image'),
  id: z.string(),
  contentProvider: z.looseObject({
    type: z.enum(['line', 'external']),
    originalContentUrl: z.string().optional(),
    previewImageUrl: z.string().optional(),
  }),
  imageSet: z.looseObject({ id: z.string(), index: z.number().optional(), total: z.number().optional() }).optional(),
  quoteToken: z.string().optional(),
  markAsReadToken: z.string().optional(),
});

/** A location the user shared (LINE's 位置資訊): staff share it to prove they clock in at the shop. */
const locationMessageContentSchema = z.looseObject({
  type: z.literal('location'),
  id: z.string(),
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
  title: z.string().optional(),
  address: z.string().optional(),
});

/**
 * Message types we do not model in detail. At runtime this also admits any type LINE adds
 * later; the TypeScript type lists today's (as the SDK does) so that `message.type === 'text'`
 * narrows the union.
 */
export type OtherLineMessageType = 'video' | 'audio' | 'file' | 'sticker';

const otherMessageContentSchema = z.looseObject({
  type: z.custom<OtherLineMessageType>((t) => typeof t === 'string' && t !== 'text' && t !== 'image' && t !== 'location', {
    message: 'text/image/location message with an invalid shape',
  }),
  id: z.string(),
});

export const lineMessageContentSchema = z.union([
  textMessageContentSchema,
  imageMessageContentSchema,
  locationMessageContentSchema,
  otherMessageContentSchema,
]);

/** An edit carries the edited message; LINE does not document a fresh quoteToken for it. */
const editedMessageContentSchema = z.union([
  textMessageContentSchema.extend({ quoteToken: z.string().optional() }),
  imageMessageContentSchema,
  locationMessageContentSchema,
  otherMessageContentSchema,
]);

// ---- events -----------------------------------------------------------------

const eventBaseSchema = z.looseObject({
  type: z.string(),
  // Milliseconds since the epoch, a whole number: the inbox orders by it in SQL as a bigint, so one
  // fraction stored would stop every shop's events.
  timestamp: z.number().int().nonnegative(),
  mode: z.enum(['active', 'standby']),
  // LINE's are 26-character ULIDs; the inbox keys on it, and a btree key cannot be long.
  webhookEventId: z.string().min(1).max(MAX_EVENT_ID_LENGTH),
  deliveryContext: z.looseObject({ isRedelivery: z.boolean() }),
  source: lineEventSourceSchema.optional(),
});

/** LINE omits the reply token in standby mode, so it is optional even where LINE usually sends one. */
const replyToken = z.string().optional();

const messageEventSchema = eventBaseSchema.extend({
  type: z.literal('message'),
  replyToken,
  message: lineMessageContentSchema,
});
const messageEditedEventSchema = eventBaseSchema.extend({
  type: z.literal('messageEdited'),
  replyToken,
  message: editedMessageContentSchema,
});
const followEventSchema = eventBaseSchema.extend({
  type: z.literal('follow'),
  replyToken,
  follow: z.looseObject({ isUnblocked: z.boolean() }),
});
const unfollowEventSchema = eventBaseSchema.extend({ type: z.literal('unfollow') });
const postbackEventSchema = eventBaseSchema.extend({
  type: z.literal('postback'),
  replyToken,
  postback: z.looseObject({ data: z.string(), params: z.record(z.string(), z.unknown()).optional() }),
});
const joinEventSchema = eventBaseSchema.extend({ type: z.literal('join'), replyToken });
const leaveEventSchema = eventBaseSchema.extend({ type: z.literal('leave') });
const unsendEventSchema = eventBaseSchema.extend({
  type: z.literal('unsend'),
  unsend: z.looseObject({ messageId: z.string() }),
});

export const KNOWN_LINE_EVENT_TYPES = [
  'message',
  'messageEdited',
  'follow',
  'unfollow',
  'postback',
  'join',
  'leave',
  'unsend',
] as const;
export type KnownLineEventType = (typeof KNOWN_LINE_EVENT_TYPES)[number];

function isKnownType(type: string): type is KnownLineEventType {
  return (KNOWN_LINE_EVENT_TYPES as readonly string[]).includes(type);
}

/**
 * Event types we do not model. At runtime the fallback admits *any* other type (LINE adds
 * types without notice); the TypeScript type lists the SDK's other types so that
 * `event.type === 'message'` narrows the union.
 */
export type OtherLineEventType =
  | 'accountLink'
  | 'activated'
  | 'beacon'
  | 'botResumed'
  | 'botSuspended'
  | 'deactivated'
  | 'delivery'
  | 'memberJoined'
  | 'memberLeft'
  | 'membership'
  | 'module'
  | 'things'
  | 'videoPlayComplete';

/** Any event type we do not model (memberJoined, beacon, …, and future ones): kept as received. */
const unknownEventSchema = eventBaseSchema.extend({
  type: z.custom<OtherLineEventType>((t) => typeof t === 'string' && !isKnownType(t), {
    message: 'known event type with an invalid shape',
  }),
  replyToken,
});

export const lineWebhookEventSchema = z.union([
  messageEventSchema,
  messageEditedEventSchema,
  followEventSchema,
  unfollowEventSchema,
  postbackEventSchema,
  joinEventSchema,
  leaveEventSchema,
  unsendEventSchema,
  unknownEventSchema,
]);

/** `destination` is the bot's user ID; `events` is empty for the console's "Verify" request. */
export const lineWebhookBodySchema = z.looseObject({
  destination: z.string(),
  events: z.array(lineWebhookEventSchema),
});

// ---- types ------------------------------------------------------------------

export type LineWebhookBody = z.infer<typeof lineWebhookBodySchema>;
export type LineWebhookEvent = z.infer<typeof lineWebhookEventSchema>;
export type LineEventSource = z.infer<typeof lineEventSourceSchema>;
export type LineMessageContent = z.infer<typeof lineMessageContentSchema>;
export type LineTextMessageContent = z.infer<typeof textMessageContentSchema>;
export type LineImageMessageContent = z.infer<typeof imageMessageContentSchema>;
export type LineLocationMessageContent = z.infer<typeof locationMessageContentSchema>;

export type LineMessageEvent = z.infer<typeof messageEventSchema>;
export type LineTextMessageEvent = LineMessageEvent & { message: LineTextMessageContent };
export type LineImageMessageEvent = LineMessageEvent & { message: LineImageMessageContent };
export type LineLocationMessageEvent = LineMessageEvent & { message: LineLocationMessageContent };
export type LineMessageEditedEvent = z.infer<typeof messageEditedEventSchema>;
export type LineFollowEvent = z.infer<typeof followEventSchema>;
export type LineUnfollowEvent = z.infer<typeof unfollowEventSchema>;
export type LinePostbackEvent = z.infer<typeof postbackEventSchema>;
export type LineJoinEvent = z.infer<typeof joinEventSchema>;
export type LineLeaveEvent = z.infer<typeof leaveEventSchema>;
export type LineUnsendEvent = z.infer<typeof unsendEventSchema>;
export type LineUnknownEvent = z.infer<typeof unknownEventSchema>;

// ---- narrowing ----------------------------------------------------------------
// Plain `event.type === 'message'` / `event.message.type === 'text'` checks narrow the unions;
// these guards are shorthands.

export function isMessageEvent(e: LineWebhookEvent): e is LineMessageEvent {
  return e.type === 'message';
}
export function isTextMessageEvent(e: LineWebhookEvent): e is LineTextMessageEvent {
  return isMessageEvent(e) && e.message.type === 'text';
}
export function isImageMessageEvent(e: LineWebhookEvent): e is LineImageMessageEvent {
  return isMessageEvent(e) && e.message.type === 'image';
}
export function isLocationMessageEvent(e: LineWebhookEvent): e is LineLocationMessageEvent {
  return isMessageEvent(e) && e.message.type === 'location';
}
export function isMessageEditedEvent(e: LineWebhookEvent): e is LineMessageEditedEvent {
  return e.type === 'messageEdited';
}
export function isFollowEvent(e: LineWebhookEvent): e is LineFollowEvent {
  return e.type === 'follow';
}
export function isUnfollowEvent(e: LineWebhookEvent): e is LineUnfollowEvent {
  return e.type === 'unfollow';
}
export function isPostbackEvent(e: LineWebhookEvent): e is LinePostbackEvent {
  return e.type === 'postback';
}
export function isJoinEvent(e: LineWebhookEvent): e is LineJoinEvent {
  return e.type === 'join';
}
export function isLeaveEvent(e: LineWebhookEvent): e is LineLeaveEvent {
  return e.type === 'leave';
}
export function isUnsendEvent(e: LineWebhookEvent): e is LineUnsendEvent {
  return e.type === 'unsend';
}
export function isUnknownEvent(e: LineWebhookEvent): e is LineUnknownEvent {
  return !isKnownType(e.type);
}

/** The user behind an event, whatever the chat (absent for some group events without consent). */
export function eventUserId(e: LineWebhookEvent): string | undefined {
  return e.source?.userId;
}

/** An event of a delivery that failed validation, with its first few problems. */
export interface RefusedLineEvent {
  index: number;
  issues: string[];
}

/** Why a whole delivery was refused: not JSON, not a delivery, or more than one may hold. */
export type ParseLineWebhookFailure = 'invalid_json' | 'invalid_shape' | 'too_many_events' | 'too_many_values';

export type ParseLineWebhookResult =
  | { ok: true; body: LineWebhookBody; refused: RefusedLineEvent[] }
  | { ok: false; reason: ParseLineWebhookFailure; issues: string[] };

/** The delivery around its events; each event is validated on its own (parseLineWebhookBody). */
const envelopeSchema = z.looseObject({ destination: z.string(), events: z.array(z.unknown()) });

const ISSUES_PER_EVENT = 3;
const ISSUE_CHARS = 200;

/**
 * JSON-parse a verified raw body and validate it; never throws. What validation may cost is
 * bounded first, cheaply (the event count, each event's depth and size, the delivery's size).
 * Each event is validated on its own, so one bad event does not lose the good ones of the same
 * delivery: the good ones are in `body.events`, the others in `refused`. Problems are few and
 * short whatever the input.
 */
export function parseLineWebhookBody(rawBody: Buffer | string): ParseLineWebhookResult {
  let json: unknown;
  try {
    json = JSON.parse(typeof rawBody === 'string' ? rawBody : rawBody.toString('utf8'));
  } catch (err) {
    return { ok: false, reason: 'invalid_json', issues: [clip((err as Error).message)] };
  }
  const events = (json as { events?: unknown } | null)?.events;
  if (Array.isArray(events) && events.length > MAX_EVENTS_PER_DELIVERY) {
    const issue = `events: ${events.length} events; a delivery holds at most ${MAX_EVENTS_PER_DELIVERY}`;
    return { ok: false, reason: 'too_many_events', issues: [issue] };
  }
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) {
    return { ok: false, reason: 'invalid_shape', issues: describeIssues(envelope.error.issues, []) };
  }
  const refused: RefusedLineEvent[] = [];
  const sized: { event: unknown; index: number }[] = [];
  let values = 0;
  envelope.data.events.forEach((event, index) => {
    const size = measureEvent(event);
    if (typeof size === 'string') {
      refused.push({ index, issues: [`events[${index}]: ${size}`] });
      return;
    }
    sized.push({ event, index });
    values += size;
  });
  if (values > MAX_DELIVERY_VALUES) {
    const issue = `events: ${values} values in all; a delivery holds at most ${MAX_DELIVERY_VALUES}`;
    return { ok: false, reason: 'too_many_values', issues: [issue] };
  }
  const valid: LineWebhookEvent[] = [];
  for (const { event, index } of sized) {
    const parsed = lineWebhookEventSchema.safeParse(event);
    if (parsed.success) valid.push(parsed.data);
    else refused.push({ index, issues: describeIssues(parsed.error.issues, ['events', index]) });
  }
  refused.sort((a, b) => a.index - b.index);
  return { ok: true, body: { ...envelope.data, events: valid }, refused };
}

/**
 * How many values an event holds, or why it is refused unvalidated. Iterative, since the input
 * may nest a million levels deep, and it stops as soon as a bound is passed.
 */
function measureEvent(event: unknown): number | string {
  let count = 0;
  const pending: [unknown, number][] = [[event, 1]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [node, depth] = next;
    if (++count > MAX_EVENT_VALUES) return `holds more than ${MAX_EVENT_VALUES} values`;
    if (typeof node !== 'object' || node === null) continue;
    if (depth > MAX_EVENT_DEPTH) return `nested deeper than ${MAX_EVENT_DEPTH} levels`;
    for (const child of Object.values(node)) pending.push([child, depth + 1]);
  }
  return count;
}

/**
 * The first few issues, one short line each. Of a union's alternatives only the one the input
 * meant (its `type` matched) is described, not every one it failed; keys come from the input
 * and may be huge, hence the clipping.
 */
function describeIssues(issues: readonly z.core.$ZodIssue[], at: PropertyKey[]): string[] {
  const lines: string[] = [];
  const walk = (list: readonly z.core.$ZodIssue[], prefix: PropertyKey[]) => {
    for (const issue of list) {
      if (lines.length === ISSUES_PER_EVENT) return;
      const path = [...prefix, ...issue.path];
      const meant =
        issue.code === 'invalid_union'
          ? issue.errors.find((branch) => !branch.some((i) => i.path.length === 1 && i.path[0] === 'type'))
          : undefined;
      if (meant) walk(meant, path);
      else lines.push(clip(`${formatPath(path)}: ${issue.message}`));
    }
  };
  walk(issues, at);
  return lines;
}

function formatPath(path: PropertyKey[]): string {
  const text = path.map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i ? '.' : ''}${String(key)}`)).join('');
  return text || '(root)';
}

function clip(text: string): string {
  return text.length > ISSUE_CHARS ? `${text.slice(0, ISSUE_CHARS - 1)}…` : text;
}
