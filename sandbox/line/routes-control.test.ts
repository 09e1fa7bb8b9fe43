import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { verifyLineSignature } from '../../integrations/line/signature.ts';
import { lineWebhookBodySchema } from '../../integrations/line/webhook-schema.ts';
import {
  closedPortUrl,
  postJson,
  registerChannel,
  startLineSandbox,
  startWebhookReceiver,
  TEST_CHANNEL,
  type RunningSandbox,
  type WebhookReceiver,
} from './testing.ts';
import { ULID_PATTERN } from './ulid.ts';

let sandbox: RunningSandbox;
let webhook: WebhookReceiver;
const ch = TEST_CHANNEL.channelId;
const auth = { authorization: `Bearer ${TEST_CHANNEL.channelAccessToken}` };

beforeAll(async () => {
  sandbox = await startLineSandbox({ webhookTimeoutMs: 500 });
  webhook = await startWebhookReceiver();
});
afterAll(async () => {
  await sandbox.close();
  await webhook.close();
});
beforeEach(async () => {
  sandbox.store.reset();
  webhook.received.length = 0;
  webhook.status = 200;
  webhook.delayMs = 0;
  await registerChannel(sandbox.url, { webhookUrl: webhook.url });
});

const sb = (path: string) => `${sandbox.url}/_sandbox${path}`;

async function newUser(displayName: string): Promise<string> {
  const r = await postJson<{ userId: string }>(sb('/users'), { displayName });
  expect(r.status).toBe(201);
  return r.body.userId;
}

function lastDelivery() {
  const got = webhook.received.at(-1);
  if (!got) throw new Error('nothing delivered');
  return got;
}

describe('channels and users', () => {
  it('upserts channels idempotently and lists them without secrets', async () => {
    await registerChannel(sandbox.url, { webhookUrl: webhook.url, displayName: '小農水果行' });
    const list = await (await fetch(sb('/channels'))).json();
    expect(list).toEqual([
      expect.objectContaining({ channelId: ch, displayName: '小農水果行', webhookUrl: webhook.url }),
    ]);
    expect(JSON.stringify(list)).not.toContain(TEST_CHANNEL.channelSecret);
  });

  it('creates users with LINE-shaped IDs', async () => {
    expect(await newUser('陳大文')).toMatch(/^U[0-9a-f]{32}$/);
  });
});

