import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  postJson,
  registerChannel,
  startLineSandbox,
  TEST_CHANNEL,
  type RunningSandbox,
} from '../../sandbox/line/testing.ts';
import { createLineClient, type LineClient } from './client.ts';
import { batchRetryKey, multicastAll, multicastBatches } from './multicast.ts';

let sandbox: RunningSandbox;
let line: LineClient;
const userId = (i: number) => `U${createHash('md5').update(String(i)).digest('hex')}`;
const users = (n: number) => Array.from({ length: n }, (_, i) => userId(i));
const coupon = [{ type: 'text' as const, text: '生日快樂！送你一張 NT$50 優惠券' }];

beforeAll(async () => {
  sandbox = await startLineSandbox();
});
afterAll(() => sandbox.close());
beforeEach(async () => {
  sandbox.store.reset();
  await registerChannel(sandbox.url, { webhookUrl: 'http://127.0.0.1:9/unused', monthlyQuota: 5_000 });
  line = createLineClient({
    channelAccessToken: TEST_CHANNEL.channelAccessToken,
    apiBaseUrl: sandbox.url,
    dataApiBaseUrl: sandbox.url,
  });
});

const usage = () => sandbox.store.usage(TEST_CHANNEL.channelId);

describe('multicast', () => {
  it('splits recipients into LINE’s batches of 500 and keys each batch for retries', () => {
    expect(multicastBatches(users(1_201)).map((b) => b.length)).toEqual([500, 500, 201]);
    expect(batchRetryKey('run-1', 0)).toBe(batchRetryKey('run-1', 0));
    expect(batchRetryKey('run-1', 0)).not.toBe(batchRetryKey('run-1', 1));
    expect(batchRetryKey('run-1', 0)).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends to everyone once, counted per recipient, and a re-run of the same send sends nothing', async () => {
    const everyone = users(1_201);
    const first = await multicastAll(line, everyone, coupon, { sendKey: 'birthday:2026-12' });
    expect(first).toMatchObject({ recipients: 1_201, calls: 3, duplicates: 0, rateLimited: 0 });
    expect(usage()).toBe(1_201);
    expect(sandbox.store.sentFor(TEST_CHANNEL.channelId, everyone[1_200]!)).toHaveLength(1);
    const again = await multicastAll(line, everyone, coupon, { sendKey: 'birthday:2026-12' });
    expect(again).toMatchObject({ calls: 3, duplicates: 3 });
    expect(usage()).toBe(1_201);
  });

  it('is refused over 500 recipients, over the monthly quota, and over its rate limit', async () => {
    const url = `${sandbox.url}/v2/bot/message/multicast`;
    const auth = { authorization: `Bearer ${TEST_CHANNEL.channelAccessToken}` };
    const tooMany = await postJson(url, { to: users(501), messages: coupon }, auth);
    expect(tooMany.status).toBe(400);
    await multicastAll(line, users(4_800), coupon, { sendKey: 'fill' });
    const overQuota = await postJson(url, { to: users(201), messages: coupon }, auth);
    expect(overQuota).toMatchObject({ status: 429, body: { message: 'You have reached your monthly limit.' } });

    // LINE allows 200 a second; the sandbox's limit is lowered to 5 so that 40 calls at once
    // exceed it however slowly a busy machine sends them (they would have to take 8 seconds).
    await registerChannel(sandbox.url, { webhookUrl: 'http://127.0.0.1:9/unused', multicastPerSecond: 5 });
    const burst = await Promise.all(
      Array.from({ length: 40 }, () => postJson(url, { to: [userId(1)], messages: coupon }, auth)),
    );
    const limited = burst.filter(
      (r) => r.status === 429 && (r.body as { message: string }).message.startsWith('The API rate limit'),
    );
    expect(limited.length).toBeGreaterThan(0);
  });
});
