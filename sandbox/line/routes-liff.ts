import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { renderConsentPage, renderLoginErrorPage } from './login-pages.ts';
import { SHOPS_PROVIDER_ID } from './routes-login.ts';
import type { SandboxLiffApp, SandboxStore } from './store.ts';

/**
 * LIFF as the unmodified @line/liff SDK meets it in an external browser
 * (developers.line.biz/en/reference/liff): access.line.me/liff/v1/authorize (the login it
 * redirects to, then back to the app with `code` and `liffClientId`), the token exchange
 * (routes-login.ts, a public client with PKCE and ES256 ID tokens), the JWKS the SDK verifies
 * ID tokens with, the app's context token, and liff.line.me permanent links. The SDK calls
 * https://api.line.me and friends by name, so a browser reaches these through the sandbox's
 * HTTPS front (tls-front.ts) with those hosts mapped to it.
 */

const LIFF_SCOPES = ['openid', 'profile', 'chat_message.write', 'email'] as const;

const liffAppInput = z.object({
  /** The LINE Login channel the app sits on; created (in the shops' provider) when new. */
  channelId: z.string().regex(/^\d{1,20}$/),
  channelSecret: z.string().min(8).optional(),
  /** Defaults to `<channelId>-<8 characters>`. */
  liffId: z
    .string()
    .regex(/^\d{1,20}-[A-Za-z0-9]{8}$/)
    .optional(),
  // LINE requires https; the sandbox also takes http for pages served on this machine.
  endpointUrl: z.url({ protocol: /^https?$/ }),
  viewType: z.enum(['compact', 'tall', 'full']).default('full'),
  description: z.string().min(1).max(50).default('LIFF app'),
  scope: z.array(z.enum(LIFF_SCOPES)).min(1).default(['openid', 'profile']),
  botPrompt: z.enum(['normal', 'aggressive', 'none']).default('normal'),
});

const authorizeQuery = z.object({
  app_id: z.string().min(1),
  state: z.string().min(1),
  response_type: z.literal('code'),
  code_challenge_method: z.literal('S256'),
  code_challenge: z.string().regex(/^[A-Za-z0-9_-]{43,128}$/),
  redirect_uri: z.string().optional(),
});

/** The LIFF endpoints the SDK fetches from the page's own origin. */
const CORS_PATHS = ['/oauth2/v2.1/token', '/oauth2/v2.1/verify', '/oauth2/v2.1/certs', '/liff/v2/', '/v2/profile'];

/** Whether `url` is the endpoint URL or below it: LINE sends a LIFF login back nowhere else. */
function underEndpoint(app: SandboxLiffApp, url: string): boolean {
  try {
    const target = new URL(url);
    const endpoint = new URL(app.view.url);
    return target.origin === endpoint.origin && target.pathname.startsWith(endpoint.pathname.replace(/\/$/, ''));
  } catch {
    return false;
  }
}

/** What liff.getContext() answers in an external browser, as the context token's payload. */
function contextFor(app: SandboxLiffApp, userId: string | null) {
  return {
    type: 'external',
    liffId: app.liffId,
    endpointUrl: app.view.url,
    permanentLinkPattern: 'concat',
    viewType: app.view.type,
    scope: app.scope,
    ...(userId ? { userId } : {}),
    availability: {
      shareTargetPicker: { permission: true, minVer: '10.3.0' },
      multipleLiffTransition: { permission: true, minVer: '10.18.0' },
    },
    menuColorSetting: {
      adaptableColorSchemes: ['light'],
      lightModeColor: {
        iconColor: '#111111',
        statusBarColor: 'black',
        titleTextColor: '#111111',
        titleSubtextColor: '#B7B7B7',
        titleButtonColor: '#111111',
        titleBackgroundColor: '#FFFFFF',
        progressBarColor: '#06C755',
        progressBackgroundColor: '#FFFFFF',
      },
    },
  };
}

