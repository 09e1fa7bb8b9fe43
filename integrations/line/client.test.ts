import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  closedPortUrl,
  postJson,
  registerChannel,
  startLineSandbox,
  startWebhookReceiver,
  TEST_CHANNEL,
  type RunningSandbox,
  type WebhookReceiver,
} from '../../sandbox/line/testing.ts';
import { createLineClient, LineApiError, type LineClient } from './client.ts';

let sandbox: RunningSandbox;
let webhook: WebhookReceiver;
let line: LineClient;
const customer = 'U1234567890abcdef1234567890abcdef';

beforeAll(async () => {
  sandbox = await startLineSandbox();
  webhook = await startWebhookReceiver();
});

afterAll(async () => {
  await sandbox.close();
  await webhook.close();
});

beforeEach(async () => {
  sandbox.store.reset();
  await registerChannel(sandbox.url, { webhookUrl: webhook.url });
  await postJson(`${sandbox.url}/_sandbox/users`, {
    userId: customer,
    displayName: '王小明',
    pictureUrl: 'https://example.com/p.png',
  });
  line = createLineClient({
    channelAccessToken: TEST_CHANNEL.channelAccessToken,
    apiBaseUrl: sandbox.url,
    dataApiBaseUrl: sandbox.url,
  });
});

async function customerSays(text: string): Promise<{ replyToken: string; messageId: string }> {
  const r = await postJson<{ replyToken: string; messageId: string }>(
    `${sandbox.url}/_sandbox/channels/${TEST_CHANNEL.channelId}/messages`,
    { userId: customer, text },
  );
  return r.body;
}

async function caught(p: Promise<unknown>): Promise<LineApiError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(LineApiError);
  return err as LineApiError;
}

describe('createLineClient against the sandbox', () => {
  it('replies with a reply token, once', async () => {
    const { replyToken } = await customerSays('+1');
    await line.reply(replyToken, [{ type: 'text', text: '已收到您的訂單！' }]);
    expect(sandbox.store.sentFor(TEST_CHANNEL.channelId, customer)).toMatchObject([
      { kind: 'reply', to: customer, messages: [{ type: 'text', text: '已收到您的訂單！' }] },
    ]);

    const err = await caught(line.reply(replyToken, [{ type: 'text', text: 'again' }]));
    expect(err.status).toBe(400);
    expect(err.lineMessage).toBe('Invalid reply token');
    expect(err.isInvalidReplyToken).toBe(true);
    expect(err.isRetryable).toBe(false);
    expect(err.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("pushes with a retry key; the same key again is 'duplicate' and nothing is sent twice", async () => {
    const key = crypto.randomUUID();
    expect(await line.push(customer, [{ type: 'text', text: '出貨通知' }], key)).toBe('sent');
    expect(await line.push(customer, [{ type: 'text', text: '出貨通知' }], key)).toBe('duplicate');
    const sent = sandbox.store.sentFor(TEST_CHANNEL.channelId, customer);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ kind: 'push', retryKey: key });
  });

  it('reports validation errors with details', async () => {
    const err = await caught(line.push(customer, [{ type: 'text', text: '' }], crypto.randomUUID()));
    expect(err.status).toBe(400);
    expect(err.details).toEqual([{ message: 'May not be empty', property: 'messages[0].text' }]);
    expect(err.isRetryable).toBe(false);
  });

  it('gets a profile, and 404 for an unknown user', async () => {
    expect(await line.getProfile(customer)).toEqual({
      userId: customer,
      displayName: '王小明',
      pictureUrl: 'https://example.com/p.png',
      language: 'zh-TW',
    });
    const err = await caught(line.getProfile('U00000000000000000000000000000000'));
    expect(err.status).toBe(404);
    expect(err.lineMessage).toBe('Not found');
  });

  it('gets bot info (connection check); a wrong token is 401', async () => {
    expect(await line.getBotInfo()).toMatchObject({ userId: TEST_CHANNEL.botUserId, chatMode: 'bot' });
    const wrong = createLineClient({
      channelAccessToken: 'nope',
      apiBaseUrl: sandbox.url,
      dataApiBaseUrl: sandbox.url,
    });
    const err = await caught(wrong.getBotInfo());
    expect(err.status).toBe(401);
    expect(err.lineMessage).toMatch(/^Authentication failed/);
  });

  it('flags the monthly quota as not retryable', async () => {
    await registerChannel(sandbox.url, { webhookUrl: webhook.url, monthlyQuota: 1 });
    await line.push(customer, [{ type: 'text', text: '1' }], crypto.randomUUID());
    const err = await caught(line.push(customer, [{ type: 'text', text: '2' }], crypto.randomUUID()));
    expect(err.status).toBe(429);
    expect(err.isQuotaExceeded).toBe(true);
    expect(err.isRetryable).toBe(false);
  });

  it('treats 5xx as retryable', async () => {
    await postJson(`${sandbox.url}/_sandbox/faults`, { path: '/v2/bot/message/push', mode: 'error500', count: 1 });
    const key = crypto.randomUUID();
    const err = await caught(line.push(customer, [{ type: 'text', text: 'x' }], key));
    expect(err.status).toBe(500);
    expect(err.isRetryable).toBe(true);
    expect(await line.push(customer, [{ type: 'text', text: 'x' }], key)).toBe('sent');
  });

  it('a hung request ends as a retryable network error; LINE never got it', async () => {
    await postJson(`${sandbox.url}/_sandbox/faults`, { path: '/v2/bot/message/push', mode: 'hang' });
    const key = crypto.randomUUID();
    const pending = caught(line.push(customer, [{ type: 'text', text: '付款提醒' }], key));
    await expect.poll(async () => (await (await fetch(`${sandbox.url}/_sandbox/faults/held`)).json()).held).toBe(1);
    await fetch(`${sandbox.url}/_sandbox/faults`, { method: 'DELETE' });
    const err = await pending;
    expect(err.status).toBe(0);
    expect(err.isNetworkError).toBe(true);
    expect(err.isRetryable).toBe(true);
    expect(sandbox.store.sentFor(TEST_CHANNEL.channelId)).toHaveLength(0);
    // the retry with the same key goes through exactly once
    expect(await line.push(customer, [{ type: 'text', text: '付款提醒' }], key)).toBe('sent');
    expect(sandbox.store.sentFor(TEST_CHANNEL.channelId)).toHaveLength(1);
  });

  it('a refused connection is a network error', async () => {
    const nowhere = await closedPortUrl();
    const dead = createLineClient({ channelAccessToken: 'x', apiBaseUrl: nowhere, dataApiBaseUrl: nowhere });
    const err = await caught(dead.getBotInfo());
    expect(err.isNetworkError).toBe(true);
    expect(err.isRetryable).toBe(true);
  });

  it('downloads image content a user sent (data API)', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    const r = await postJson<{ messageId: string }>(
      `${sandbox.url}/_sandbox/channels/${TEST_CHANNEL.channelId}/messages`,
      {
        userId: customer,
        image: { dataBase64: png.toString('base64'), contentType: 'image/png' },
      },
    );
    const content = await line.getMessageContent(r.body.messageId);
    expect(content.contentType).toBe('image/png');
    expect(content.data.equals(png)).toBe(true);
    const err = await caught(line.getMessageContent('1'));
    expect(err.status).toBe(404);
  });
});
