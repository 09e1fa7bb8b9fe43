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
    const res = await fetch(channel.webhookUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json; charset=UTF-8',
        'user-agent': 'LineBotWebhook/2.0',
        'x-line-signature': signature,
      },
      body,
      signal: AbortSignal.timeout(opts.timeoutMs),
    });
    status = res.status;
    await res.arrayBuffer(); // drain; LINE ignores the response body
  } catch (err) {
    const e = err as Error & { cause?: { code?: string; message?: string } };
    error = e.name === 'TimeoutError' ? 'request_timeout' : (e.cause?.code ?? e.cause?.message ?? e.message);
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