describe('a customer message', () => {
  it('is delivered as a real, signed LINE webhook', async () => {
    const userId = await newUser('陳大文');
    const r = await postJson<Record<string, unknown>>(sb(`/channels/${ch}/messages`), { userId, text: '+1' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 200, webhookEventId: expect.stringMatching(ULID_PATTERN) });

    const got = lastDelivery();
    expect(got.headers['content-type']).toBe('application/json; charset=UTF-8');
    expect(got.headers['user-agent']).toBe('LineBotWebhook/2.0');
    const signature = got.headers['x-line-signature'] as string;
    expect(verifyLineSignature(got.raw, TEST_CHANNEL.channelSecret, signature)).toBe(true);
    expect(verifyLineSignature(got.raw, 'another-secret-entirely', signature)).toBe(false);

    const body = lineWebhookBodySchema.parse(got.json);
    expect(body.destination).toBe(TEST_CHANNEL.botUserId);
    const [event] = body.events;
    expect(event).toMatchObject({
      type: 'message',
      mode: 'active',
      replyToken: r.body.replyToken,
      webhookEventId: r.body.webhookEventId,
      deliveryContext: { isRedelivery: false },
      source: { type: 'user', userId },
      message: { type: 'text', text: '+1', id: r.body.messageId, quoteToken: expect.any(String) },
    });
    expect(Math.abs((event?.timestamp ?? 0) - Date.now())).toBeLessThan(5000);

    const [delivery] = (await (await fetch(sb(`/channels/${ch}/deliveries`))).json()) as Record<string, unknown>[];
    expect(delivery).toMatchObject({ status: 200, isRedelivery: false, webhookEventIds: [r.body.webhookEventId] });
    expect(delivery?.durationMs).toEqual(expect.any(Number));
  });

  it('gets a reply token the shop can use, once', async () => {
    const userId = await newUser('A');
    const { body } = await postJson<{ replyToken: string }>(sb(`/channels/${ch}/messages`), { userId, text: '+2' });
    const payload = { replyToken: body.replyToken, messages: [{ type: 'text', text: '收到 +2' }] };
    expect((await postJson(`${sandbox.url}/v2/bot/message/reply`, payload, auth)).status).toBe(200);
    expect((await postJson(`${sandbox.url}/v2/bot/message/reply`, payload, auth)).status).toBe(400);
    const sent = (await (await fetch(sb(`/channels/${ch}/sent?to=${userId}`))).json()) as { id: number }[];
    expect(sent).toMatchObject([{ kind: 'reply', to: userId, messages: [{ type: 'text', text: '收到 +2' }] }]);
    // A poller asks only for what came after the last record it saw.
    expect(await (await fetch(sb(`/channels/${ch}/sent?to=${userId}&after=${sent[0]!.id}`))).json()).toEqual([]);
    expect(await (await fetch(sb(`/channels/${ch}/sent?to=${userId}&after=${sent[0]!.id - 1}`))).json()).toEqual(sent);
  });

  it('escapes emoji as LINE does, and the signature covers those exact bytes', async () => {
    const userId = await newUser('B');
    await postJson(sb(`/channels/${ch}/messages`), { userId, text: '草莓 +1 🍓' });
    const got = lastDelivery();
    const raw = got.raw.toString('utf8');
    expect(raw).toContain('草莓 +1 \\uD83C\\uDF53');
    expect(verifyLineSignature(got.raw, TEST_CHANNEL.channelSecret, got.headers['x-line-signature'] as string)).toBe(
      true,
    );
    expect((got.json as { events: { message: { text: string } }[] }).events[0]?.message.text).toBe('草莓 +1 🍓');
  });

  it('can come from a group and quote a message', async () => {
    const userId = await newUser('C');
    await postJson(sb(`/channels/${ch}/messages`), {
      userId,
      text: '+1',
      groupId: 'C0123456789abcdef0123456789abcdef',
      quotedMessageId: '468789532432007169',
    });
    const event = (lastDelivery().json as { events: Record<string, unknown>[] }).events[0];
    expect(event).toMatchObject({
      source: { type: 'group', groupId: 'C0123456789abcdef0123456789abcdef', userId },
      message: { quotedMessageId: '468789532432007169' },
    });
  });

  it('records a failing or unreachable webhook', async () => {
    const userId = await newUser('D');
    webhook.status = 500;
    expect((await postJson(sb(`/channels/${ch}/messages`), { userId, text: 'x' })).body).toMatchObject({ status: 500 });
    webhook.status = 200;
    webhook.delayMs = 1500;
    const slow = await postJson(sb(`/channels/${ch}/messages`), { userId, text: 'y' });
    expect(slow.body).toMatchObject({ status: 0, error: 'request_timeout' });
    await registerChannel(sandbox.url, { webhookUrl: `${await closedPortUrl()}/webhook` });
    const dead = await postJson<{ status: number; error: string }>(sb(`/channels/${ch}/messages`), {
      userId,
      text: 'z',
    });
    expect(dead.body.status).toBe(0);
    expect(dead.body.error).toBe('ECONNREFUSED');
  });
});

