import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildLineSandbox, type LineSandbox } from './app.ts';
import { TEST_CHANNEL } from './testing.ts';

let sb: LineSandbox;
const customer = 'U1234567890abcdef1234567890abcdef';
const auth = { authorization: `Bearer ${TEST_CHANNEL.channelAccessToken}` };
const text = (t: string) => ({ type: 'text', text: t });

beforeAll(async () => {
  sb = buildLineSandbox({ replyTokenTtlMs: 200 });
  await sb.app.ready();
});
afterAll(() => sb.app.close());

beforeEach(async () => {
  sb.store.reset();
  // the webhook URL is never reached: tokens are issued straight into the store
  await sb.app.inject({
    method: 'POST',
    url: '/_sandbox/channels',
    payload: { ...TEST_CHANNEL, webhookUrl: 'http://127.0.0.1:9/none' },
  });
  await sb.app.inject({ method: 'POST', url: '/_sandbox/users', payload: { userId: customer, displayName: '林小姐' } });
});

function issueToken(token: string, channelId = TEST_CHANNEL.channelId): void {
  sb.store.issueReplyToken({ token, channelId, to: customer, webhookEventId: 'E', expiresAt: Date.now() + 200 });
}

const reply = (payload: unknown, headers: Record<string, string> = auth) =>
  sb.app.inject({ method: 'POST', url: '/v2/bot/message/reply', headers, payload: payload as object });
const push = (payload: unknown, headers: Record<string, string> = auth) =>
  sb.app.inject({ method: 'POST', url: '/v2/bot/message/push', headers, payload: payload as object });

describe('authentication', () => {
  it('401s an unknown token with LINE’s body', async () => {
    const res = await push({ to: customer, messages: [text('hi')] }, { authorization: 'Bearer nope' });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({
      message: 'Authentication failed. Confirm that the access token in the authorization header is valid.',
    });
  });

  it('401s a missing header', async () => {
    const res = await sb.app.inject({ method: 'GET', url: '/v2/bot/info' });
    expect(res.statusCode).toBe(401);
    expect(res.json().message).toMatch(/^Authorization header required/);
  });
});

