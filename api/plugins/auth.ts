import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { ShopKind } from '../../domain/restaurant/shop-kind.ts';
import { can, type Need, type PageKey, type Permissions, type Role } from '../../domain/team/permissions.ts';
import { pageLabel } from '../team/page-labels.ts';
import { canWrite } from '../../domain/billing/access.ts';
import type { PlanFeature } from '../../domain/billing/features.ts';
import { findShopEntitlements, shopHasFeature } from '../../db/billing/subscriptions.ts';
import { auditEntry, writeAudit } from '../team/auth/audit.ts';
import { safeEqual } from '../team/auth/crypto.ts';
import { findMembership } from '../team/auth/memberships.ts';
import { createAuthService, type AuthService } from '../team/auth/service.ts';
import { anonymousCsrfToken, sessionCsrfToken, type SessionInfo, type SessionUser } from '../team/auth/sessions.ts';
import type { ServerDeps } from '../deps.ts';
import type { RouteDoc } from './openapi-document.ts';
import { TENANT_PREFIX, tenantParams } from '../tenant-scope.ts';

/**
 * Sign-in for the whole server: cookies, the session behind them, CSRF on every state-changing
 * request, the permission guard for admin routes, and the audit line for every admin action.
 *
 * How a route of the admin plugs in: its business area's index.ts mounts the route file in a tenantScope
 * (api/tenant-scope.ts), so its paths are relative to /api/t/:tenant:
 *
 *   app.get('/products', { preHandler: requirePage('products', 'view') }, async (request) => {
 *     const { tenant, member } = tenantAuth(request);   // tenant.id scopes every query
 *     ...
 *   });
 *   app.post('/products', { preHandler: requirePage('products', 'manage') }, async (request) => {
 *     await db.$transaction(async (tx) => {
 *       ...the change...
 *       await writeAudit(tx, auditEntry(request, { action: 'product.create', targetType: 'product', targetId: id }));
 *     });
 *   });
 *
 * The guard answers 401 without a session, 404 when the shop does not exist *or* the person is
 * not a member of it (the same body: another shop's existence is not revealed), and 403 when
 * they may not use the page; a `:tenant` that is not slug-shaped is an unknown shop. Every route
 * under /api/t/:tenant/ names the admin pages it serves (domain/team/admin-pages.ts; one of
 * them is enough); test/e2e/team/route-permissions.test.ts fails for a route that is missing
 * from its table.
 *
 * CSRF: every POST, PUT, PATCH and DELETE must send X-CSRF-Token — the HMAC of the session
 * token (a synchronizer token bound to the session; nothing stored), or before sign-in the HMAC
 * of the jiayi_csrf cookie (signed double-submit). GET /api/auth/csrf hands it out; the web
 * app's `apiFetch` sends it. A browser Origin (or Sec-Fetch-Site) from elsewhere is refused too.
 * Exempt: the webhooks (LINE's and, later, Stripe's), which prove themselves by signature.
 */

/** What a guard demands, attached to its function so routes can be checked at start-up. */
export interface GuardInfo {
  kind: 'member' | 'page';
  pages?: readonly PageKey[];
  need?: Need;
  /** Also resolves `:branchId` to a branch the member works in (api/restaurant/branch-guard.ts). */
  branch?: true;
}

/** Every route of the server with the guard in front of it (test/e2e/team/route-permissions.test.ts walks them all). */
export interface RouteInfo {
  method: string;
  url: string;
  guard: GuardInfo | null;
}

const GUARD = Symbol.for('jiayi.auth.guard');
const TENANT_API = `${TENANT_PREFIX}/`;

/** Marks a guard with what it demands (for start-up checks and the route table); guards made elsewhere use it too. */
export function markGuard<T extends object>(fn: T, info: GuardInfo): T {
  Object.defineProperty(fn, GUARD, { value: info });
  return fn;
}

export function guardOf(handler: unknown): GuardInfo | null {
  if (typeof handler !== 'function') return null;
  return (handler as unknown as Record<symbol, GuardInfo | undefined>)[GUARD] ?? null;
}

export interface TenantAuth {
  session: SessionInfo;
  user: SessionUser;
  tenant: { id: string; slug: string; name: string; kind: ShopKind };
  member: { id: string; role: Role; displayName: string; permissions: Permissions; allBranches: boolean };
}

