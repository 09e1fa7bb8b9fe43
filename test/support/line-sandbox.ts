import { createHash, randomBytes } from 'node:crypto';
import { waitFor, type Stack } from './stack.ts';

/**
 * The LINE sandbox as tests drive it over HTTP: its users, the chat messages it signs and
 * delivers to a shop's webhook, redeliveries, and what the project sent back through LINE.
 * `sandbox` is anything that knows the sandbox's address (a Stack, an AuthServer).
 */

type Sandbox = { sandboxUrl: string };
/** A shop's LINE channel as the sandbox knows it. */
type Channel = { channelId: string };

export async function sandboxPost(sandbox: Sandbox, path: string, body: unknown): Promise<unknown> {
  const response = await fetch(`${sandbox.sandboxUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`sandbox ${path} answered ${response.status}: ${text}`);
  return text ? JSON.parse(text) : null;
}

/** A LINE user of the sandbox (who can also sign in with LINE Login on its consent screen). */
export async function createSandboxUser(sandbox: Sandbox, displayName: string): Promise<string> {
  const user = (await sandboxPost(sandbox, '/_sandbox/users', { displayName })) as { userId: string };
  return user.userId;
}

/** A customer types `text` in the tenant's chat; the sandbox signs and delivers the webhook. */
export async function sendChat(
  sandbox: Sandbox,
  tenant: Channel,
  userId: string,
  text: string,
): Promise<{ webhookEventId: string; replyToken: string; status: number }> {
  return (await sandboxPost(sandbox, `/_sandbox/channels/${tenant.channelId}/messages`, { userId, text })) as {
    webhookEventId: string;
    replyToken: string;
    status: number;
  };
}

/** LINE delivers the event again (as it does when a webhook answer was lost); resolves with our server's status. */
export function redeliver(sandbox: Sandbox, webhookEventId: string): Promise<{ status: number }> {
  return sandboxPost(sandbox, `/_sandbox/deliveries/${webhookEventId}/redeliver`, {}) as Promise<{ status: number }>;
}

export interface SentMessage {
  kind: 'reply' | 'push';
  to: string;
  messages: { type: string; text?: string }[];
  retryKey?: string | null;
}

/** What the project sent through LINE to `to` (replies and pushes), oldest first. */
export async function sentTo(sandbox: Sandbox, tenant: Channel, to: string): Promise<SentMessage[]> {
  const response = await fetch(
    `${sandbox.sandboxUrl}/_sandbox/channels/${tenant.channelId}/sent?to=${encodeURIComponent(to)}`,
  );
  if (!response.ok) throw new Error(`sandbox /sent answered ${response.status}`);
  const body = (await response.json()) as SentMessage[] | { messages: SentMessage[] };
  return Array.isArray(body) ? body : body.messages;
}

/** The texts of sent messages, one per LINE message object ('' for a non-text one). */
export const textsOf = (sent: SentMessage[]) => sent.flatMap((m) => m.messages.map((x) => x.text ?? ''));

/** The texts sent to `to` so far. */
export async function textsTo(sandbox: Sandbox, tenant: Channel, to: string): Promise<string[]> {
  return textsOf(await sentTo(sandbox, tenant, to));
}

/** Waits until at least `count` texts were sent to `to`; resolves with the messages sent. */
export function sentMessagesFor(sandbox: Sandbox, tenant: Channel, to: string, count: number): Promise<SentMessage[]> {
  return waitFor(`${count} message(s) to ${to}`, async () => {
    const sent = await sentTo(sandbox, tenant, to);
    return textsOf(sent).length >= count ? sent : undefined;
  });
}

/** Waits until at least `count` texts were sent to `to`; resolves with all the texts. */
export async function messagesFor(sandbox: Sandbox, tenant: Channel, to: string, count: number): Promise<string[]> {
  return textsOf(await sentMessagesFor(sandbox, tenant, to, count));
}

/** The inbox's row for a delivered event, once dispatched (its workflow started). */
export function dispatched(stack: Stack, tenant: { id: string }, webhookEventId: string) {
  return waitFor('the event to be dispatched', async () => {
    const row = await stack.db.lineWebhookEvent.findUnique({
      where: { tenantId_webhookEventId: { tenantId: tenant.id, webhookEventId } },
    });
    return row?.dispatchedAt ? row : undefined;
  });
}

/**
 * A customer's text stored in the shop's inbox without a delivery, as a server that crashed
 * after answering LINE leaves it, or (with `claimedUntil`) as another server holds it.
 */
export async function storeInboxText(
  stack: Stack,
  tenant: { id: string },
  event: { userId: string; text: string; replyToken: string; claimedUntil?: Date },
): Promise<string> {
  const webhookEventId = `01KSTORED${randomBytes(9).toString('hex').slice(0, 17).toUpperCase()}`;
  await stack.db.lineWebhookEvent.create({
    data: {
      tenantId: tenant.id,
      webhookEventId,
      orderCommand: true,
      ...(event.claimedUntil ? { attempts: 1, claimedUntil: event.claimedUntil } : {}),
      payload: {
        type: 'message',
        mode: 'active',
        timestamp: Date.now(),
        webhookEventId,
        deliveryContext: { isRedelivery: false },
        source: { type: 'user', userId: event.userId },
        replyToken: event.replyToken,
        message: {
          id: `6${Date.now()}${randomBytes(2).readUInt16BE()}`,
          type: 'text',
          quoteToken: 'q',
          text: event.text,
        },
      },
    },
  });
  return webhookEventId;
}

/** Registers a LIFF app (and its LINE Login channel, in the shops' provider) in the sandbox. */
export async function createLiffApp(
  sandbox: Sandbox,
  input: { channelId: string; endpointUrl: string },
): Promise<string> {
  const app = (await sandboxPost(sandbox, '/_sandbox/liff-apps', input)) as { liffId: string };
  return app.liffId;
}

/**
 * The ID token the LIFF SDK gets when `userId` logs in to the app outside LINE: the same
 * requests @line/liff makes (authorize with PKCE, consent, token exchange), over HTTP.
 */
export async function liffIdToken(sandbox: Sandbox, liffId: string, userId: string): Promise<string> {
  const verifier = randomBytes(32).toString('base64url');
  const query = new URLSearchParams({
    app_id: liffId,
    state: randomBytes(6).toString('hex'),
    response_type: 'code',
    code_challenge_method: 'S256',
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
  });
  const page = await (await fetch(`${sandbox.sandboxUrl}/liff/v1/authorize?${query}`)).text();
  const hidden = Object.fromEntries(
    [...page.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1]!, m[2]!]),
  );
  const form = (fields: Record<string, string>) => ({
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual' as const,
  });
  const approved = await fetch(
    `${sandbox.sandboxUrl}/oauth2/v2.1/authorize`,
    form({ ...hidden, userId, decision: 'allow' }),
  );
  const back = new URL(approved.headers.get('location') ?? 'about:blank');
  const code = back.searchParams.get('code');
  if (!code) throw new Error(`LIFF login of ${userId} was not approved: ${approved.status} ${back}`);
  const tokens = await fetch(
    `${sandbox.sandboxUrl}/oauth2/v2.1/token`,
    form({
      grant_type: 'authorization_code',
      client_id: back.searchParams.get('liffClientId') ?? '',
      appId: liffId,
      code,
      code_verifier: verifier,
      redirect_uri: back.searchParams.get('liffRedirectUri') ?? '',
      id_token_key_type: 'JWK',
    }),
  );
  const body = (await tokens.json()) as { id_token?: string };
  if (!body.id_token) throw new Error(`LIFF token exchange failed: ${JSON.stringify(body)}`);
  return body.id_token;
}
