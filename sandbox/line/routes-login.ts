import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { MSG } from './line-errors.ts';
import { newUserId } from './ids.ts';
import { renderConsentPage, renderLoginErrorPage } from './login-pages.ts';
import type { SandboxLoginChannel, SandboxStore, SandboxUser } from './store.ts';

/**
 * LINE Login v2.1 (developers.line.biz/en/reference/line-login): the authorization endpoint of
 * access.line.me with a consent screen where a person picks a sandbox user and approves, and
 * api.line.me's token, verify and profile endpoints. Web-login ID tokens are HS256 JWTs signed
 * with the channel secret; PKCE S256 is checked at the token endpoint.
 */

export const ID_TOKEN_ISSUER = 'https://access.line.me';
export const AUTH_CODE_TTL_MS = 10 * 60_000;
export const ACCESS_TOKEN_TTL_S = 30 * 24 * 3600;
export const ID_TOKEN_TTL_S = 3600;
export const DEFAULT_PROVIDER_ID = 'jiayi-provider';
/**
 * The provider the shops' Messaging API channels sit in: a Login channel there (a shop's LIFF
 * apps) sees the same user IDs as the shop's chat webhooks.
 */
export const SHOPS_PROVIDER_ID = 'shops-provider';

/** The ID a LINE user has under a provider: stable there, different under every other provider. */
export function loginUserIdFor(providerId: string, userId: string): string {
  if (providerId === SHOPS_PROVIDER_ID) return userId;
  return `U${createHash('sha256').update(`${providerId}\n${userId}`).digest('hex').slice(0, 32)}`;
}

const loginChannelSchema = z.object({
  channelId: z.string().regex(/^\d{1,20}$/),
  channelSecret: z.string().min(8),
  callbackUrls: z.array(z.url()).default([]),
  name: z.string().min(1).default('加一 Jiayi'),
  providerId: z.string().min(1).default(DEFAULT_PROVIDER_ID),
});

export function parseLoginChannel(input: unknown): SandboxLoginChannel {
  return loginChannelSchema.parse(input);
}

/** The authorization request's query (or the consent form's hidden fields). */
type AuthorizeParams = {
  response_type?: string;
  client_id?: string;
  redirect_uri?: string;
  state?: string;
  scope?: string;
  nonce?: string;
  code_challenge?: string;
  code_challenge_method?: string;
  ui_locales?: string;
  /** Set by access.line.me/liff/v1/authorize: the login is a LIFF app's (routes-liff.ts). */
  liff_app_id?: string;
};

const AUTHORIZE_KEYS = [
  'response_type',
  'client_id',
  'redirect_uri',
  'state',
  'scope',
  'nonce',
  'code_challenge',
  'code_challenge_method',
  'ui_locales',
  'liff_app_id',
] as const;

function pickAuthorizeParams(source: Record<string, unknown>): AuthorizeParams {
  const params: AuthorizeParams = {};
  for (const key of AUTHORIZE_KEYS) {
    const value = source[key];
    if (typeof value === 'string') params[key] = value;
  }
  return params;
}

