import { describe, expect, it } from 'vitest';
import {
  isFollowEvent,
  isImageMessageEvent,
  isMessageEditedEvent,
  isTextMessageEvent,
  isUnknownEvent,
  lineWebhookBodySchema,
  MAX_DELIVERY_VALUES,
  MAX_EVENT_DEPTH,
  MAX_EVENT_VALUES,
  MAX_EVENTS_PER_DELIVERY,
  parseLineWebhookBody,
  type LineWebhookEvent,
} from './webhook-schema.ts';

/** Shapes follow the examples in LINE's Messaging API reference (webhook event objects). */
const base = {
  mode: 'active',
  timestamp: 1462629479859,
  webhookEventId: '01FZ74A0TDDPYRVKNK77XKC3ZR',
  deliveryContext: { isRedelivery: false },
};

const textInGroup = {
  ...base,
  replyToken: 'nHuyWiB7yP5Zw52FIkcQobQuGDXCTA',
  type: 'message',
  source: { type: 'group', groupId: 'Ca56f94637c0123456789abcdef012345', userId: 'U4af4980629abcdef0123456789abcdef' },
  message: {
    id: '444573844083572737',
    type: 'text',
    quoteToken: 'q3Plxr4AgKd...',
    text: '@All @example Good Morning!! (love)',
    emojis: [{ index: 29, length: 6, productId: '5ac1bfd5040ab15980c9b435', emojiId: '001' }],
    mention: {
      mentionees: [
        { index: 0, length: 4, type: 'all' },
        { index: 5, length: 8, userId: 'U49585cd0d5abcdef0123456789abcdef', type: 'user', isSelf: false },
      ],
    },
  },
};

const quoteReply = {
  ...base,
  replyToken: 'b60d432864f44d079f6d8efe86cf404b',
  type: 'message',
  source: { type: 'user', userId: 'U91eeaf62d9abcdef0123456789abcdef' },
  message: {
    id: '468789577898262530',
    type: 'text',
    quoteToken: 'q3Plxr4AgKd...',
    quotedMessageId: '468789532432007169',
    text: '+1',
  },
};

const imageInSet = {
  ...base,
  replyToken: 'nHuyWiB7yP5Zw52FIkcQobQuGDXCTA',
  type: 'message',
  source: { type: 'user', userId: 'U4af4980629abcdef0123456789abcdef' },
  message: {
    type: 'image',
    id: '354718705033693859',
    quoteToken: 'q3Plxr4AgKd...',
    contentProvider: { type: 'line' },
    imageSet: { id: 'E005D41A7288F41B65593ED38FF6E9834B046AB36A37921A56BC236F13A91855', index: 1, total: 2 },
  },
};

const follow = {
  ...base,
  replyToken: '85cbe770fa8b4f45bbe077b1d4be4a36',
  type: 'follow',
  source: { type: 'user', userId: 'U4af4980629abcdef0123456789abcdef' },
  follow: { isUnblocked: false },
};

const unfollow = { ...base, type: 'unfollow', source: { type: 'user', userId: 'U4af4980629abcdef0123456789abcdef' } };

const postback = {
  ...base,
  replyToken: 'b60d432864f44d079f6d8efe86cf404b',
  type: 'postback',
  source: { type: 'user', userId: 'U91eeaf62d9abcdef0123456789abcdef' },
  postback: { data: 'storeId=12345', params: { datetime: '2017-12-25T01:00' } },
};

const edited = {
  ...base,
  type: 'messageEdited',
  replyToken: 'c7b7bd1d2b5a4f7e9f0c1a2b3c4d5e6f',
  source: { type: 'group', groupId: 'Ca56f94637c0123456789abcdef012345', userId: 'U4af4980629abcdef0123456789abcdef' },
  message: { id: '444573844083572737', type: 'text', text: '+3' },
};

