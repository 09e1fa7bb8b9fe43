import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginUserIdFor, signIdToken } from '../../sandbox/line/routes-login.ts';
import { startLineSandbox, type RunningSandbox } from '../../sandbox/line/testing.ts';
import {
  createLineLoginClient,
  createPkcePair,
  LineLoginError,
  pkceChallenge,
  randomToken,
  type LineLoginClient,
} from './login.ts';

/**
 * The LINE Login client against the sandbox speaking LINE Login v2.1: authorize (consent form),
 * token with PKCE, ID token checks here and at /verify, profile.
 */

const CHANNEL = { channelId: '1650000001', channelSecret: 'test0login0channel0secret0000000' };
const CALLBACK = 'http://127.0.0.1:9/api/auth/line/callback';
let sandbox: RunningSandbox;
let client: LineLoginClient;
let userId: string;

beforeAll(async () => {
  sandbox = await startLineSandbox({ loginChannels: [{ ...CHANNEL, callbackUrls: [CALLBACK], providerId: 'p1' }] });
  client = createLineLoginClient({ ...CHANNEL, authorizeBaseUrl: sandbox.url, apiBaseUrl: sandbox.url });
  const created = await fetch(`${sandbox.url}/_sandbox/users`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ displayName: '林老闆', pictureUrl: 'https://profile.line-scdn.net/boss' }),
  });
  userId = ((await created.json()) as { userId: string }).userId;
});
afterAll(() => sandbox?.close());

/** What a person does on the consent screen: picks the user and presses 許可 (or 取消). */
async function consent(authorizeUrl: string, decision: 'allow' | 'deny' = 'allow'): Promise<URL> {
  const page = await fetch(authorizeUrl);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('林老闆');
  const form = new URLSearchParams(new URL(authorizeUrl).searchParams);
  form.set('userId', userId);
  form.set('decision', decision);
  const answer = await fetch(`${sandbox.url}/oauth2/v2.1/authorize`, {
    method: 'POST',
    body: form,
    redirect: 'manual',
  });
  expect(answer.status).toBe(302);
  return new URL(answer.headers.get('location')!);
}

async function login(overrides: { verifier?: string } = {}) {
  const { codeVerifier, codeChallenge } = createPkcePair();
  const state = randomToken();
  const nonce = randomToken();
  const back = await consent(client.authorizeUrl({ redirectUri: CALLBACK, state, nonce, codeChallenge }));
  expect(back.searchParams.get('state')).toBe(state);
  const code = back.searchParams.get('code')!;
  return { code, nonce, codeVerifier: overrides.verifier ?? codeVerifier };
}

