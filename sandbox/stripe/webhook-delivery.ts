import { createHmac } from 'node:crypto';
import { newEventId, SANDBOX_API_VERSION, type SandboxEvent, type StripeSandboxStore } from './store.ts';

/** `Stripe-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`, as Stripe signs. */
export function signStripePayload(body: string, secret: string, timestamp: number): string {
  const v1 = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return `t=${timestamp},v1=${v1}`;
}

export interface DeliveryOptions {
  /** First retry of a failed delivery after this long, doubling; Stripe waits hours, tests cannot. */
  retryMs: number;
  maxAttempts: number;
  timeoutMs: number;
}

/**
 * Records an event and sends it to the webhook endpoint, honouring the injected webhook
 * faults (held, late, duplicated). A delivery that is not answered 2xx is retried.
 */
export function emitEvent(
  store: StripeSandboxStore,
  delivery: DeliveryOptions,
  type: string,
  object: unknown,
  extra: { account?: string | null; previous?: Record<string, unknown>; idempotencyKey?: string | null } = {},
): SandboxEvent {
  const event: SandboxEvent = {
    id: newEventId(),
    object: 'event',
    api_version: SANDBOX_API_VERSION,
    created: store.now(),
    type,
    data: { object: structuredClone(object), ...(extra.previous ? { previous_attributes: extra.previous } : {}) },
    livemode: false,
    pending_webhooks: store.webhook.url ? 1 : 0,
    request: { id: null, idempotency_key: extra.idempotencyKey ?? null },
    ...(extra.account ? { account: extra.account } : {}),
  };
  store.events.push(event);
  if (store.webhookFaults.hold) store.heldEvents.push(event);
  else scheduleDelivery(store, delivery, event);
  return event;
}

/** Sends `event` (plus the injected duplicates) after the injected delay. */
export function scheduleDelivery(store: StripeSandboxStore, delivery: DeliveryOptions, event: SandboxEvent): void {
  const copies = 1 + store.webhookFaults.duplicate;
  const delay = store.webhookFaults.delayMs;
  const generation = store.generation;
  for (let i = 0; i < copies; i++) {
    setTimeout(() => {
      if (generation === store.generation) void deliver(store, delivery, event, 1);
    }, delay);
  }
}

export async function deliver(
  store: StripeSandboxStore,
  delivery: DeliveryOptions,
  event: SandboxEvent,
  attempt: number,
): Promise<number> {
  const { url, secret } = store.webhook;
  if (!url) return 0;
  const generation = store.generation;
  const body = JSON.stringify(event, null, 2);
  // Signed with the real time: the receiver checks the signature's age against its own clock.
  const signature = signStripePayload(body, secret, Math.floor(Date.now() / 1000));
  let status = 0;
  let error: string | undefined;
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
        'stripe-signature': signature,
      },
      body,
      signal: AbortSignal.timeout(delivery.timeoutMs),
    });
    status = res.status;
    await res.arrayBuffer();
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    error = e.name === 'TimeoutError' ? 'timeout' : (e.cause?.code ?? e.message);
  }
  // The sandbox was reset meanwhile: this delivery belongs to a world that is gone.
  if (generation !== store.generation) return status;
  store.deliveries.push({
    id: store.nextSeq(),
    eventId: event.id,
    type: event.type,
    url,
    body,
    signature,
    status,
    ...(error ? { error } : {}),
    attempt,
    at: new Date().toISOString(),
  });
  if ((status < 200 || status >= 300) && attempt < delivery.maxAttempts) {
    setTimeout(() => void deliver(store, delivery, event, attempt + 1), delivery.retryMs * 2 ** (attempt - 1));
  }
  return status;
}

/** Sends the held events, in arrival order or reversed (webhooks overtaking each other). */
export function releaseHeldEvents(store: StripeSandboxStore, delivery: DeliveryOptions, order: 'fifo' | 'reverse') {
  const events = order === 'reverse' ? [...store.heldEvents].reverse() : [...store.heldEvents];
  store.heldEvents = [];
  store.webhookFaults.hold = false;
  const copies = 1 + store.webhookFaults.duplicate;
  // One after another (each as often as duplicates are asked for), so the receiver sees them
  // in the order asked for.
  const sends = events.flatMap((event) => Array.from({ length: copies }, () => event));
  return sends
    .reduce<Promise<unknown>>((prev, event) => prev.then(() => deliver(store, delivery, event, 1)), Promise.resolve())
    .then(() => events.length);
}

export { SANDBOX_API_VERSION };