describe('a burst of customers', () => {
  it('sends each message at its moment as its own signed webhook, with a reply token that works', async () => {
    const [a, b] = [await newUser('甲'), await newUser('乙')];
    const started = Date.now();
    const r = await postJson<{ sent: { userId: string; webhookEventId: string; timestamp: number; status: number }[] }>(
      sb(`/channels/${ch}/bursts`),
      {
        messages: [
          { userId: a, text: '+1', afterMs: 0 },
          { userId: b, text: 'A01+2', afterMs: 300 },
        ],
      },
    );
    expect(r.status).toBe(200);
    const [first, second] = r.body.sent;
    expect(first).toMatchObject({ userId: a, status: 200, webhookEventId: expect.stringMatching(ULID_PATTERN) });
    expect(second).toMatchObject({ userId: b, status: 200 });
    // each message is made at its moment, never before it (a busy machine may make it later),
    // and LINE's timestamp is that moment
    expect(first!.timestamp).toBeGreaterThanOrEqual(started);
    expect(second!.timestamp - started).toBeGreaterThanOrEqual(295);
    expect(second!.timestamp).toBeGreaterThanOrEqual(first!.timestamp);

    expect(webhook.received).toHaveLength(2);
    for (const got of webhook.received) {
      expect(verifyLineSignature(got.raw, TEST_CHANNEL.channelSecret, got.headers['x-line-signature'] as string)).toBe(
        true,
      );
    }
    const events = webhook.received.map((got) => lineWebhookBodySchema.parse(got.json).events[0]!);
    expect(events.map((e) => e.webhookEventId)).toEqual([first!.webhookEventId, second!.webhookEventId]);
    expect(events[1]).toMatchObject({ source: { type: 'user', userId: b }, message: { type: 'text', text: 'A01+2' } });

    const replyToken = (events[1] as { replyToken: string }).replyToken;
    const replied = await postJson(
      `${sandbox.url}/v2/bot/message/reply`,
      { replyToken, messages: [{ type: 'text', text: '已收到' }] },
      auth,
    );
    expect(replied.status).toBe(200);
    // redelivered like any other event
    const again = await postJson(sb(`/deliveries/${first!.webhookEventId}/redeliver`), {});
    expect(again.status).toBe(200);
  });

  it('refuses a burst it cannot send', async () => {
    expect((await postJson(sb(`/channels/${ch}/bursts`), { messages: [] })).status).toBe(400);
    expect((await postJson(sb(`/channels/${ch}/bursts`), { messages: [{ userId: 'U1', text: '+1' }] })).status).toBe(
      400,
    );
    expect(
      (await postJson(sb('/channels/nope/bursts'), { messages: [{ userId: 'U1', text: '+1', afterMs: 0 }] })).status,
    ).toBe(404);
  });
});

describe('redelivery', () => {
  it('resends the same event with isRedelivery true, signed again', async () => {
    const userId = await newUser('E');
    const { body } = await postJson<{ webhookEventId: string }>(sb(`/channels/${ch}/messages`), { userId, text: '+1' });
    const first = lastDelivery();
    const r = await postJson(sb(`/deliveries/${body.webhookEventId}/redeliver`), {});
    expect(r.body).toMatchObject({ status: 200, webhookEventId: body.webhookEventId });

    const again = lastDelivery();
    expect(webhook.received).toHaveLength(2);
    expect(
      verifyLineSignature(again.raw, TEST_CHANNEL.channelSecret, again.headers['x-line-signature'] as string),
    ).toBe(true);
    const [e1] = (first.json as { events: Record<string, unknown>[] }).events;
    const [e2] = (again.json as { events: Record<string, unknown>[] }).events;
    expect(e2).toEqual({ ...e1, deliveryContext: { isRedelivery: true } });
    const deliveries = await (await fetch(sb(`/channels/${ch}/deliveries`))).json();
    expect(deliveries.map((d: { isRedelivery: boolean }) => d.isRedelivery)).toEqual([false, true]);
  });

  it('404s an unknown event', async () => {
    expect((await postJson(sb('/deliveries/01ARZ3NDEKTSV4RRFFQ69G5FAV/redeliver'), {})).status).toBe(404);
  });
});