const join = {
  ...base,
  replyToken: 'nHuyWiB7yP5Zw52FIkcQobQuGDXCTA',
  type: 'join',
  source: { type: 'group', groupId: 'C4af4980629abcdef0123456789abcdef' },
};
const leave = { ...base, type: 'leave', source: { type: 'room', roomId: 'Ra8dbf4673c4c812cd491258042226c99' } };
const unsend = {
  ...base,
  type: 'unsend',
  source: { type: 'group', groupId: 'Ca56f94637c0123456789abcdef012345', userId: 'U4af4980629abcdef0123456789abcdef' },
  unsend: { messageId: '325708' },
};
const sticker = {
  ...base,
  replyToken: 'nHuyWiB7yP5Zw52FIkcQobQuGDXCTA',
  type: 'message',
  source: { type: 'user', userId: 'U4af4980629abcdef0123456789abcdef' },
  message: {
    type: 'sticker',
    id: '1501597916',
    quoteToken: 'q3Plxr4AgKd...',
    stickerId: '52002738',
    packageId: '11537',
    stickerResourceType: 'ANIMATION',
    keywords: ['cony'],
  },
};
const memberJoined = {
  ...base,
  replyToken: '0f3779fba3b349968c5d07db31eabf65',
  type: 'memberJoined',
  source: { type: 'group', groupId: 'C4af4980629abcdef0123456789abcdef' },
  joined: { members: [{ type: 'user', userId: 'U4af4980629abcdef0123456789abcdef' }] },
};

function parseOne(event: unknown): LineWebhookEvent {
  const result = lineWebhookBodySchema.safeParse({
    destination: 'Ub1234567890abcdef0123456789abcdef',
    events: [event],
  });
  if (!result.success) throw new Error(JSON.stringify(result.error.issues));
  return result.data.events[0]!;
}

describe('lineWebhookBodySchema', () => {
  it('parses a text message with mention and emojis in a group', () => {
    const e = parseOne(textInGroup);
    expect(isTextMessageEvent(e)).toBe(true);
    if (e.type !== 'message' || e.message.type !== 'text') throw new Error('narrowing');
    expect(e.message.text).toBe('@All @example Good Morning!! (love)');
    expect(e.message.mention?.mentionees).toHaveLength(2);
    expect(e.message.emojis?.[0]?.emojiId).toBe('001');
    expect(e.source).toEqual(textInGroup.source);
    expect(e.replyToken).toBe(textInGroup.replyToken);
  });

  it('keeps quotedMessageId of a quote reply', () => {
    const e = parseOne(quoteReply);
    expect(isTextMessageEvent(e) && e.message.quotedMessageId).toBe('468789532432007169');
  });

  it('parses an image that is part of a set', () => {
    const e = parseOne(imageInSet);
    expect(isImageMessageEvent(e)).toBe(true);
    if (!isImageMessageEvent(e)) return;
    expect(e.message.contentProvider.type).toBe('line');
    expect(e.message.imageSet).toMatchObject({ index: 1, total: 2 });
  });

  it('accepts other message types generically, keeping their fields', () => {
    const e = parseOne(sticker);
    expect(e.type).toBe('message');
    expect((e as { message: Record<string, unknown> }).message.stickerId).toBe('52002738');
  });

  it('parses follow, unfollow, postback, join, leave, unsend and messageEdited', () => {
    const f = parseOne(follow);
    expect(isFollowEvent(f) && f.follow.isUnblocked).toBe(false);
    expect(parseOne(unfollow).type).toBe('unfollow');
    expect(parseOne(postback)).toMatchObject({ type: 'postback', postback: { data: 'storeId=12345' } });
    expect(parseOne(join).type).toBe('join');
    expect(parseOne(leave).source).toEqual({ type: 'room', roomId: 'Ra8dbf4673c4c812cd491258042226c99' });
    expect(parseOne(unsend)).toMatchObject({ unsend: { messageId: '325708' } });
    const ed = parseOne(edited);
    expect(isMessageEditedEvent(ed)).toBe(true);
    expect(isMessageEditedEvent(ed) && ed.message.type === 'text' && ed.message.text).toBe('+3');
  });

  it('passes unknown event types through untouched', () => {
    const e = parseOne(memberJoined);
    expect(isUnknownEvent(e)).toBe(true);
    expect(e).toEqual(memberJoined);
    const future = {
      ...base,
      type: 'somethingLineAddsIn2027',
      source: { type: 'user', userId: 'U1' },
      payload: { a: 1 },
    };
    expect(parseOne(future)).toEqual(future);
  });

  it('keeps unknown fields on known events', () => {
    const e = parseOne({
      ...quoteReply,
      brandNewField: 42,
      message: { ...quoteReply.message, markAsReadToken: 'x', newer: true },
    });
    expect(e).toMatchObject({ brandNewField: 42, message: { newer: true, markAsReadToken: 'x' } });
  });

  it('accepts the console Verify body (no events) and standby mode without a reply token', () => {
    expect(lineWebhookBodySchema.safeParse({ destination: 'Uxxxxxxxx', events: [] }).success).toBe(true);
    const { replyToken: _omit, ...standby } = { ...quoteReply, mode: 'standby' };
    expect(parseOne(standby).mode).toBe('standby');
  });

  it('accepts a redelivered event', () => {
    expect(parseOne({ ...quoteReply, deliveryContext: { isRedelivery: true } }).deliveryContext.isRedelivery).toBe(
      true,
    );
  });

  it('rejects malformed bodies and events', () => {
    const bad = [
      {},
      { events: [] },
      { destination: 'U1', events: {} },
      { destination: 'U1', events: [{ ...quoteReply, message: { ...quoteReply.message, text: 1 } }] },
      { destination: 'U1', events: [{ ...quoteReply, message: { type: 'text', id: '1', quoteToken: 'q' } }] },
      { destination: 'U1', events: [{ ...follow, follow: undefined }] },
      { destination: 'U1', events: [{ ...quoteReply, mode: 'sleeping' }] },
      { destination: 'U1', events: [{ ...quoteReply, webhookEventId: undefined }] },
      { destination: 'U1', events: [{ ...quoteReply, deliveryContext: undefined }] },
      { destination: 'U1', events: [{ ...quoteReply, source: { type: 'user' } }] },
      { destination: 'U1', events: [{ ...memberJoined, timestamp: 'yesterday' }] },
      { destination: 'U1', events: [{ ...imageInSet, message: { type: 'image', id: '1' } }] },
    ];
    for (const body of bad) expect(lineWebhookBodySchema.safeParse(body).success, JSON.stringify(body)).toBe(false);
  });
});

