import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PROVIDER_ID, loginUserIdFor, signIdToken } from './routes-login.ts';
import { startLineSandbox, type RunningSandbox } from './testing.ts';

/** The sandbox's LINE Login endpoints, spoken to directly (the client's view is integrations/line/login.test.ts). */

const CHANNEL = { channelId: '1650000007', channelSecret: 'sandbox0login0test0secret0000000' };
let sandbox: RunningSandbox;

beforeAll(async () => {
  sandbox = await startLineSandbox({ loginChannels: [CHANNEL] });
});
afterAll(() => sandbox?.close());

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});

describe('sandbox LINE Login', () => {
  it('gives each provider its own user ID for the same person', () => {
    const a = loginUserIdFor('provider-a', 'U1');
    expect(a).toMatch(/^U[0-9a-f]{32}$/);
    expect(loginUserIdFor('provider-a', 'U1')).toBe(a);
    expect(loginUserIdFor('provider-b', 'U1')).not.toBe(a);
  });

  it('answers the token endpoint’s mistakes with OAuth errors and x-line-request-id', async () => {
    const noGrant = await fetch(`${sandbox.url}/oauth2/v2.1/token`, form({ client_id: CHANNEL.channelId }));
    expect(noGrant.status).toBe(400);
    expect(await noGrant.json()).toEqual({
      error: 'unsupported_grant_type',
      error_description: 'unsupported grant_type',
    });
    expect(noGrant.headers.get('x-line-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const badCode = await fetch(
      `${sandbox.url}/oauth2/v2.1/token`,
      form({
        grant_type: 'authorization_code',
        code: 'nope',
        redirect_uri: 'http://x/cb',
        client_id: CHANNEL.channelId,
        client_secret: CHANNEL.channelSecret,
      }),
    );
    expect(await badCode.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('verifies ID tokens with LINE’s error descriptions', async () => {
    const now = Math.floor(Date.now() / 1000);
    const payload = {
      iss: 'https://access.line.me',
      sub: loginUserIdFor(DEFAULT_PROVIDER_ID, 'U1'),
      aud: CHANNEL.channelId,
      exp: now + 60,
      iat: now,
      nonce: 'n1',
      amr: ['linesso'],
    };
    const verify = (token: string, extra: Record<string, string> = {}) =>
      fetch(
        `${sandbox.url}/oauth2/v2.1/verify`,
        form({ id_token: token, client_id: CHANNEL.channelId, ...extra }),
      ).then(async (r) => ({
        status: r.status,
        body: (await r.json()) as Record<string, unknown>,
      }));
    expect(await verify(signIdToken(payload, CHANNEL.channelSecret), { nonce: 'n1' })).toEqual({
      status: 200,
      body: payload,
    });
    expect((await verify(signIdToken(payload, 'wrong-secret'))).body.error_description).toBe('Invalid IdToken.');
    expect(
      (await verify(signIdToken({ ...payload, exp: now - 10 }, CHANNEL.channelSecret))).body.error_description,
    ).toBe('IdToken expired.');
    expect((await verify(signIdToken(payload, CHANNEL.channelSecret), { nonce: 'other' })).body.error_description).toBe(
      'Invalid IdToken Nonce.',
    );
    expect(
      (await verify(signIdToken({ ...payload, iss: 'https://x' }, CHANNEL.channelSecret))).body.error_description,
    ).toBe('Invalid IdToken Issuer.');
    expect((await verify(signIdToken(payload, CHANNEL.channelSecret), { user_id: 'U0' })).body.error_description).toBe(
      'Invalid IdToken Subject Identifier.',
    );
  });

  it('refuses profile and access-token checks without a valid token', async () => {
    expect((await fetch(`${sandbox.url}/v2/profile`, { headers: { authorization: 'Bearer nope' } })).status).toBe(401);
    const verify = await fetch(`${sandbox.url}/oauth2/v2.1/verify?access_token=nope`);
    expect(verify.status).toBe(400);
    expect(await verify.json()).toMatchObject({ error: 'invalid_request' });
  });

  it('keeps its built-in channel across a reset, and takes new ones from the control API', async () => {
    await fetch(`${sandbox.url}/_sandbox/login-channels`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        channelId: '1650000008',
        channelSecret: 'another0secret0another0secret00',
        callbackUrls: ['https://shop.example/cb'],
      }),
    });
    const listed = (await (await fetch(`${sandbox.url}/_sandbox/login-channels`)).json()) as {
      channelId: string;
      channelSecret?: string;
    }[];
    expect(listed.map((c) => c.channelId).sort()).toEqual(['1650000007', '1650000008']);
    expect(listed.every((c) => c.channelSecret === undefined)).toBe(true);
    await fetch(`${sandbox.url}/_sandbox/reset`, { method: 'DELETE' });
    const after = (await (await fetch(`${sandbox.url}/_sandbox/login-channels`)).json()) as { channelId: string }[];
    expect(after.map((c) => c.channelId)).toEqual(['1650000007']);
  });
});