declare module 'fastify' {
  interface FastifyInstance {
    jiayiAuth: AuthService;
  }
  interface FastifyRequest {
    /** The valid session behind the cookie, looked up once per request; null without one. */
    getSession(): Promise<SessionInfo | null>;
    /** Set once getSession() has run. */
    sessionInfo: SessionInfo | null;
    /** Set by requireMember / requirePage. */
    tenantAuth: TenantAuth | null;
    /** True once the handler wrote its own audit line. */
    audited: boolean;
  }
  interface FastifyContextConfig {
    /** false: no CSRF token needed (signature-verified webhooks only). */
    csrf?: false;
    /**
     * 'custom': this /api/t/:tenant/ route checks who is calling by other means (e.g. a LIFF ID
     * token for customer pages) and has no admin guard. Otherwise start-up refuses such a route.
     */
    guard?: 'custom';
    /**
     * true: this state-changing admin route works while the shop is read-only for an unpaid
     * subscription (the 付費方案 routes: they are how it pays again).
     */
    whileReadOnly?: true;
    /** The route in the API reference (/api/docs); false: not part of the HTTP API (the web app's pages). */
    doc?: RouteDoc | false;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Signature-verified webhooks: LINE's per-tenant webhook and any /webhooks/* (Stripe, partners). */
const CSRF_EXEMPT_PATHS = [/^\/t\/[^/]+\/webhook\/?$/, /^\/(?:api\/)?webhooks\//];

export const UNAUTHENTICATED = { code: 'unauthenticated', message: '請先登入。 Please sign in.' } as const;
export const SHOP_NOT_FOUND = { code: 'not_found', message: '找不到這個商店 (no shop with this address)' } as const;
export const SHOP_READ_ONLY = {
  code: 'shop_read_only',
  message: '訂閱尚未付款，後台目前為唯讀（資料都保留著）。請到「付費方案」更新付款方式，付款後立即恢復。',
} as const;
export const CSRF_INVALID = {
  code: 'csrf_invalid',
  message:
    '安全驗證失敗，請重新整理頁面後再試一次。 The security token is missing or wrong; reload the page and try again.',
} as const;

const FEATURE_LABELS: Record<PlanFeature, string> = { member_profiles: '會員資料管理', attendance: '打卡出勤管理' };

export function forbiddenBody(pages: readonly PageKey[], need: Need) {
  const names = pages.map((page) => `「${pageLabel(page)}」`).join('或');
  return {
    code: 'forbidden',
    message: `你沒有${names}的${need === 'manage' ? '管理' : '檢視'}權限，請向店主申請。 You do not have ${need} access to ${pages.join(' or ')}.`,
    pages,
    need,
  };
}

/** The guarded request's shop, member and user (only inside a route behind requireMember/requirePage). */
export function tenantAuth(request: FastifyRequest): TenantAuth {
  if (!request.tenantAuth) throw new Error(`${request.method} ${request.url}: route is not behind requirePage()`);
  return request.tenantAuth;
}

/** The current CSRF token for this request's browser (session-bound, or pre-session). */
export function csrfTokenFor(request: FastifyRequest, session: SessionInfo | null): string | null {
  const { config } = request.server.jiayiAuth;
  if (session) return sessionCsrfToken(config, session.token);
  const seed = request.cookies[config.cookies.csrf];
  return seed ? anonymousCsrfToken(config, seed) : null;
}

function sameOrigin(request: FastifyRequest): boolean {
  const fetchSite = request.headers['sec-fetch-site'];
  if (fetchSite === 'cross-site' || fetchSite === 'same-site') return false;
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  const { publicOrigin } = request.server.jiayiAuth.config;
  return origin === publicOrigin || origin === `${request.protocol}://${request.headers.host ?? ''}`;
}

async function csrfOk(request: FastifyRequest): Promise<boolean> {
  if (!sameOrigin(request)) return false;
  const header = request.headers['x-csrf-token'];
  if (typeof header !== 'string' || header.length === 0 || header.length > 200) return false;
  const expected = csrfTokenFor(request, await request.getSession());
  return expected !== null && safeEqual(header, expected);
}

/** 401 unless signed in. */
export const requireSession: preHandlerAsyncHookHandler = async function (request, reply) {
  if (!(await request.getSession())) return reply.code(401).send(UNAUTHENTICATED);
};

async function resolveMember(request: FastifyRequest, reply: FastifyReply): Promise<TenantAuth | null> {
  const session = await request.getSession();
  if (!session) {
    await reply.code(401).send(UNAUTHENTICATED);
    return null;
  }
  const path = tenantParams.safeParse(request.params);
  const membership = path.success
    ? await findMembership(request.server.jiayiAuth.db, session.user.id, path.data.tenant)
    : null;
  if (!membership) {
    await reply.code(404).send(SHOP_NOT_FOUND);
    return null;
  }
  // A shop read-only for an unpaid subscription can look, not change (nothing is deleted).
  if (!SAFE_METHODS.has(request.method) && request.routeOptions.config?.whileReadOnly !== true) {
    const entitlements = await findShopEntitlements(request.server.jiayiAuth.db, membership.tenant.id);
    if (entitlements && !canWrite(entitlements.access)) {
      await reply.code(403).send(SHOP_READ_ONLY);
      return null;
    }
  }
  request.tenantAuth = {
    session,
    user: session.user,
    tenant: membership.tenant,
    member: {
      id: membership.staffId,
      role: membership.role,
      displayName: membership.displayName,
      permissions: membership.permissions,
      allBranches: membership.allBranches,
    },
  };
  return request.tenantAuth;
}

/**
 * After requirePage: 403 unless the shop's plan includes `feature` (a MAX feature). Shops Jiayi
 * does not bill have every feature.
 */
export function requireFeature(feature: PlanFeature): preHandlerAsyncHookHandler {
  return async function (request, reply) {
    const auth = tenantAuth(request);
    if (!(await shopHasFeature(request.server.jiayiAuth.db, auth.tenant.id, feature))) {
      return reply.code(403).send({
        code: 'plan_feature',
        message: `「${FEATURE_LABELS[feature]}」是進階方案（MAX）的功能，請到「付費方案」升級。`,
        feature,
      });
    }
  };
}

/** Any member of the shop in `:tenant` (401 / 404 otherwise). */
export const requireMember: preHandlerAsyncHookHandler = markGuard(
  async function (request, reply) {
    await resolveMember(request, reply);
  } as preHandlerAsyncHookHandler,
  { kind: 'member' },
);

/**
 * A member of the shop in `:tenant` with at least `need` on one of `pages`, the admin pages the
 * route serves (401 / 404 / 403 otherwise).
 */
export function requirePage(pages: PageKey | readonly PageKey[], need: Need): preHandlerAsyncHookHandler {
  const list: readonly PageKey[] = typeof pages === 'string' ? [pages] : pages;
  const guard: preHandlerAsyncHookHandler = async function (request, reply) {
    const auth = await resolveMember(request, reply);
    if (!auth) return;
    if (!can(auth.member.permissions, list, need)) return reply.code(403).send(forbiddenBody(list, need));
  };
  return markGuard(guard, { kind: 'page', pages: list, need });
}

export async function authPlugin(app: FastifyInstance, opts: { deps: ServerDeps }) {
  const auth = createAuthService(opts.deps);
  app.decorate('jiayiAuth', auth);

  // Every admin route of a shop names who may call it; a route without a guard, or one that
  // changes something with only `view`, stops the server from starting.
  app.addHook('onRoute', (route) => {
    const handlers = route.preHandler ? [route.preHandler].flat() : [];
    const guard = handlers.map(guardOf).find((g) => g !== null) ?? null;
    const methods = [route.method].flat().filter((m) => m !== 'HEAD');
    for (const method of methods) auth.routes.push({ method, url: route.url, guard });
    if (!route.url.startsWith(TENANT_API) || route.config?.guard === 'custom') return;
    if (!guard)
      throw new Error(
        `${methods.join(',')} ${route.url}: no permission guard (requirePage/requireMember in api/plugins/auth.ts)`,
      );
    if (methods.some((m) => !SAFE_METHODS.has(m)) && guard.kind === 'page' && guard.need !== 'manage') {
      throw new Error(
        `${methods.join(',')} ${route.url}: a state-changing route needs '${guard.pages?.join('|')}: manage', not view`,
      );
    }
  });
  await app.register(cookie, { hook: 'onRequest' });

  const pending = Symbol('session');
  app.decorateRequest('sessionInfo', null);
  app.decorateRequest('tenantAuth', null);
  app.decorateRequest('audited', false);
  app.decorateRequest(pending, null);
  app.decorateRequest('getSession', function (this: FastifyRequest) {
    const self = this as FastifyRequest & { [pending]: Promise<SessionInfo | null> | null };
    self[pending] ??= auth.sessions.find(self.cookies[auth.config.cookies.session]).then((session) => {
      self.sessionInfo = session;
      return session;
    });
    return self[pending];
  });

  app.addHook('onRequest', async (request, reply) => {
    if (SAFE_METHODS.has(request.method)) return;
    if (request.routeOptions.config?.csrf === false) return;
    const path = request.url.split('?')[0] ?? '';
    if (CSRF_EXEMPT_PATHS.some((pattern) => pattern.test(path))) return;
    if (!(await csrfOk(request))) {
      request.log.warn({ method: request.method, path }, 'CSRF check failed');
      return reply.code(403).send(CSRF_INVALID);
    }
  });

  // The audit fallback: a state-changing admin request that succeeded without its own line, or
  // was refused for lack of permission.
  app.addHook('onResponse', async (request, reply) => {
    const member = request.tenantAuth;
    if (!member || SAFE_METHODS.has(request.method) || request.audited) return;
    const status = reply.statusCode;
    if (status !== 403 && status >= 400) return;
    try {
      await writeAudit(
        auth.db,
        auditEntry(request, {
          action: status === 403 ? 'access.denied' : `api.${request.method.toLowerCase()}`,
          targetType: 'route',
          targetId: `${request.method} ${request.routeOptions.url ?? ''}`,
          data: { path: request.url.split('?')[0], status },
        }),
      );
    } catch (error) {
      request.log.error({ err: error }, 'audit line not written');
    }
  });
}

// Hooks and decorations apply to the whole server, not only to this plugin's children.
(authPlugin as unknown as Record<symbol, boolean>)[Symbol.for('skip-override')] = true;
