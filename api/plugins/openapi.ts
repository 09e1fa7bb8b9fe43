import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { tenantParams } from '../tenant-scope.ts';
import { guardOf } from './auth.ts';
import { buildOpenApiDocument, type DocumentedRoute } from './openapi-document.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route registered after the reference plugin, with its guard and its documentation. */
    apiRoutes: DocumentedRoute[];
  }
}

const require = createRequire(import.meta.url);
const SWAGGER_DIR = dirname(require.resolve('swagger-ui-dist/package.json'));
const VERSION = (require('../../package.json') as { version: string }).version;
const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};
// In a file of its own, not inline, so the page's Content-Security-Policy can stay at 'self'.
const INIT_JS = `window.ui = SwaggerUIBundle({ url: '/api/docs/openapi.json', dom_id: '#reference', deepLinking: true });\n`;
const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Jiayi API reference</title>
<link rel="icon" href="/api/docs/assets/favicon-32x32.png">
<link rel="stylesheet" href="/api/docs/assets/swagger-ui.css">
</head>
<body>
<main id="reference"></main>
<script src="/api/docs/assets/swagger-ui-bundle.js"></script>
<script src="/api/docs/assets/init.js"></script>
</body>
</html>
`;
const PAGE_CSP = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'";
const assetParams = z.object({ file: z.string().max(64) });

/**
 * The API reference: OpenAPI 3.1 built from the routes themselves (each one's zod schemas and
 * guard), at /api/docs/openapi.json, with Swagger UI at /api/docs. Registered before every
 * route so that it sees them all.
 */
export async function openApiPlugin(app: FastifyInstance) {
  const routes: DocumentedRoute[] = [];
  app.decorate('apiRoutes', routes);
  app.addHook('onRoute', (route) => {
    if (route.config?.doc === false) return;
    const guard =
      [route.preHandler ?? []]
        .flat()
        .map(guardOf)
        .find((g) => g !== null) ?? null;
    for (const method of [route.method].flat()) {
      if (method === 'HEAD') continue;
      routes.push({ method, url: route.url, guard, doc: route.config?.doc || undefined });
    }
  });

  let document: ReturnType<typeof buildOpenApiDocument> | null = null;
  app.get(
    '/api/docs/openapi.json',
    { config: { doc: { summary: 'This reference, as OpenAPI 3.1', tag: 'reference' } } },
    async () => (document ??= buildOpenApiDocument(routes, { title: 'Jiayi', version: VERSION }, tenantParams)),
  );

  app.get(
    '/api/docs',
    { config: { doc: { summary: 'This reference, in Swagger UI', produces: 'text/html', tag: 'reference' } } },
    async (_request, reply) =>
      reply.header('content-security-policy', PAGE_CSP).type('text/html; charset=utf-8').send(PAGE),
  );

  app.get(
    '/api/docs/assets/:file',
    { config: { doc: { summary: "The reference page's scripts and styles", params: assetParams, tag: 'reference' } } },
    async (request, reply) => {
      const params = assetParams.safeParse(request.params);
      const file = params.success ? params.data.file : '';
      if (file === 'init.js') return reply.type('text/javascript; charset=utf-8').send(INIT_JS);
      const type = ASSETS[file];
      if (!type) return reply.code(404).send({ code: 'not_found', message: 'No such file' });
      return reply
        .header('cache-control', 'public, max-age=86400')
        .type(type)
        .send(await readFile(join(SWAGGER_DIR, file)));
    },
  );
}
(openApiPlugin as unknown as Record<symbol, boolean>)[Symbol.for('skip-override')] = true;
