import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLineClient, LineApiError } from './client.ts';
import { useNodeHttp } from './http-transport.ts';

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

// A server that records exactly what arrives, to see the bytes the SDK's requests become.
const seen: Seen[] = [];
let answer: { status: number; headers?: Record<string, string>; body: string } = { status: 200, body: '{}' };
let server: http.Server;
let baseUrl: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      res.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const client = () => createLineClient({ channelAccessToken: 'token-1', apiBaseUrl: baseUrl, dataApiBaseUrl: baseUrl });

describe('the Messaging API client over node:http', () => {
  it("sends the SDK's request: path, JSON body, token, user agent and retry key; not fetch's headers", async () => {
    seen.length = 0;
    answer = { status: 200, body: '{"sentMessages":[{"id":"1","quoteToken":"q"}]}' };
    await client().reply('rt-1', [{ type: 'text', text: '感謝您的訂購！' }]);
    answer = { status: 200, body: '{}' };
    expect(await client().push('U1', [{ type: 'text', text: '到貨了' }], '123e4567-e89b-12d3-a456-426614174000')).toBe(
      'sent',
    );

    const [reply, push] = seen;
    expect(reply).toMatchObject({ method: 'POST', url: '/v2/bot/message/reply' });
    expect(JSON.parse(reply!.body)).toEqual({
      replyToken: 'rt-1',
      messages: [{ type: 'text', text: '感謝您的訂購！' }],
    });
    expect(reply!.headers).toMatchObject({ authorization: 'Bearer token-1', 'content-type': 'application/json' });
    expect(reply!.headers['user-agent']).toMatch(/^@line\/bot-sdk\//);
    expect(Number(reply!.headers['content-length'])).toBe(Buffer.byteLength(reply!.body));
    // fetch adds these to every request; node:http does not
    expect(reply!.headers['sec-fetch-mode']).toBeUndefined();
    expect(push).toMatchObject({ method: 'POST', url: '/v2/bot/message/push' });
    expect(push!.headers['x-line-retry-key']).toBe('123e4567-e89b-12d3-a456-426614174000');
  });

  it('reads answers of GET requests, with their query', async () => {
    seen.length = 0;
    answer = { status: 200, body: '{"userId":"U1","displayName":"王小明"}' };
    expect(await client().getProfile('U1')).toMatchObject({ userId: 'U1', displayName: '王小明' });
    expect(seen[0]).toMatchObject({ method: 'GET', url: '/v2/bot/profile/U1', body: '' });
  });

  it("turns LINE's error answers into LineApiError with message, details and request IDs", async () => {
    answer = {
      status: 409,
      headers: { 'x-line-request-id': 'req-2', 'x-line-accepted-request-id': 'req-1' },
      body: '{"message":"The retry key is already accepted"}',
    };
    expect(await client().push('U1', [{ type: 'text', text: 'x' }], '123e4567-e89b-12d3-a456-426614174000')).toBe(
      'duplicate',
    );

    answer = {
      status: 400,
      headers: { 'x-line-request-id': 'req-3' },
      body: '{"message":"The request body has 1 error(s)","details":[{"message":"Length must be between 0 and 5000","property":"messages[0].text"}]}',
    };
    const error = await client()
      .reply('rt-2', [{ type: 'text', text: 'x' }])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LineApiError);
    expect(error).toMatchObject({
      status: 400,
      lineMessage: 'The request body has 1 error(s)',
      details: [{ message: 'Length must be between 0 and 5000', property: 'messages[0].text' }],
      requestId: 'req-3',
    });
  });

  it('refuses an SDK client it does not know how to carry, at once', () => {
    expect(() => useNodeHttp({})).toThrow(/no longer has the HTTP client/);
  });
});
