import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/**
 * LINE Login v2.1 for a web app: the OAuth 2.0 authorization code flow with OpenID Connect and
 * PKCE (S256). developers.line.biz/en/docs/line-login/integrate-line-login and
 * /en/reference/line-login. Both hosts are configurable, so the sandbox stands in for LINE:
 * the browser is sent to `authorizeBaseUrl` (https://access.line.me), the server calls
 * `apiBaseUrl` (https://api.line.me).
 */

export const LINE_ID_TOKEN_ISSUER = 'https://access.line.me';
export const LINE_LOGIN_SCOPE = 'profile openid';

export interface LineLoginConfig {
  channelId: string;
  channelSecret: string;
  authorizeBaseUrl: string;
  apiBaseUrl: string;
  /** Tolerated clock difference with LINE when checking `exp` and `iat`, in seconds (default 60). */
  clockSkewSeconds?: number;
  fetch?: typeof fetch;
}

export interface LineLoginTokens {
  accessToken: string;
  expiresIn: number;
  idToken: string;
  refreshToken: string | undefined;
  scope: string;
  tokenType: string;
}

/** The claims of a verified ID token that we use. */
export interface LineIdTokenClaims {
  iss: string;
  /** The user's ID in this channel's provider. */
  sub: string;
  aud: string;
  exp: number;
  iat: number;
  nonce?: string | undefined;
  amr?: string[] | undefined;
  name?: string | undefined;
  picture?: string | undefined;
  email?: string | undefined;
}

export interface LineLoginProfile {
  userId: string;
  displayName: string;
  pictureUrl?: string | undefined;
  statusMessage?: string | undefined;
}

/** Anything LINE Login refused or failed at; `error` is the OAuth error code when LINE sent one. */
export class LineLoginError extends Error {
  override readonly name = 'LineLoginError';
  readonly status: number;
  readonly error: string | undefined;
  readonly errorDescription: string | undefined;
  constructor(
    message: string,
    init: { status?: number; error?: string; errorDescription?: string; cause?: unknown } = {},
  ) {
    super(message, { cause: init.cause });
    this.status = init.status ?? 0;
    this.error = init.error;
    this.errorDescription = init.errorDescription;
  }
}

const base64url = (buffer: Buffer) => buffer.toString('base64url');

/** A random URL-safe value with `bytes` bytes of entropy (state, nonce). */
export function randomToken(bytes = 32): string {
  return base64url(randomBytes(bytes));
}

/** RFC 7636: a 43-character code_verifier (32 random bytes) and its S256 code_challenge. */
export function createPkcePair(): { codeVerifier: string; codeChallenge: string } {
  const codeVerifier = randomToken(32);
  return { codeVerifier, codeChallenge: pkceChallenge(codeVerifier) };
}

export function pkceChallenge(codeVerifier: string): string {
  return base64url(createHash('sha256').update(codeVerifier, 'ascii').digest());
}

const tokenResponse = z.looseObject({
  access_token: z.string().min(1),
  expires_in: z.number(),
  id_token: z.string().min(1),
  refresh_token: z.string().optional(),
  scope: z.string().default(''),
  token_type: z.string().default('Bearer'),
});

const idTokenPayload = z.looseObject({
  iss: z.string(),
  sub: z.string().min(1),
  aud: z.union([z.string(), z.number()]).transform(String),
  exp: z.number(),
  iat: z.number(),
  nonce: z.string().optional(),
  amr: z.array(z.string()).optional(),
  name: z.string().optional(),
  picture: z.string().optional(),
  email: z.string().optional(),
});

const profileResponse = z.looseObject({
  userId: z.string().min(1),
  displayName: z.string(),
  pictureUrl: z.string().optional(),
  statusMessage: z.string().optional(),
});

const errorBody = z.looseObject({
  error: z.string().optional(),
  error_description: z.string().optional(),
  message: z.string().optional(),
});

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export interface LineLoginClient {
  readonly channelId: string;
  /** The URL to send the browser to (https://access.line.me/oauth2/v2.1/authorize?...). */
  authorizeUrl(input: {
    redirectUri: string;
    state: string;
    nonce: string;
    codeChallenge: string;
    uiLocales?: string;
  }): string;
  /** POST /oauth2/v2.1/token: the authorization code (single use, 10 minutes) for tokens. */
  exchangeCode(input: { code: string; redirectUri: string; codeVerifier: string }): Promise<LineLoginTokens>;
  /**
   * Verifies a web-login ID token here: HS256 with the channel secret, issuer, audience (our
   * channel), expiry, and the nonce this login attempt sent. Throws LineLoginError otherwise.
   */
  verifyIdToken(idToken: string, expected: { nonce: string; now?: number }): LineIdTokenClaims;
  /** POST /oauth2/v2.1/verify: LINE checks the ID token (the same checks, on LINE's side). */
  verifyIdTokenRemotely(idToken: string, expected: { nonce?: string; userId?: string }): Promise<LineIdTokenClaims>;
  /** GET /v2/profile with the user's access token. */
  getProfile(accessToken: string): Promise<LineLoginProfile>;
}

