import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  postJson,
  registerChannel,
  startLineSandbox,
  startWebhookReceiver,
  TEST_CHANNEL,
  type RunningSandbox,
  type WebhookReceiver,
} from './testing.ts';

let sandbox: RunningSandbox;
let webhook: WebhookReceiver;
const auth = { authorization: `Bearer ${TEST_CHANNEL.channelAccessToken}` };
const userId = 'U0123456789abcdef0123456789abcdef';

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
});

const held = async () => (await (await fetch(`${sandbox.url}/_sandbox/faults/held`)).json()).held as number;

async function newReplyToken(): Promise<string> {
  const r = await postJson<{ replyToken: string }>(
    `${sandbox.url}/_sandbox/channels/${TEST_CHANNEL.channelId}/messages`,
    {
      userId,
      text: '+1',
    },
  );
  return r.body.replyToken;
}

describe('faults', () => {
  it("'hang' holds a reply open without acting, then drops the connection", async () => {
    const replyToken = await newReplyToken();
    expect(
      (await postJson(`${sandbox.url}/_sandbox/faults`, { path: '/v2/bot/message/reply', mode: 'hang' })).status,
    ).toBe(201);

    const payload = { replyToken, messages: [{ type: 'text', text: '收到' }] };
    const pending = postJson(`${sandbox.url}/v2/bot/message/reply`, payload, auth).then(
      () => 'answered',
      (err: Error) => `failed: ${err.message}`,
    );
    await expect.poll(held).toBe(1);
    // other paths and the control API are unaffected
    expect((await fetch(`${sandbox.url}/v2/bot/info`, { headers: auth })).status).toBe(200);
    expect(sandbox.store.sent).toHaveLength(0);

    const cleared = await (await fetch(`${sandbox.url}/_sandbox/faults`, { method: 'DELETE' })).json();
    expect(cleared).toEqual({ released: 1 });
    expect(await pending).toMatch(/^failed: /);
    expect(await held()).toBe(0);
    expect(sandbox.store.sent).toHaveLength(0);

    // LINE never saw it, so the token is still good
    expect((await postJson(`${sandbox.url}/v2/bot/message/reply`, payload, auth)).status).toBe(200);
  });

  it("'error500' with a count fails that many requests, then lets them through", async () => {
    await postJson(`${sandbox.url}/_sandbox/faults`, { path: '/v2/bot/message/push', mode: 'error500', count: 2 });
    const push = () =>
      postJson(
        `${sandbox.url}/v2/bot/message/push`,
        { to: userId, messages: [{ type: 'text', text: 'x' }] },
        { ...auth, 'x-line-retry-key': crypto.randomUUID() },
      );
    expect((await push()).status).toBe(500);
    expect((await push()).status).toBe(500);
    expect((await push()).status).toBe(200);
    expect(sandbox.store.sent).toHaveLength(1);
  });

  it('validates fault requests', async () => {
    expect((await postJson(`${sandbox.url}/_sandbox/faults`, { path: 'v2/bot', mode: 'hang' })).status).toBe(400);
    expect((await postJson(`${sandbox.url}/_sandbox/faults`, { path: '/v2/bot/info', mode: 'explode' })).status).toBe(
      400,
    );
  });

  it('closing the sandbox releases held requests', async () => {
    const other = await startLineSandbox();
    await registerChannel(other.url, { webhookUrl: webhook.url });
    await postJson(`${other.url}/_sandbox/faults`, { path: '/v2/bot/info', mode: 'hang' });
    const pending = fetch(`${other.url}/v2/bot/info`, { headers: auth }).then(
      () => 'answered',
      () => 'failed',
    );
    await expect.poll(() => other.store.held.size).toBe(1);
    await other.close();
    expect(await pending).toBe('failed');
  });
});
