import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildLineSandbox, type LineSandbox, type LineSandboxOptions } from './app.ts';

/** Helpers for tests that need a running sandbox and a webhook to deliver to. */

export interface RunningSandbox extends LineSandbox {
  url: string;
  close(): Promise<void>;
}

export async function startLineSandbox(opts: LineSandboxOptions = {}): Promise<RunningSandbox> {
  const sandbox = buildLineSandbox(opts);
  const url = await sandbox.app.listen({ port: 0, host: '127.0.0.1' });
  return { ...sandbox, url, close: () => sandbox.app.close() };
}

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  raw: Buffer;
  json: unknown;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** Status to answer with (default 200). */
  status: number;
  /** Delay before answering, in ms. */
  delayMs: number;
  close(): Promise<void>;
}

/** A bare node:http webhook that records raw bodies (so signatures can be checked on the bytes). */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const receiver: WebhookReceiver = {
    url: '',
    received: [],
    status: 200,
    delayMs: 0,
    close: async () => {},
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      let json: unknown;
      try {
        json = JSON.parse(raw.toString('utf8'));
      } catch {
        json = undefined;
      }
      receiver.received.push({ headers: req.headers, raw, json });
      setTimeout(() => {
        res.writeHead(receiver.status, { 'content-type': 'application/json' }).end('{}');
      }, receiver.delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  receiver.url = `http://127.0.0.1:${port}/webhook`;
  receiver.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return receiver;
}

export const TEST_CHANNEL = {
  channelId: '2000000001',
  channelSecret: '0123456789abcdef0123456789abcdef',
  channelAccessToken: 'sandbox-access-token-1',
  botUserId: 'Ubot0000000000000000000000000001',
};

/** Register a channel over HTTP, as a test or the demo would. */
export async function registerChannel(
  sandboxUrl: string,
  channel: Partial<typeof TEST_CHANNEL> & {
    webhookUrl: string;
    monthlyQuota?: number;
    multicastPerSecond?: number;
    displayName?: string;
  },
): Promise<typeof TEST_CHANNEL & { webhookUrl: string }> {
  const body = { ...TEST_CHANNEL, ...channel };
  const res = await fetch(`${sandboxUrl}/_sandbox/channels`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`register channel: HTTP ${res.status} ${await res.text()}`);
  return body;
}

export async function postJson<T = unknown>(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; body: T }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : undefined) as T };
}

/** A local port nothing listens on (connections are refused). */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