describe('POST /v2/bot/message/reply', () => {
  it('accepts a reply token once and records the reply', async () => {
    issueToken('tok1');
    const ok = await reply({ replyToken: 'tok1', messages: [text('謝謝訂購')] });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['x-line-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(ok.json().sentMessages).toHaveLength(1);
    expect(ok.json().sentMessages[0]).toEqual({
      id: expect.stringMatching(/^\d{18}$/),
      quoteToken: expect.any(String),
    });

    const again = await reply({ replyToken: 'tok1', messages: [text('again')] });
    expect(again.statusCode).toBe(400);
    expect(again.json()).toEqual({ message: 'Invalid reply token' });
    expect(sb.store.sentFor(TEST_CHANNEL.channelId)).toMatchObject([
      { kind: 'reply', to: customer, replyToken: 'tok1' },
    ]);
  });

  it('rejects expired, unknown and other channels’ tokens', async () => {
    issueToken('old');
    await new Promise((r) => setTimeout(r, 250));
    expect((await reply({ replyToken: 'old', messages: [text('late')] })).json()).toEqual({
      message: 'Invalid reply token',
    });
    expect((await reply({ replyToken: 'never', messages: [text('x')] })).statusCode).toBe(400);
    issueToken('theirs', 'another-channel');
    expect((await reply({ replyToken: 'theirs', messages: [text('x')] })).json()).toEqual({
      message: 'Invalid reply token',
    });
    expect(sb.store.sent).toHaveLength(0);
  });

  it('validates 1–5 messages with LINE’s error shape, without using up the token', async () => {
    issueToken('tok2');
    const six = await reply({ replyToken: 'tok2', messages: Array.from({ length: 6 }, () => text('x')) });
    expect(six.statusCode).toBe(400);
    expect(six.json()).toEqual({
      message: 'The request body has 1 error(s)',
      details: [{ message: 'Size must be between 1 and 5', property: 'messages' }],
    });
    const none = await reply({ replyToken: 'tok2', messages: [] });
    expect(none.json().details[0].property).toBe('messages');
    const bad = await reply({ replyToken: 'tok2', messages: [text(''), { type: 'hologram' }] });
    expect(bad.json().message).toBe('The request body has 2 error(s)');
    expect(bad.json().details.map((d: { property: string }) => d.property)).toEqual([
      'messages[0].text',
      'messages[1].type',
    ]);
    const missing = await reply({ messages: [text('x')] });
    expect(missing.json().details).toEqual([{ message: 'must be specified', property: 'replyToken' }]);
    expect((await reply({ replyToken: 'tok2', messages: [text('ok')] })).statusCode).toBe(200);
  });

  it('rejects X-Line-Retry-Key (push-only)', async () => {
    issueToken('tok3');
    const res = await reply(
      { replyToken: 'tok3', messages: [text('x')] },
      { ...auth, 'x-line-retry-key': crypto.randomUUID() },
    );
    expect(res.statusCode).toBe(400);
  });

  it('answers unparsable JSON with 400', async () => {
    const res = await sb.app.inject({
      method: 'POST',
      url: '/v2/bot/message/reply',
      headers: { ...auth, 'content-type': 'application/json' },
      payload: '{"replyToken":',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/could not be parsed as JSON/);
  });
});

describe('POST /v2/bot/message/push', () => {
  it('accepts a retry key once; a repeat is 409 with the accepted request ID', async () => {
    const key = crypto.randomUUID();
    const first = await push(
      { to: customer, messages: [text('您的訂單已出貨')] },
      { ...auth, 'x-line-retry-key': key },
    );
    expect(first.statusCode).toBe(200);
    const acceptedId = first.headers['x-line-request-id'];

    const second = await push(
      { to: customer, messages: [text('您的訂單已出貨')] },
      { ...auth, 'x-line-retry-key': key },
    );
    expect(second.statusCode).toBe(409);
    expect(second.headers['x-line-accepted-request-id']).toBe(acceptedId);
    expect(second.headers['x-line-request-id']).not.toBe(acceptedId);
    expect(second.json()).toEqual({
      message: 'The retry key is already accepted',
      sentMessages: first.json().sentMessages,
    });
    expect(sb.store.sentFor(TEST_CHANNEL.channelId)).toHaveLength(1);
  });

  it('400s a retry key that is not a UUID', async () => {
    const res = await push({ to: customer, messages: [text('x')] }, { ...auth, 'x-line-retry-key': 'order-42' });
    expect(res.statusCode).toBe(400);
    expect(sb.store.sent).toHaveLength(0);
  });

  it('does not accept a rejected request’s key (a failed request can be retried)', async () => {
    const key = crypto.randomUUID();
    expect((await push({ to: customer, messages: [] }, { ...auth, 'x-line-retry-key': key })).statusCode).toBe(400);
    expect((await push({ to: customer, messages: [text('x')] }, { ...auth, 'x-line-retry-key': key })).statusCode).toBe(
      200,
    );
  });

  it('pushes without a key every time', async () => {
    await push({ to: customer, messages: [text('a')] });
    await push({ to: customer, messages: [text('a')] });
    expect(sb.store.sentFor(TEST_CHANNEL.channelId, customer)).toHaveLength(2);
  });

  it('400s an invalid destination', async () => {
    const res = await push({ to: 'someone', messages: [text('x')] });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/'to'/);
  });
});

describe('profile, bot info, quota', () => {
  it('returns a known profile and 404 Not found otherwise', async () => {
    const ok = await sb.app.inject({ method: 'GET', url: `/v2/bot/profile/${customer}`, headers: auth });
    expect(ok.json()).toEqual({ userId: customer, displayName: '林小姐', language: 'zh-TW' });
    const missing = await sb.app.inject({
      method: 'GET',
      url: '/v2/bot/profile/U0000000000000000000000000000dead',
      headers: auth,
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ message: 'Not found' });
  });

  it('a member who is not a friend: no profile, but a group member profile in a group they wrote in', async () => {
    const member = 'U00000000000000000000000000group1';
    await sb.app.inject({
      method: 'POST',
      url: '/_sandbox/users',
      payload: { userId: member, displayName: '群組的人', isFriend: false },
    });
    const get = (url: string) => sb.app.inject({ method: 'GET', url, headers: auth });
    expect((await get(`/v2/bot/profile/${member}`)).statusCode).toBe(404);
    // Not seen in the group yet: 404, like LINE for someone who is not a member.
    expect((await get(`/v2/bot/group/Cgroup1/member/${member}`)).statusCode).toBe(404);
    await sb.app.inject({
      method: 'POST',
      url: `/_sandbox/channels/${TEST_CHANNEL.channelId}/messages`,
      payload: { userId: member, groupId: 'Cgroup1', text: '大家好' },
    });
    const ok = await get(`/v2/bot/group/Cgroup1/member/${member}`);
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ userId: member, displayName: '群組的人' });
    expect((await get(`/v2/bot/group/Cother/member/${member}`)).statusCode).toBe(404);
    expect((await sb.app.inject({ method: 'GET', url: `/v2/bot/group/Cgroup1/member/${member}` })).statusCode).toBe(
      401,
    );
  });

  it('returns bot info', async () => {
    const res = await sb.app.inject({ method: 'GET', url: '/v2/bot/info', headers: auth });
    expect(res.json()).toMatchObject({ userId: TEST_CHANNEL.botUserId, chatMode: 'bot', markAsReadMode: 'auto' });
    expect(res.json().basicId).toMatch(/^@/);
  });

  it('counts pushes, not replies, and enforces a monthly quota', async () => {
    const quota = () => sb.app.inject({ method: 'GET', url: '/v2/bot/message/quota', headers: auth });
    const usage = async () =>
      (await sb.app.inject({ method: 'GET', url: '/v2/bot/message/quota/consumption', headers: auth })).json();
    expect((await quota()).json()).toEqual({ type: 'none' });
    issueToken('free');
    await reply({ replyToken: 'free', messages: [text('x')] });
    await push({ to: customer, messages: [text('1'), text('2')] });
    expect(await usage()).toEqual({ totalUsage: 1 });

    await sb.app.inject({
      method: 'POST',
      url: '/_sandbox/channels',
      payload: { ...TEST_CHANNEL, webhookUrl: 'http://127.0.0.1:9/none', monthlyQuota: 2 },
    });
    expect((await quota()).json()).toEqual({ type: 'limited', value: 2 });
    expect((await push({ to: customer, messages: [text('3')] })).statusCode).toBe(200);
    const over = await push({ to: customer, messages: [text('4')] });
    expect(over.statusCode).toBe(429);
    expect(over.json()).toEqual({ message: 'You have reached your monthly limit.' });
    expect(await usage()).toEqual({ totalUsage: 2 });
  });

  it('404s unknown API paths the LINE way', async () => {
    const res = await sb.app.inject({ method: 'GET', url: '/v2/bot/nothing-here', headers: auth });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ message: 'Not found' });
  });
});

describe('flex messages', () => {
  it('takes a bubble with alt text, and refuses one without alt text or with another container, as LINE does', async () => {
    const bubble = { type: 'bubble', body: { type: 'box', layout: 'vertical', contents: [] } };
    expect(
      (await push({ to: customer, messages: [{ type: 'flex', altText: '優惠券', contents: bubble }] })).statusCode,
    ).toBe(200);
    const noAlt = await push({ to: customer, messages: [{ type: 'flex', contents: bubble }] });
    expect(noAlt.statusCode).toBe(400);
    expect(noAlt.json().details).toEqual([{ message: 'must be specified', property: 'messages[0].altText' }]);
    const box = await push({
      to: customer,
      messages: [{ type: 'flex', altText: '優惠券', contents: { type: 'box' } }],
    });
    expect(box.statusCode).toBe(400);
    expect(box.json().details[0].property).toBe('messages[0].contents.type');
  });
});
