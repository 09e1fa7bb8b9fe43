import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { findShopAdminLocale } from '../../db/team/system-settings.ts';
import { SHOP_LOCALE_HEADER } from '../../domain/team/system-settings.ts';
import type { ServerDeps } from '../deps.ts';

type NodeHandler = (req: IncomingMessage, res: ServerResponse, next?: () => void) => void;
type PageGuard = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

/**
 * Admin pages need a signed-in session (api/plugins/auth.ts): without one, a page request is
 * sent to /sign-in?returnTo=<the page>. Which shops the person may open, and what they may do
 * there, the page's data (GET /api/t/:tenant/me and the other API calls) decides: 404 for a
 * shop they are not a member of, 403 for an area they lack.
 */
export const requireSignedInPage: PageGuard = async (request, reply) => {
  const session = typeof request.getSession === 'function' ? await request.getSession() : null;
  if (session) return;
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    await reply.code(401).send({ code: 'unauthenticated', message: '請先登入。 Please sign in.' });
    return;
  }
  const returnTo = request.url.length <= 500 ? request.url : (request.url.split('?')[0] ?? '/');
  await reply.header('cache-control', 'no-store').redirect(`/sign-in?returnTo=${encodeURIComponent(returnTo)}`, 303);
};

/**
 * Where `vite build` (web/vite.config.ts, adapter-node) writes the app. JIAYI_WEB_BUILD_DIR
 * moves it, for the build and for this plugin alike (tests build into a directory of their own).
 */
export const DEFAULT_WEB_BUILD_DIR = fileURLToPath(new URL('../../web/build/', import.meta.url));

/**
 * adapter-node reads the request's protocol from this header (configured through its env, with
 * the prefix set in web/vite.config.ts). We set it on every request from the socket, overwriting
 * whatever a client sent, so SvelteKit's `url.origin` is the one the browser used.
 */
const PROTOCOL_HEADER = 'x-jiayi-forwarded-proto';
const ADAPTER_ENV_PREFIX = 'JIAYI_ADAPTER_NODE_';

/** On every page: never framed (clickjacking), no full URLs leaked to other sites, no MIME sniffing. */
export const PAGE_SECURITY_HEADERS = {
  'x-frame-options': 'DENY',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'x-content-type-options': 'nosniff',
} as const;

const ADMIN_PAGE_PATH = /^\/t\/([^/]+)\/admin(?:\/|$)/;

/** The path as SvelteKit will route it (decoded, slashes folded, lower case); null for malformed escapes. */
function normalizedPath(rawUrl: string): string | null {
  const pathname = rawUrl.split('?')[0] ?? '';
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  return decoded
    .replace(/\\/g, '/')
    .replace(/\/{2,}/g, '/')
    .toLowerCase();
}

/** True for /t/:tenant/admin and everything under it, however the path is spelled. */
export function isAdminPagePath(rawUrl: string): boolean {
  const normalized = normalizedPath(rawUrl);
  // Malformed escapes: SvelteKit cannot route it either; treat it as admin to be safe.
  if (normalized === null) return true;
  return ADMIN_PAGE_PATH.test(normalized);
}

/** The shop slug of an admin page's path, or null. */
export function adminPageShop(rawUrl: string): string | null {
  const normalized = normalizedPath(rawUrl);
  return normalized === null ? null : (ADMIN_PAGE_PATH.exec(normalized)?.[1] ?? null);
}

/**
 * Serves the built SvelteKit app (web/build/handler.js from adapter-node) for every path no
 * Fastify route matched, so admin, LIFF and API share one origin. Register it last.
 *
 * - /api/* that matched nothing stays a JSON 404; SvelteKit never sees it.
 * - Admin pages (/t/:tenant/admin/...) need a session first (requireSignedInPage).
 * - The request body is left unread for SvelteKit (form actions read it themselves).
 * - Without a build, `/` says how to make one, and every other page is a plain 404.
 */
export async function webPlugin(
  app: FastifyInstance,
  opts: { deps: ServerDeps; buildDir?: string; adminPageGuard?: PageGuard },
) {
  const adminPageGuard = opts.adminPageGuard ?? requireSignedInPage;
  const buildDir = opts.buildDir ?? process.env.JIAYI_WEB_BUILD_DIR ?? DEFAULT_WEB_BUILD_DIR;
  const handlerFile = join(buildDir, 'handler.js');
  let handler: NodeHandler | null = null;

  if (existsSync(handlerFile)) {
    process.env[`${ADAPTER_ENV_PREFIX}PROTOCOL_HEADER`] ??= PROTOCOL_HEADER;
    const mod = (await import(pathToFileURL(handlerFile).href)) as { handler: NodeHandler };
    handler = mod.handler;
  } else {
    opts.deps.log.warn({ handlerFile }, 'web app not built: run `npx vite build` in web/ to serve the admin pages');
  }

  // This plugin's only route is the not-found handler: keep every body as an unread stream.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));

  app.setNotFoundHandler(async (request: FastifyRequest, reply: FastifyReply) => {
    const pathname = request.url.split('?')[0] ?? '/';
    if (pathname === '/api' || pathname.startsWith('/api/')) {
      return reply.code(404).send({ code: 'not_found', message: `No API route ${request.method} ${pathname}` });
    }
    if (isAdminPagePath(request.url)) {
      await adminPageGuard(request, reply);
      if (reply.sent) return reply;
    }
    if (!handler) {
      const text =
        pathname === '/'
          ? '加一 Jiayi: the web app is not built yet. Run `npx vite build` in web/ (or `npx vite build --config web/vite.config.ts` from the repository root), then restart the server.\n'
          : 'Not found. (The web app is not built: run `npx vite build` in web/.)\n';
      return reply
        .code(pathname === '/' ? 200 : 404)
        .type('text/plain; charset=utf-8')
        .send(text);
    }

    // The shop's 後台預設語言 for the page's language (web/src/hooks.server.ts), from the database
    // only: whatever a client sent under that name is dropped.
    delete request.raw.headers[SHOP_LOCALE_HEADER];
    const shop = adminPageShop(request.url);
    if (shop) {
      const shopLocale = await findShopAdminLocale(opts.deps.db, shop).catch((error: unknown) => {
        // The page still opens, in the browser's language.
        opts.deps.log.warn({ err: error, shop }, "could not read the shop's admin language");
        return null;
      });
      if (shopLocale) request.raw.headers[SHOP_LOCALE_HEADER] = shopLocale;
    }

    const serve = handler;
    reply.hijack();
    request.raw.headers[PROTOCOL_HEADER] = request.protocol;
    // The pages' Content-Security-Policy comes from SvelteKit (web/vite.config.ts); these go with it.
    for (const [name, value] of Object.entries(PAGE_SECURITY_HEADERS)) reply.raw.setHeader(name, value);
    serve(request.raw, reply.raw, () => {
      reply.raw.statusCode = 404;
      reply.raw.end('Not found');
    });
    return reply;
  });
}