describe('LINE Login through the sandbox', () => {
  it('builds LINE’s authorization URL', () => {
    const url = new URL(
      client.authorizeUrl({ redirectUri: CALLBACK, state: 's', nonce: 'n', codeChallenge: 'c'.repeat(43) }),
    );
    expect(url.pathname).toBe('/oauth2/v2.1/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: CHANNEL.channelId,
      redirect_uri: CALLBACK,
      state: 's',
      scope: 'profile openid',
      nonce: 'n',
      code_challenge: 'c'.repeat(43),
      code_challenge_method: 'S256',
    });
  });

  it('exchanges the code with the PKCE verifier and verifies the ID token here and at LINE', async () => {
    const { code, nonce, codeVerifier } = await login();
    const tokens = await client.exchangeCode({ code, redirectUri: CALLBACK, codeVerifier });
    expect(tokens).toMatchObject({ expiresIn: 2592000, scope: 'profile openid', tokenType: 'Bearer' });
    const claims = client.verifyIdToken(tokens.idToken, { nonce });
    expect(claims).toMatchObject({
      iss: 'https://access.line.me',
      sub: loginUserIdFor('p1', userId),
      aud: CHANNEL.channelId,
      nonce,
      name: '林老闆',
      picture: 'https://profile.line-scdn.net/boss',
    });
    // User IDs are per provider: not the Messaging API ID of the same person.
    expect(claims.sub).not.toBe(userId);
    expect(claims.sub).toMatch(/^U[0-9a-f]{32}$/);
    expect(await client.verifyIdTokenRemotely(tokens.idToken, { nonce })).toMatchObject({ sub: claims.sub });
    expect(await client.getProfile(tokens.accessToken)).toEqual({
      userId: claims.sub,
      displayName: '林老闆',
      pictureUrl: 'https://profile.line-scdn.net/boss',
      statusMessage: undefined,
    });

    // A code works once.
    await expect(client.exchangeCode({ code, redirectUri: CALLBACK, codeVerifier })).rejects.toMatchObject({
      status: 400,
      error: 'invalid_grant',
    });
  });

  it('refuses a wrong PKCE verifier, a wrong redirect_uri and a wrong channel secret', async () => {
    const wrongVerifier = await login({ verifier: randomToken() });
    await expect(client.exchangeCode({ ...wrongVerifier, redirectUri: CALLBACK })).rejects.toMatchObject({
      error: 'invalid_grant',
      errorDescription: 'invalid code_verifier',
    });
    const wrongRedirect = await login();
    await expect(client.exchangeCode({ ...wrongRedirect, redirectUri: `${CALLBACK}x` })).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    const impostor = createLineLoginClient({
      ...CHANNEL,
      channelSecret: 'x'.repeat(32),
      authorizeBaseUrl: sandbox.url,
      apiBaseUrl: sandbox.url,
    });
    const other = await login();
    await expect(impostor.exchangeCode({ ...other, redirectUri: CALLBACK })).rejects.toMatchObject({
      error: 'invalid_client',
    });
    // The right client can still use that code: the failed attempt did not consume it.
    await expect(client.exchangeCode({ ...other, redirectUri: CALLBACK })).resolves.toMatchObject({
      tokenType: 'Bearer',
    });
  });

  it('rejects ID tokens with a wrong nonce, signature, algorithm, audience, issuer or expiry', async () => {
    const { code, nonce, codeVerifier } = await login();
    const { idToken } = await client.exchangeCode({ code, redirectUri: CALLBACK, codeVerifier });
    const reject = (token: string, n = nonce, now?: number) => {
      try {
        client.verifyIdToken(token, { nonce: n, ...(now !== undefined ? { now } : {}) });
        return 'accepted';
      } catch (error) {
        expect(error).toBeInstanceOf(LineLoginError);
        return (error as Error).message;
      }
    };
    expect(reject(idToken, randomToken())).toMatch(/nonce/);
    expect(reject(idToken, nonce, Date.now() + 2 * 3600_000)).toMatch(/expired/);
    const [h, p] = idToken.split('.') as [string, string];
    expect(reject(`${h}.${p}.${'A'.repeat(43)}`)).toMatch(/signature/);
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
    const none = `${Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')}.${p}.`;
    expect(reject(none)).toMatch(/algorithm/);
    expect(reject(signIdToken({ ...payload, aud: '999' }, CHANNEL.channelSecret))).toMatch(/audience/);
    expect(reject(signIdToken({ ...payload, iss: 'https://evil.example' }, CHANNEL.channelSecret))).toMatch(/issuer/);
    expect(reject(signIdToken(payload, 'another-secret'))).toMatch(/signature/);
    await expect(client.verifyIdTokenRemotely(idToken, { nonce: 'other' })).rejects.toMatchObject({
      errorDescription: 'Invalid IdToken Nonce.',
    });
  });

  it('sends the user back with ACCESS_DENIED when they cancel, and shows an error page for an unknown channel', async () => {
    const state = randomToken();
    const back = await consent(
      client.authorizeUrl({ redirectUri: CALLBACK, state, nonce: 'n', codeChallenge: pkceChallenge(randomToken()) }),
      'deny',
    );
    expect(back.searchParams.get('error')).toBe('ACCESS_DENIED');
    expect(back.searchParams.get('state')).toBe(state);

    const unknown = await fetch(
      `${sandbox.url}/oauth2/v2.1/authorize?response_type=code&client_id=42&redirect_uri=${encodeURIComponent(CALLBACK)}&state=s&scope=openid`,
    );
    expect(unknown.status).toBe(400);
    const badRedirect = await fetch(
      client.authorizeUrl({
        redirectUri: 'https://evil.example/cb',
        state: 's',
        nonce: 'n',
        codeChallenge: 'c'.repeat(43),
      }),
    );
    expect(badRedirect.status).toBe(400);
    const plain = new URL(
      client.authorizeUrl({ redirectUri: CALLBACK, state: 's', nonce: 'n', codeChallenge: 'c'.repeat(43) }),
    );
    plain.searchParams.set('code_challenge_method', 'plain');
    const refused = await fetch(plain, { redirect: 'manual' });
    expect(new URL(refused.headers.get('location')!).searchParams.get('error')).toBe('INVALID_REQUEST');
  });

  it('signs ID tokens as LINE does: HS256 with the channel secret', () => {
    const token = signIdToken({ sub: 'U1' }, 'secret');
    const [h, p, s] = token.split('.') as [string, string, string];
    expect(JSON.parse(Buffer.from(h, 'base64url').toString())).toEqual({ typ: 'JWT', alg: 'HS256' });
    expect(createHmac('sha256', 'secret').update(`${h}.${p}`).digest('base64url')).toBe(s);
  });
});