export function createLineLoginClient(config: LineLoginConfig): LineLoginClient {
  const http = config.fetch ?? fetch;
  const skew = config.clockSkewSeconds ?? 60;
  const apiUrl = (path: string) => `${config.apiBaseUrl.replace(/\/+$/, '')}${path}`;

  async function call(path: string, init: RequestInit): Promise<unknown> {
    let response: Response;
    try {
      response = await http(apiUrl(path), { ...init, signal: AbortSignal.timeout(10_000) });
    } catch (cause) {
      throw new LineLoginError(`LINE Login ${path}: no answer`, { cause });
    }
    const text = await response.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    if (!response.ok) {
      const parsed = errorBody.safeParse(body);
      const error = parsed.success ? parsed.data.error : undefined;
      const description = parsed.success ? (parsed.data.error_description ?? parsed.data.message) : undefined;
      throw new LineLoginError(`LINE Login ${path}: HTTP ${response.status}${description ? ` ${description}` : ''}`, {
        status: response.status,
        ...(error !== undefined ? { error } : {}),
        ...(description !== undefined ? { errorDescription: description } : {}),
      });
    }
    return body;
  }

  const form = (fields: Record<string, string | undefined>) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(fields)) if (value !== undefined) params.set(key, value);
    return params;
  };

  const toClaims = (payload: z.infer<typeof idTokenPayload>): LineIdTokenClaims => ({
    iss: payload.iss,
    sub: payload.sub,
    aud: payload.aud,
    exp: payload.exp,
    iat: payload.iat,
    nonce: payload.nonce,
    amr: payload.amr,
    name: payload.name,
    picture: payload.picture,
    email: payload.email,
  });

  return {
    channelId: config.channelId,

    authorizeUrl({ redirectUri, state, nonce, codeChallenge, uiLocales }) {
      const url = new URL('/oauth2/v2.1/authorize', config.authorizeBaseUrl);
      url.search = form({
        response_type: 'code',
        client_id: config.channelId,
        redirect_uri: redirectUri,
        state,
        scope: LINE_LOGIN_SCOPE,
        nonce,
        code_challenge: codeChallenge,
        code_challenge_method: 'S256',
        ui_locales: uiLocales,
      }).toString();
      return url.toString();
    },

    async exchangeCode({ code, redirectUri, codeVerifier }) {
      const body = await call('/oauth2/v2.1/token', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form({
          grant_type: 'authorization_code',
          code,
          redirect_uri: redirectUri,
          client_id: config.channelId,
          client_secret: config.channelSecret,
          code_verifier: codeVerifier,
        }),
      });
      const parsed = tokenResponse.safeParse(body);
      if (!parsed.success) throw new LineLoginError('LINE Login token response had no ID token');
      return {
        accessToken: parsed.data.access_token,
        expiresIn: parsed.data.expires_in,
        idToken: parsed.data.id_token,
        refreshToken: parsed.data.refresh_token,
        scope: parsed.data.scope,
        tokenType: parsed.data.token_type,
      };
    },

    verifyIdToken(idToken, expected) {
      const invalid = (why: string) => new LineLoginError(`ID token rejected: ${why}`, { error: 'invalid_id_token' });
      const parts = idToken.split('.');
      if (parts.length !== 3) throw invalid('not a JWT');
      const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
      let header: unknown;
      let payload: unknown;
      try {
        header = JSON.parse(Buffer.from(headerPart, 'base64url').toString('utf8'));
        payload = JSON.parse(Buffer.from(payloadPart, 'base64url').toString('utf8'));
      } catch {
        throw invalid('unreadable');
      }
      // Web login ID tokens are HS256, signed with the channel secret. Nothing else is accepted
      // (no "none", no algorithm the token chooses for itself).
      if (!header || typeof header !== 'object' || (header as { alg?: unknown }).alg !== 'HS256') {
        throw invalid('algorithm is not HS256');
      }
      const signature = createHmac('sha256', config.channelSecret)
        .update(`${headerPart}.${payloadPart}`)
        .digest('base64url');
      if (!safeEqual(signature, signaturePart)) throw invalid('bad signature');
      const claims = idTokenPayload.safeParse(payload);
      if (!claims.success) throw invalid('missing claims');
      const c = claims.data;
      const now = Math.floor((expected.now ?? Date.now()) / 1000);
      if (c.iss !== LINE_ID_TOKEN_ISSUER) throw invalid('issuer');
      if (c.aud !== config.channelId) throw invalid('audience');
      if (c.exp + skew < now) throw invalid('expired');
      if (c.iat - skew > now) throw invalid('issued in the future');
      if (c.nonce === undefined || !safeEqual(c.nonce, expected.nonce)) throw invalid('nonce');
      return toClaims(c);
    },

    async verifyIdTokenRemotely(idToken, expected) {
      const body = await call('/oauth2/v2.1/verify', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form({ id_token: idToken, client_id: config.channelId, nonce: expected.nonce, user_id: expected.userId }),
      });
      const parsed = idTokenPayload.safeParse(body);
      if (!parsed.success) throw new LineLoginError('LINE Login verify response was not an ID token payload');
      return toClaims(parsed.data);
    },

    async getProfile(accessToken) {
      const body = await call('/v2/profile', { headers: { authorization: `Bearer ${accessToken}` } });
      const parsed = profileResponse.safeParse(body);
      if (!parsed.success) throw new LineLoginError('LINE Login profile response was not a profile');
      return {
        userId: parsed.data.userId,
        displayName: parsed.data.displayName,
        pictureUrl: parsed.data.pictureUrl,
        statusMessage: parsed.data.statusMessage,
      };
    },
  };
}