describe('parseLineWebhookBody', () => {
  it('parses raw bytes', () => {
    const raw = Buffer.from(JSON.stringify({ destination: 'U1', events: [quoteReply] }));
    const r = parseLineWebhookBody(raw);
    expect(r.ok && r.body.events).toHaveLength(1);
  });

  it('reports invalid JSON and invalid shapes without throwing', () => {
    expect(parseLineWebhookBody('{nope')).toMatchObject({ ok: false, reason: 'invalid_json' });
    expect(parseLineWebhookBody('{"destination":1,"events":[]}')).toMatchObject({ ok: false, reason: 'invalid_shape' });
  });
});

describe('parseLineWebhookBody bounds what one delivery costs', () => {
  const deliver = (events: unknown[]) => JSON.stringify({ destination: 'U1', events });
  const withId = <E extends object>(event: E, id: string) => ({ ...event, webhookEventId: id });

  it('refuses more events than LINE ever sends in one delivery, with a short answer', () => {
    const r = parseLineWebhookBody(deliver(Array.from({ length: 100_000 }, () => ({}))));
    expect(r).toMatchObject({ ok: false, reason: 'too_many_events' });
    expect(JSON.stringify(r).length).toBeLessThan(1000);
    const atCap = parseLineWebhookBody(
      deliver(Array.from({ length: MAX_EVENTS_PER_DELIVERY }, (_, i) => withId(quoteReply, `E${i}`))),
    );
    expect(atCap.ok && atCap.body.events).toHaveLength(MAX_EVENTS_PER_DELIVERY);
    const overCap = parseLineWebhookBody(
      deliver(Array.from({ length: MAX_EVENTS_PER_DELIVERY + 1 }, (_, i) => withId(quoteReply, `E${i}`))),
    );
    expect(overCap).toMatchObject({ ok: false, reason: 'too_many_events' });
  });

  it('validates each event on its own: the good ones pass, the bad ones are refused with their problem', () => {
    const r = parseLineWebhookBody(
      deliver([
        withId(quoteReply, 'good-1'),
        {},
        { ...withId(quoteReply, 'bad-text'), message: { ...quoteReply.message, text: 1 } },
        withId(follow, 'good-2'),
      ]),
    );
    if (!r.ok) throw new Error(r.issues.join('\n'));
    expect(r.body.events.map((e) => e.webhookEventId)).toEqual(['good-1', 'good-2']);
    expect(r.refused.map((x) => x.index)).toEqual([1, 2]);
    expect(r.refused[1]!.issues).toEqual([expect.stringMatching(/^events\[2\]\.message\.text: .*expected string/)]);
  });

  it('refuses an event nested deeper than any LINE event, however deep, without throwing', () => {
    for (const depth of [5_000, 200_000]) {
      const raw = deliver([withId(quoteReply, 'good'), { ...withId(quoteReply, 'deep'), extra: '@' }]).replace(
        '"@"',
        '['.repeat(depth) + ']'.repeat(depth),
      );
      const r = parseLineWebhookBody(raw);
      if (!r.ok) throw new Error(r.issues.join('\n'));
      expect(r.body.events.map((e) => e.webhookEventId)).toEqual(['good']);
      expect(r.refused).toEqual([
        { index: 1, issues: [expect.stringContaining(`nested deeper than ${MAX_EVENT_DEPTH}`)] },
      ]);
    }
    const r = parseLineWebhookBody(deliver([{ ...withId(quoteReply, 'ok'), extra: { a: { b: { c: [1] } } } }]));
    expect(r.ok && r.refused).toEqual([]);
  });

  it('refuses an event holding more values than any LINE event, and a delivery holding too many in all', () => {
    const items = (n: number) => Array.from({ length: n }, () => 1);
    const big = { ...withId(quoteReply, 'big'), message: { ...quoteReply.message, emojis: items(MAX_EVENT_VALUES) } };
    const r = parseLineWebhookBody(deliver([big, withId(quoteReply, 'good')]));
    if (!r.ok) throw new Error(r.issues.join('\n'));
    expect(r.body.events.map((e) => e.webhookEventId)).toEqual(['good']);
    expect(r.refused).toEqual([
      { index: 0, issues: [expect.stringContaining(`more than ${MAX_EVENT_VALUES} values`)] },
    ]);

    const perEvent = Math.ceil(MAX_DELIVERY_VALUES / MAX_EVENTS_PER_DELIVERY) + 10;
    const heavy = { ...withId(quoteReply, 'heavy'), extra: items(perEvent) };
    const all = parseLineWebhookBody(deliver(Array.from({ length: MAX_EVENTS_PER_DELIVERY }, () => heavy)));
    expect(all).toMatchObject({ ok: false, reason: 'too_many_values' });
  });

  it('refuses an event ID no LINE event has (the inbox keys on it)', () => {
    const r = parseLineWebhookBody(deliver([withId(quoteReply, 'x'.repeat(10_000)), withId(quoteReply, 'good')]));
    expect(r.ok && r.body.events.map((e) => e.webhookEventId)).toEqual(['good']);
  });

  it('reports a few short problems however bad the events are', () => {
    const hugeKey = 'k'.repeat(100_000);
    const bad = { ...withId(quoteReply, 'bad'), [hugeKey]: 1, timestamp: 'now', mode: 1, message: { [hugeKey]: {} } };
    const r = parseLineWebhookBody(deliver(Array.from({ length: MAX_EVENTS_PER_DELIVERY }, () => bad)));
    if (!r.ok) throw new Error(r.issues.join('\n'));
    expect(r.body.events).toEqual([]);
    expect(r.refused).toHaveLength(MAX_EVENTS_PER_DELIVERY);
    for (const refused of r.refused) {
      expect(refused.issues.length).toBeGreaterThan(0);
      expect(refused.issues.length).toBeLessThanOrEqual(3);
      for (const issue of refused.issues) expect(issue.length).toBeLessThanOrEqual(200);
    }
    const envelope = parseLineWebhookBody(JSON.stringify({ [hugeKey]: 1, events: 'x' }));
    expect(envelope).toMatchObject({ ok: false, reason: 'invalid_shape' });
    expect(JSON.stringify(envelope).length).toBeLessThan(1000);
  });
});