export function registerLiffRoutes(app: FastifyInstance, store: SandboxStore): void {
  // CORS: the SDK runs on the shop's origin and calls api.line.me directly.
  app.addHook('onRequest', async (request, reply) => {
    const origin = request.headers.origin;
    if (!origin || !CORS_PATHS.some((path) => request.url.startsWith(path))) return;
    reply.header('access-control-allow-origin', origin).header('vary', 'Origin');
    if (request.method === 'OPTIONS') {
      return reply
        .code(204)
        .header('access-control-allow-methods', 'GET, POST')
        .header('access-control-allow-headers', 'authorization, content-type, accept')
        .header('access-control-max-age', '600')
        .send();
    }
  });

  // Control: register a LIFF app (what the LINE Developers console's LIFF tab does).
  app.post('/_sandbox/liff-apps', async (request, reply) => {
    const parsed = liffAppInput.safeParse(request.body);
    if (!parsed.success)
      return reply.code(400).send({ message: 'Invalid sandbox request', issues: z.treeifyError(parsed.error) });
    const input = parsed.data;
    if (!store.loginChannels.has(input.channelId)) {
      store.loginChannels.set(input.channelId, {
        channelId: input.channelId,
        channelSecret: input.channelSecret ?? randomBytes(16).toString('hex'),
        callbackUrls: [],
        name: input.description,
        providerId: SHOPS_PROVIDER_ID,
      });
    }
    const liffApp: SandboxLiffApp = {
      liffId: input.liffId ?? `${input.channelId}-${randomBytes(6).toString('base64url').replace(/[-_]/g, 'x')}`,
      channelId: input.channelId,
      view: { type: input.viewType, url: input.endpointUrl },
      description: input.description,
      scope: input.scope,
      botPrompt: input.botPrompt,
    };
    store.liffApps.set(liffApp.liffId, liffApp);
    return liffApp;
  });

  app.get('/_sandbox/liff-apps', async () => [...store.liffApps.values()]);

  // access.line.me: liff.login() comes here; the person picks a LINE user on the consent screen.
  app.get('/liff/v1/authorize', async (request, reply) => {
    const query = authorizeQuery.safeParse(request.query);
    const liffApp = query.success ? store.liffApps.get(query.data.app_id) : undefined;
    const channel = liffApp ? store.loginChannels.get(liffApp.channelId) : undefined;
    if (!query.success || !liffApp || !channel)
      return loginError(reply, 'Invalid LIFF login request: unknown app_id or missing PKCE.');
    const redirectUri = query.data.redirect_uri ?? liffApp.view.url;
    if (!underEndpoint(liffApp, redirectUri))
      return loginError(reply, 'Invalid redirect_uri: it is not under the LIFF endpoint URL.');
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(
        renderConsentPage({
          channel,
          params: {
            response_type: 'code',
            client_id: channel.channelId,
            redirect_uri: redirectUri,
            state: query.data.state,
            scope: liffApp.scope.join(' '),
            code_challenge: query.data.code_challenge,
            code_challenge_method: 'S256',
            liff_app_id: liffApp.liffId,
          },
          users: [...store.users.values()].sort((a, b) => a.displayName.localeCompare(b.displayName, 'zh-Hant')),
        }),
      );
  });

  // api.line.me: the keys LIFF ID tokens are signed with.
  app.get('/oauth2/v2.1/certs', async (_request, reply) =>
    reply.header('cache-control', 'max-age=3600').send(store.idTokenKeys.jwks()),
  );

  // api.line.me: the app's context, with the viewer's user ID when the SDK sends its access token.
  app.get<{ Params: { liffId: string } }>('/liff/v2/apps/:liffId/contextToken', async (request, reply) => {
    const liffApp = store.liffApps.get(request.params.liffId);
    if (!liffApp) return reply.code(404).send({ message: 'Not found' });
    const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    const token = bearer ? store.loginAccessTokens.get(bearer) : undefined;
    if (bearer && (!token || token.expiresAt < Date.now() || token.channelId !== liffApp.channelId)) {
      return reply.code(401).send({ message: 'invalid access token' });
    }
    const userId = token ? token.userId : null;
    return { contextToken: store.idTokenKeys.sign(contextFor(liffApp, userId)) };
  });

  // liff.line.me/{liffId}/path?query: the permanent link, opened outside LINE, goes to the
  // endpoint URL carrying the rest in `liff.state`, which liff.init() turns back into the page.
  const permanentLink = async (
    request: { params: { liffId: string; '*'?: string }; url: string },
    reply: FastifyReply,
  ) => {
    const liffApp = store.liffApps.get(request.params.liffId);
    if (!liffApp)
      return reply.code(404).type('text/html; charset=utf-8').send(renderLoginErrorPage('這個 LIFF 連結不存在。'));
    const rest = request.params['*'] ?? '';
    const search = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
    const target = new URL(liffApp.view.url);
    if (rest || search) target.searchParams.set('liff.state', `${rest ? `/${rest}` : ''}${search}`);
    return reply.redirect(target.toString(), 302);
  };
  const onLiffHost = { constraints: { host: 'liff.line.me' } };
  app.get<{ Params: { liffId: string } }>('/:liffId', onLiffHost, permanentLink);
  app.get<{ Params: { liffId: string; '*': string } }>('/:liffId/*', onLiffHost, permanentLink);
}

function loginError(reply: FastifyReply, message: string) {
  return reply.code(400).type('text/html; charset=utf-8').send(renderLoginErrorPage(message));
}
