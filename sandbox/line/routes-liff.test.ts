import { createHash, randomBytes, webcrypto } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLineSandbox, type RunningSandbox } from './testing.ts';

/**
 * The LIFF login as the @line/liff SDK performs it outside LINE, step by step over HTTP: the
 * browser flow itself runs in Chromium in test/browser/storefront/liff-login.test.ts.
 */

let sandbox: RunningSandbox;
const ENDPOINT = 'http://127.0.0.1:9/shop/demo';

beforeAll(async () => {
  sandbox = await startLineSandbox();
});
afterAll(() => sandbox?.close());

const post = (path: string, body: unknown) =>
  fetch(`${sandbox.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
  redirect: 'manual' as const,
});

async function registerApp() {
  const response = await post('/_sandbox/liff-apps', { channelId: '2000000001', endpointUrl: ENDPOINT });
  expect(response.status).toBe(200);
  return (await response.json()) as { liffId: string; channelId: string };
}

describe('sandbox LIFF', () => {
  it('logs a person in with PKCE and no secret, and gives an ES256 ID token the JWKS verifies', async () => {
    const app = await registerApp();
    expect(app.liffId).toMatch(/^2000000001-[A-Za-z0-9]{8}$/);
    const user = (await (await post('/_sandbox/users', { displayName: '小美' })).json()) as { userId: string };
    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const query = new URLSearchParams({
      app_id: app.liffId,
      state: 'st4te',
      response_type: 'code',
      code_challenge_method: 'S256',
      code_challenge: challenge,
    });
    const consent = await fetch(`${sandbox.url}/liff/v1/authorize?${query}`);
    expect(consent.status).toBe(200);
    const page = await consent.text();
    expect(page).toContain(`name="liff_app_id" value="${app.liffId}"`);
    expect(page).toContain(`name="redirect_uri" value="${ENDPOINT}"`);

    const hidden = Object.fromEntries(
      [...page.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1]!, m[2]!]),
    );
    const approved = await fetch(
      `${sandbox.url}/oauth2/v2.1/authorize`,
      form({ ...hidden, userId: user.userId, decision: 'allow' }),
    );
    expect(approved.status).toBe(302);
    const back = new URL(approved.headers.get('location')!);
    expect(`${back.origin}${back.pathname}`).toBe(ENDPOINT);
    expect(back.searchParams.get('state')).toBe('st4te');
    expect(back.searchParams.get('liffClientId')).toBe('2000000001');
    expect(back.searchParams.get('liffRedirectUri')).toBe(ENDPOINT);

    const exchange = (codeVerifier: string) =>
      fetch(`${sandbox.url}/oauth2/v2.1/token`, {
        ...form({
          grant_type: 'authorization_code',
          client_id: '2000000001',
          appId: app.liffId,
          code: back.searchParams.get('code')!,
          code_verifier: codeVerifier,
          redirect_uri: ENDPOINT,
          id_token_key_type: 'JWK',
        }),
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://127.0.0.1:9' },
      });
    expect((await (await exchange(randomBytes(32).toString('base64url'))).json()).error).toBe('invalid_grant');
    const tokens = await exchange(verifier);
    expect(tokens.status).toBe(200);
    expect(tokens.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:9');
    const { id_token: idToken, access_token: accessToken } = (await tokens.json()) as {
      id_token: string;
      access_token: string;
    };

    // Verified as the SDK does: the JWKS key named by `kid`, ECDSA P-256.
    const [header, payload, signature] = idToken.split('.') as [string, string, string];
    const head = JSON.parse(Buffer.from(header, 'base64url').toString()) as { alg: string; kid: string };
    expect(head.alg).toBe('ES256');
    const jwks = (await (await fetch(`${sandbox.url}/oauth2/v2.1/certs`)).json()) as {
      keys: (JsonWebKey & { kid: string })[];
    };
    const jwk = jwks.keys.find((key) => key.kid === head.kid)!;
    const key = await webcrypto.subtle.importKey('jwk', jwk, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
    const valid = await webcrypto.subtle.verify(
      { name: 'ECDSA', hash: 'SHA-256' },
      key,
      Buffer.from(signature, 'base64url'),
      Buffer.from(`${header}.${payload}`),
    );
    expect(valid).toBe(true);
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    // The LIFF channel sits in the shops' provider: the same user ID the shop's chat sees.
    expect(claims).toMatchObject({ iss: 'https://access.line.me', aud: '2000000001', sub: user.userId, name: '小美' });

    // A server verifies it at LINE's endpoint with the channel ID.
    const verified = await fetch(
      `${sandbox.url}/oauth2/v2.1/verify`,
      form({ id_token: idToken, client_id: '2000000001' }),
    );
    expect(await verified.json()).toMatchObject({ sub: user.userId });
    const otherAudience = await fetch(
      `${sandbox.url}/oauth2/v2.1/verify`,
      form({ id_token: idToken, client_id: '2000000002' }),
    );
    expect(otherAudience.status).toBe(400);
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...claims, sub: 'Uevil' })).toString('base64url')}.${signature}`;
    const forgedAnswer = await fetch(
      `${sandbox.url}/oauth2/v2.1/verify`,
      form({ id_token: forged, client_id: '2000000001' }),
    );
    expect(await forgedAnswer.json()).toMatchObject({ error_description: 'Invalid IdToken.' });

    // The context token carries the viewer once the SDK sends its access token.
    const context = await fetch(`${sandbox.url}/liff/v2/apps/${app.liffId}/contextToken`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    const { contextToken } = (await context.json()) as { contextToken: string };
    const decoded = JSON.parse(Buffer.from(contextToken.split('.')[1]!, 'base64url').toString()) as Record<
      string,
      unknown
    >;
    expect(decoded).toMatchObject({ type: 'external', liffId: app.liffId, endpointUrl: ENDPOINT, userId: user.userId });
  });

  it('refuses a LIFF token exchange without the PKCE verifier, and a redirect outside the endpoint', async () => {
    const app = await registerApp();
    const query = (redirect: string) =>
      new URLSearchParams({
        app_id: app.liffId,
        state: 's',
        response_type: 'code',
        code_challenge_method: 'S256',
        code_challenge: 'a'.repeat(43),
        redirect_uri: redirect,
      });
    expect((await fetch(`${sandbox.url}/liff/v1/authorize?${query('https://evil.example/x')}`)).status).toBe(400);
    const noPkce = await fetch(`${sandbox.url}/liff/v1/authorize?app_id=${app.liffId}&state=s&response_type=code`);
    expect(noPkce.status).toBe(400);
  });

  it('turns a permanent link on liff.line.me into the endpoint URL with liff.state', async () => {
    const app = await registerApp();
    // fetch() will not send another Host: as a browser with liff.line.me mapped here would.
    const response = await sandbox.app.inject({
      url: `/${app.liffId}/products/42?ref=share`,
      headers: { host: 'liff.line.me' },
    });
    expect(response.statusCode).toBe(302);
    const target = new URL(response.headers.location as string);
    expect(`${target.origin}${target.pathname}`).toBe(ENDPOINT);
    expect(target.searchParams.get('liff.state')).toBe('/products/42?ref=share');
    // Elsewhere the path is nobody's.
    expect((await fetch(`${sandbox.url}/${app.liffId}`)).status).toBe(404);
  });
});