describe('raw events and Verify', () => {
  it('fills in defaults for follow, registers its reply token, and passes unknown types through', async () => {
    const userId = await newUser('F');
    const r = await postJson<{ webhookEventIds: string[]; replyTokens: (string | null)[]; status: number }>(
      sb(`/channels/${ch}/events`),
      {
        events: [
          { type: 'follow', source: { type: 'user', userId } },
          { type: 'unfollow', userId },
          { type: 'futureThing', userId, payload: { x: 1 } },
        ],
      },
    );
    expect(r.body.status).toBe(200);
    expect(r.body.replyTokens[0]).toEqual(expect.any(String));
    expect(r.body.replyTokens[1]).toBeNull();
    const body = lineWebhookBodySchema.parse(lastDelivery().json);
    expect(body.events.map((e) => e.type)).toEqual(['follow', 'unfollow', 'futureThing']);
    expect(body.events[0]).toMatchObject({ follow: { isUnblocked: false }, replyToken: r.body.replyTokens[0] });
    expect(body.events[2]).toMatchObject({ source: { type: 'user', userId }, payload: { x: 1 } });
    expect(new Set(body.events.map((e) => e.webhookEventId)).size).toBe(3);

    const replied = await postJson(
      `${sandbox.url}/v2/bot/message/reply`,
      { replyToken: r.body.replyTokens[0], messages: [{ type: 'text', text: '歡迎加入！' }] },
      auth,
    );
    expect(replied.status).toBe(200);
  });

  it('accepts a single event object', async () => {
    const r = await postJson<{ status: number }>(sb(`/channels/${ch}/events`), {
      type: 'postback',
      userId: 'U0123456789abcdef0123456789abcdef',
      postback: { data: 'action=confirm&order=42' },
    });
    expect(r.body.status).toBe(200);
    expect(lineWebhookBodySchema.parse(lastDelivery().json).events[0]).toMatchObject({
      type: 'postback',
      replyToken: expect.any(String),
    });
  });

  it('Verify sends an empty, signed event list', async () => {
    const r = await postJson(sb(`/channels/${ch}/verify`), {});
    expect(r.body).toEqual({ success: true, status: 200 });
    const got = lastDelivery();
    expect(got.json).toEqual({ destination: TEST_CHANNEL.botUserId, events: [] });
    expect(verifyLineSignature(got.raw, TEST_CHANNEL.channelSecret, got.headers['x-line-signature'] as string)).toBe(
      true,
    );
  });

  it('404s unknown channels', async () => {
    expect((await postJson(sb('/channels/nope/verify'), {})).status).toBe(404);
  });
});

describe('conversation, chat page, reset', () => {
  it('merges what the customer said and what the shop sent', async () => {
    const userId = await newUser('G');
    await postJson(sb(`/channels/${ch}/messages`), { userId, text: '+1' });
    await postJson(
      `${sandbox.url}/v2/bot/message/push`,
      { to: userId, messages: [{ type: 'text', text: '訂單成立' }] },
      { ...auth, 'x-line-retry-key': crypto.randomUUID() },
    );
    const items = await (await fetch(sb(`/channels/${ch}/conversation?userId=${userId}`))).json();
    expect(items).toMatchObject([
      { from: 'customer', text: '+1' },
      { from: 'shop', kind: 'push', text: '訂單成立' },
    ]);
  });

  it('serves the chat page', async () => {
    for (const path of ['/', '/chat']) {
      const res = await fetch(`${sandbox.url}${path}`);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await res.text()).toContain('本機 LINE 模擬器');
    }
  });

  it('reset forgets everything', async () => {
    await newUser('H');
    await fetch(sb('/reset'), { method: 'DELETE' });
    expect(await (await fetch(sb('/channels'))).json()).toEqual([]);
    expect(await (await fetch(sb('/users'))).json()).toEqual([]);
  });
});
