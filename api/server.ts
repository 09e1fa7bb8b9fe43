import Fastify from 'fastify';
import type { ServerDeps } from './deps.ts';
import { createFileStorage } from '../storage/from-env.ts';
import { AREAS } from './areas.ts';
import { authPlugin } from './plugins/auth.ts';
import { openApiPlugin } from './plugins/openapi.ts';
import { PAGE_SECURITY_HEADERS, webPlugin } from './plugins/web.ts';

/**
 * The one HTTP server: webhooks, the JSON API under /api, and (when a built web app is
 * given) every other path handed to SvelteKit, so admin, LIFF and API share one origin.
 */
export async function buildServer(deps: ServerDeps) {
  const app = Fastify({
    loggerInstance: deps.log,
    trustProxy: false,
    bodyLimit: 1_048_576,
    // The web app's server bundle is large: on a busy machine its first import outlasts
    // Fastify's default 10 s, and a server that gives up over it serves nobody.
    pluginTimeout: 60_000,
  });
  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    const code = status === 413 ? 'body_too_large' : status >= 500 ? 'internal_error' : (error.code ?? 'bad_request');
    const message = status >= 500 ? 'Something went wrong on our side; please try again.' : error.message;
    return reply.code(status).send({ code, message });
  });

  // Every answer of the API: never framed, no referrer leaks, no sniffing, and a JSON answer
  // cannot run anything if a browser renders it. Pages get theirs in webPlugin; /api/docs its own.
  app.addHook('onSend', async (_request, reply, payload) => {
    for (const [name, value] of Object.entries(PAGE_SECURITY_HEADERS))
      if (!reply.hasHeader(name)) reply.header(name, value);
    if (!reply.hasHeader('content-security-policy'))
      reply.header('content-security-policy', "default-src 'none'; frame-ancestors 'none'");
    return payload;
  });

  // First: the API reference sees every route registered after it.
  await app.register(openApiPlugin);
  app.get('/healthz', { config: { doc: { summary: 'Liveness: the server answers', tag: 'server' } } }, async () => ({
    ok: true,
  }));
  // Sessions, CSRF on every state-changing request, the admin permission guard, the audit log.
  await app.register(authPlugin, { deps });
  const storage = deps.storage ?? createFileStorage(deps.env);
  for (const area of AREAS) await app.register(area, { deps, storage });
  // Last: every path no route above matched goes to the SvelteKit app.
  await app.register(webPlugin, { deps });
  return app;
}
