import http from 'node:http';
import https from 'node:https';
import { signLineBody } from '../../integrations/line/signature.ts';
import type { WebhookEvent } from './events.ts';
import type { DeliveryRecord, SandboxChannel, SandboxStore } from './store.ts';

/**
 * Serialise as LINE does: JSON with characters outside the BMP (emoji) written as escaped
 * surrogate pairs (`\uD83E\uDD28`), other text as UTF-8. A webhook that re-serialises parsed JSON
 * instead of verifying the raw bytes therefore fails on emoji, exactly as against real LINE.
 */
export function encodeWebhookBody(body: unknown): string {
  return JSON.stringify(body).replace(/[\u{10000}-\u{10FFFF}]/gu, (ch) => {
    const hi = ch.charCodeAt(0).toString(16).toUpperCase();
    const lo = ch.charCodeAt(1).toString(16).toUpperCase();
    return `\\u${hi}\\u${lo}`;
  });
}

export interface DeliverOptions {
  isRedelivery?: boolean;
  timeoutMs: number;
}

/** Kept-alive sockets to each webhook, as LINE's fleet keeps them. */
const agents = {
  http: new http.Agent({ keepAlive: true, maxSockets: 512 }),
  https: new https.Agent({ keepAlive: true, maxSockets: 512 }),
};

/**
 * One POST, answered with the status once the body is read. node:http rather than fetch: this
 * one process stands in for LINE's fleet and delivers a live sale's thousand events a second,
 * and fetch's per-request machinery was nearly half of its CPU in such a burst.
 */
function post(url: string, headers: Record<string, string>, body: string, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const secure = target.protocol === 'https:';
    const request = (secure ? https : http).request(
      target,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        agent: secure ? agents.https : agents.http,
      },
      (response) => {
        response.resume(); // LINE ignores the response body
        response.on('end', () => {
          clearTimeout(timer);
          resolve(response.statusCode ?? 0);
        });
        response.on('error', reject);
      },
    );
    const timer = setTimeout(
      () => request.destroy(Object.assign(new Error('timed out'), { code: 'request_timeout' })),
      timeoutMs,
    );
    request.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    request.end(body);
  });
}

/**
 * POST `{ destination, events }` to the channel's webhook URL with LINE's headers and
 * `X-Line-Signature`, record the attempt, and return the record (status 0 = no answer).
 */
export async function deliverWebhook(
  store: SandboxStore,
  channel: SandboxChannel,
  events: WebhookEvent[],
  opts: DeliverOptions,
): Promise<DeliveryRecord> {
  const body = encodeWebhookBody({ destination: channel.botUserId, events });
  const signature = signLineBody(body, channel.channelSecret);
  const started = performance.now();
  let status = 0;
  let error: string | undefined;
  try {
    status = await post(
      channel.webhookUrl,
      {
        'content-type': 'application/json; charset=UTF-8',
        'user-agent': 'LineBotWebhook/2.0',
        'x-line-signature': signature,
      },
      body,
      opts.timeoutMs,
    );
  } catch (err) {
    const e = err as Error & { code?: string };
    error = e.code ?? e.message;
  }
  const record: DeliveryRecord = {
    id: store.nextSeq(),
    channelId: channel.channelId,
    url: channel.webhookUrl,
    webhookEventIds: events.map((e) => String(e.webhookEventId)),
    isRedelivery: opts.isRedelivery ?? false,
    body,
    signature,
    status,
    ...(error !== undefined ? { error } : {}),
    durationMs: Math.round(performance.now() - started),
    at: new Date().toISOString(),
  };
  store.deliveries.push(record);
  return record;
}