function redirectUriAllowed(channel: SandboxLoginChannel, redirectUri: string): boolean {
  let url: URL;
  try {
    url = new URL(redirectUri);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  if (channel.callbackUrls.length === 0) return true;
  // "You can add any query parameter": the registered URL without its query must match.
  const bare = `${url.origin}${url.pathname}`;
  return channel.callbackUrls.some((registered) => {
    const r = new URL(registered);
    return `${r.origin}${r.pathname}` === bare;
  });
}

type Checked =
  | { kind: 'page-error'; message: string }
  | { kind: 'redirect-error'; redirectUri: string; error: string; description: string; state: string | undefined }
  | {
      kind: 'ok';
      channel: SandboxLoginChannel;
      params: Required<Pick<AuthorizeParams, 'client_id' | 'redirect_uri' | 'state' | 'scope'>> & AuthorizeParams;
    };

const CODE_CHALLENGE = /^[A-Za-z0-9_-]{43,128}$/;
const CODE_VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;

/** LINE's checks on an authorization request, in LINE's order: client and callback first (an error page), then the rest (a redirect with `error`). */
function checkAuthorizeRequest(store: SandboxStore, params: AuthorizeParams): Checked {
  const channel = params.client_id ? store.loginChannels.get(params.client_id) : undefined;
  if (!channel) return { kind: 'page-error', message: 'Invalid client_id: no LINE Login channel has this ID.' };
  if (!params.redirect_uri || !redirectUriAllowed(channel, params.redirect_uri)) {
    return {
      kind: 'page-error',
      message: 'Invalid redirect_uri: it does not match a callback URL registered for the channel.',
    };
  }
  const fail = (error: string, description: string): Checked => ({
    kind: 'redirect-error',
    redirectUri: params.redirect_uri!,
    error,
    description,
    state: params.state,
  });
  if (params.response_type !== 'code') return fail('UNSUPPORTED_RESPONSE_TYPE', 'response_type must be code');
  const scopes = (params.scope ?? '').split(' ').filter(Boolean);
  if (!scopes.includes('profile') && !scopes.includes('openid'))
    return fail('INVALID_SCOPE', 'profile or openid is required');
  if (scopes.includes('email') && !scopes.includes('openid')) return fail('INVALID_SCOPE', 'email requires openid');
  if (!params.state) return fail('INVALID_REQUEST', 'state is required');
  if (params.code_challenge !== undefined || params.code_challenge_method !== undefined) {
    if (params.code_challenge_method !== 'S256') return fail('INVALID_REQUEST', 'code_challenge_method must be S256');
    if (!params.code_challenge || !CODE_CHALLENGE.test(params.code_challenge)) {
      return fail('INVALID_REQUEST', 'code_challenge is invalid');
    }
  }
  return {
    kind: 'ok',
    channel,
    params: {
      ...params,
      client_id: channel.channelId,
      redirect_uri: params.redirect_uri,
      state: params.state,
      scope: scopes.join(' '),
    },
  };
}

function redirectWith(
  reply: FastifyReply,
  redirectUri: string,
  query: Record<string, string | undefined>,
): FastifyReply {
  const url = new URL(redirectUri);
  for (const [key, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(key, value);
  return reply.redirect(url.toString(), 302);
}

function base64urlJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** An HS256 JWT signed with the channel secret, as LINE signs web-login ID tokens. */
export function signIdToken(payload: Record<string, unknown>, channelSecret: string): string {
  const head = `${base64urlJson({ typ: 'JWT', alg: 'HS256' })}.${base64urlJson(payload)}`;
  return `${head}.${createHmac('sha256', channelSecret).update(head).digest('base64url')}`;
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

const oauthError = (reply: FastifyReply, status: number, error: string, description: string) =>
  reply.code(status).type('application/json').send({ error, error_description: description });

const tokenForm = z.object({
  grant_type: z.string().optional(),
  code: z.string().optional(),
  redirect_uri: z.string().optional(),
  client_id: z.string().optional(),
  client_secret: z.string().optional(),
  code_verifier: z.string().optional(),
  /** The LIFF SDK's token request names its app. */
  appId: z.string().optional(),
  id_token_key_type: z.string().optional(),
});

const verifyForm = z.object({
  id_token: z.string().optional(),
  client_id: z.string().optional(),
  nonce: z.string().optional(),
  user_id: z.string().optional(),
});

export function registerLoginRoutes(app: FastifyInstance, store: SandboxStore): void {
  // LINE Login's endpoints take HTML-form bodies.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });

  const usersForConsent = (): SandboxUser[] =>
    [...store.users.values()].sort((a, b) => a.displayName.localeCompare(b.displayName, 'zh-Hant'));

  // access.line.me: the login and consent screen.
  app.get('/oauth2/v2.1/authorize', async (request, reply) => {
    const params = pickAuthorizeParams(request.query as Record<string, unknown>);
    const checked = checkAuthorizeRequest(store, params);
    if (checked.kind === 'page-error') {
      return reply.code(400).type('text/html; charset=utf-8').send(renderLoginErrorPage(checked.message));
    }
    if (checked.kind === 'redirect-error') {
      return redirectWith(reply, checked.redirectUri, {
        error: checked.error,
        error_description: checked.description,
        state: checked.state,
      });
    }
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(renderConsentPage({ channel: checked.channel, params: checked.params, users: usersForConsent() }));
  });

  // The consent form: the person picked a user (or typed a new name) and approved or cancelled.
  app.post('/oauth2/v2.1/authorize', async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const params = pickAuthorizeParams(body);
    const checked = checkAuthorizeRequest(store, params);
    if (checked.kind === 'page-error') {
      return reply.code(400).type('text/html; charset=utf-8').send(renderLoginErrorPage(checked.message));
    }
    if (checked.kind === 'redirect-error') {
      return redirectWith(reply, checked.redirectUri, {
        error: checked.error,
        error_description: checked.description,
        state: checked.state,
      });
    }
    const { channel, params: p } = checked;
    if (body.decision !== 'allow') {
      return redirectWith(reply, p.redirect_uri, {
        error: 'ACCESS_DENIED',
        error_description: 'The resource owner denied the request.',
        state: p.state,
      });
    }
    let user: SandboxUser | undefined;
    const newName = typeof body.newUserName === 'string' ? body.newUserName.trim() : '';
    if (newName) {
      user = { userId: newUserId(), displayName: newName.slice(0, 20) };
      store.users.set(user.userId, user);
    } else if (typeof body.userId === 'string') {
      user = store.users.get(body.userId);
    }
    if (!user) {
      return reply
        .code(400)
        .type('text/html; charset=utf-8')
        .send(
          renderConsentPage({
            channel,
            params: p,
            users: usersForConsent(),
            problem: '請選擇一位 LINE 使用者，或輸入新使用者的名稱。',
          }),
        );
    }
    const code = randomBytes(15).toString('base64url');
    store.authCodes.set(code, {
      code,
      channelId: channel.channelId,
      redirectUri: p.redirect_uri,
      userId: user.userId,
      scope: p.scope,
      ...(p.nonce !== undefined ? { nonce: p.nonce } : {}),
      ...(p.code_challenge !== undefined ? { codeChallenge: p.code_challenge } : {}),
      ...(p.liff_app_id !== undefined ? { liffAppId: p.liff_app_id } : {}),
      expiresAt: Date.now() + AUTH_CODE_TTL_MS,
    });
    // A LIFF login lands on the app's page, where liff.init() reads these to finish it.
    const liff =
      p.liff_app_id !== undefined ? { liffClientId: channel.channelId, liffRedirectUri: p.redirect_uri } : {};
    return redirectWith(reply, p.redirect_uri, { code, state: p.state, ...liff });
  });

  // api.line.me: issue access token (authorization_code grant).
  app.post('/oauth2/v2.1/token', async (request, reply) => {
    const form = tokenForm.safeParse(request.body ?? {});
    if (!form.success) return oauthError(reply, 400, 'invalid_request', 'invalid request');
    const f = form.data;
    if (f.grant_type !== 'authorization_code')
      return oauthError(reply, 400, 'unsupported_grant_type', 'unsupported grant_type');
    const channel = f.client_id ? store.loginChannels.get(f.client_id) : undefined;
    const now = Date.now();
    const record = f.code ? store.authCodes.get(f.code) : undefined;
    // The LIFF SDK is a public client: no secret, PKCE instead (checked below).
    const liffApp = record?.liffAppId !== undefined ? store.liffApps.get(record.liffAppId) : undefined;
    const publicClient = liffApp !== undefined && f.appId === liffApp.liffId && record?.codeChallenge !== undefined;
    if (!channel || (!publicClient && (!f.client_secret || !safeEqual(f.client_secret, channel.channelSecret)))) {
      return oauthError(reply, 400, 'invalid_client', 'invalid client');
    }
    if (!record || record.usedAt !== undefined || now > record.expiresAt || record.channelId !== channel.channelId) {
      return oauthError(reply, 400, 'invalid_grant', 'invalid authorization code');
    }
    if (f.redirect_uri !== record.redirectUri)
      return oauthError(reply, 400, 'invalid_grant', 'redirect_uri does not match');
    if (record.codeChallenge !== undefined) {
      const verifier = f.code_verifier ?? '';
      const challenge = createHash('sha256').update(verifier, 'ascii').digest('base64url');
      if (!CODE_VERIFIER.test(verifier) || !safeEqual(challenge, record.codeChallenge)) {
        return oauthError(reply, 400, 'invalid_grant', 'invalid code_verifier');
      }
    }
    record.usedAt = now;
    const user = store.users.get(record.userId);
    const sub = loginUserIdFor(channel.providerId, record.userId);
    const accessToken = randomBytes(32).toString('base64url');
    store.loginAccessTokens.set(accessToken, {
      token: accessToken,
      channelId: channel.channelId,
      userId: record.userId,
      scope: record.scope,
      expiresAt: now + ACCESS_TOKEN_TTL_S * 1000,
    });
    const scopes = record.scope.split(' ');
    const iat = Math.floor(now / 1000);
    const claims = {
      iss: ID_TOKEN_ISSUER,
      sub,
      aud: channel.channelId,
      exp: iat + ID_TOKEN_TTL_S,
      iat,
      ...(record.nonce !== undefined ? { nonce: record.nonce } : {}),
      amr: ['linesso'],
      ...(scopes.includes('profile') && user
        ? { name: user.displayName, ...(user.pictureUrl !== undefined ? { picture: user.pictureUrl } : {}) }
        : {}),
    };
    // LIFF and the native SDKs get ES256 tokens (keys at /oauth2/v2.1/certs); web login HS256.
    const idToken = !scopes.includes('openid')
      ? undefined
      : liffApp !== undefined
        ? store.idTokenKeys.sign(claims)
        : signIdToken(claims, channel.channelSecret);
    return reply.header('cache-control', 'no-store').send({
      access_token: accessToken,
      expires_in: ACCESS_TOKEN_TTL_S,
      ...(idToken !== undefined ? { id_token: idToken } : {}),
      refresh_token: randomBytes(15).toString('base64url'),
      scope: record.scope,
      token_type: 'Bearer',
    });
  });

  // api.line.me: verify ID token.
  app.post('/oauth2/v2.1/verify', async (request, reply) => {
    const form = verifyForm.safeParse(request.body ?? {});
    const f = form.success ? form.data : {};
    const channel = f.client_id ? store.loginChannels.get(f.client_id) : undefined;
    if (!f.id_token || !f.client_id)
      return oauthError(reply, 400, 'invalid_request', 'id_token and client_id are required');
    const parts = f.id_token.split('.');
    let payload: Record<string, unknown> | null = null;
    if (parts.length === 3) {
      try {
        payload = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
      } catch {
        payload = null;
      }
    }
    const signedBy = (secret: string) =>
      safeEqual(createHmac('sha256', secret).update(`${parts[0]}.${parts[1]}`).digest('base64url'), parts[2] ?? '');
    // The token may come from another channel: find the channel whose secret signed it, or LINE's ES256 key.
    const signed =
      payload !== null &&
      (store.idTokenKeys.verify(f.id_token) ||
        [...store.loginChannels.values()].some((ch) => signedBy(ch.channelSecret)));
    if (!payload || !signed) return oauthError(reply, 400, 'invalid_request', 'Invalid IdToken.');
    if (payload.iss !== ID_TOKEN_ISSUER) return oauthError(reply, 400, 'invalid_request', 'Invalid IdToken Issuer.');
    if (typeof payload.exp !== 'number' || payload.exp * 1000 < Date.now()) {
      return oauthError(reply, 400, 'invalid_request', 'IdToken expired.');
    }
    if (!channel || payload.aud !== channel.channelId)
      return oauthError(reply, 400, 'invalid_request', 'Invalid IdToken Audience.');
    if (f.nonce !== undefined && payload.nonce !== f.nonce)
      return oauthError(reply, 400, 'invalid_request', 'Invalid IdToken Nonce.');
    if (f.user_id !== undefined && payload.sub !== f.user_id) {
      return oauthError(reply, 400, 'invalid_request', 'Invalid IdToken Subject Identifier.');
    }
    return payload;
  });

  // api.line.me: verify access token validity.
  app.get('/oauth2/v2.1/verify', async (request, reply) => {
    const token = (request.query as { access_token?: unknown }).access_token;
    const record = typeof token === 'string' ? store.loginAccessTokens.get(token) : undefined;
    if (!record) return oauthError(reply, 400, 'invalid_request', 'access token invalid');
    const remaining = Math.floor((record.expiresAt - Date.now()) / 1000);
    if (remaining <= 0) return oauthError(reply, 400, 'invalid_request', 'access token expired');
    return { scope: record.scope, client_id: record.channelId, expires_in: remaining };
  });

  // api.line.me: verify a short-lived or long-lived Messaging API channel access token.
  app.post('/v2/oauth/verify', async (request, reply) => {
    const body = request.body as { access_token?: unknown } | undefined;
    const token = typeof body?.access_token === 'string' ? body.access_token : '';
    const channel = token ? store.channelByToken(token) : undefined;
    if (!channel) return oauthError(reply, 400, 'invalid_request', 'invalid access token');
    return { client_id: channel.channelId, expires_in: 2_592_000 * 12 * 10, scope: 'P CM' };
  });

  // api.line.me: get user profile (LINE Login access token).
  app.get('/v2/profile', async (request, reply) => {
    const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
    const record = match ? store.loginAccessTokens.get(match[1]!) : undefined;
    if (!record || record.expiresAt < Date.now()) {
      return reply.code(401).type('application/json').send({ message: MSG.authFailed });
    }
    const channel = store.loginChannels.get(record.channelId);
    const user = store.users.get(record.userId);
    if (!channel || !user || !record.scope.split(' ').includes('profile')) {
      return reply.code(403).type('application/json').send({ message: 'The access token has no profile scope.' });
    }
    return {
      userId: loginUserIdFor(channel.providerId, user.userId),
      displayName: user.displayName,
      ...(user.pictureUrl !== undefined ? { pictureUrl: user.pictureUrl } : {}),
      ...(user.statusMessage !== undefined ? { statusMessage: user.statusMessage } : {}),
    };
  });

  // Control: register LINE Login channels (what the LINE Developers console does).
  app.post('/_sandbox/login-channels', async (request, reply) => {
    const parsed = loginChannelSchema.safeParse(request.body);
    if (!parsed.success)
      return reply.code(400).send({ message: 'Invalid sandbox request', issues: z.treeifyError(parsed.error) });
    store.loginChannels.set(parsed.data.channelId, parsed.data);
    return {
      channelId: parsed.data.channelId,
      name: parsed.data.name,
      callbackUrls: parsed.data.callbackUrls,
      providerId: parsed.data.providerId,
    };
  });

  app.get('/_sandbox/login-channels', async () =>
    [...store.loginChannels.values()].map(({ channelSecret: _secret, ...rest }) => rest),
  );
}
