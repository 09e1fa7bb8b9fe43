import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer, type ApiServer } from '../../test/support/api-server.ts';
import { pathParamNames } from './openapi-document.ts';

/**
 * The API reference is built from the routes the server registers: a route without its
 * documentation (summary, the zod schemas of its path parameters and body) fails here, and the
 * reference lists exactly the server's routes.
 */
let server: ApiServer;
beforeAll(async () => {
  server = await startApiServer({ label: 'openapi', database: 'openapi', poolSize: 2 });
});
afterAll(() => server?.close());

type Operation = {
  summary: string;
  parameters: { name: string; in: string; required: boolean; schema: Record<string, unknown> }[];
  requestBody?: { content: Record<string, { schema: Record<string, unknown> }> };
  responses: Record<string, unknown>;
  'x-permission'?: string;
};
type Document = { openapi: string; paths: Record<string, Record<string, Operation>> };

async function reference(): Promise<Document> {
  const response = await fetch(`${server.baseUrl}/api/docs/openapi.json`);
  expect(response.status).toBe(200);
  return (await response.json()) as Document;
}

describe('the API reference', () => {
  it('documents every route the server registers, with its path parameters and body', () => {
    const routes = server.app.apiRoutes;
    expect(routes.length).toBeGreaterThan(50);
    const problems: string[] = [];
    for (const route of routes) {
      const name = `${route.method} ${route.url}`;
      const doc = route.doc;
      if (!doc?.summary) {
        problems.push(`${name}: no config.doc with a summary`);
        continue;
      }
      const described = new Set(['tenant', 'path', ...Object.keys(paramShape(doc.params))]);
      for (const param of pathParamNames(route.url))
        if (!described.has(param)) problems.push(`${name}: path parameter :${param} has no schema in doc.params`);
      if (['POST', 'PUT', 'PATCH'].includes(route.method) && !doc.body)
        problems.push(`${name}: no doc.body (the schema the handler parses its body with)`);
    }
    expect(problems).toEqual([]);
  });

  it('serves OpenAPI 3.1 with exactly the documented routes and their guards', async () => {
    const document = await reference();
    expect(document.openapi).toBe('3.1.0');
    const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const routes = server.app.apiRoutes.map(
      (r) => `${r.method} ${r.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}').replace(/\*$/, '{path}')}`,
    );
    expect(operations.sort()).toEqual([...new Set(routes)].sort());

    const createProduct = document.paths['/api/t/{tenant}/products']?.post;
    const body = createProduct?.requestBody?.content['application/json']?.schema as {
      properties: Record<string, { type?: string }>;
      required: string[];
    };
    expect(body.required).toEqual(expect.arrayContaining(['name', 'price']));
    expect(body.properties.price?.type).toBe('integer');
    expect(createProduct?.['x-permission']).toBe('Needs products or menu: manage.');
    expect(Object.keys(createProduct?.responses ?? {})).toEqual(expect.arrayContaining(['200', '400', '401', '403']));

    const listOrders = document.paths['/api/t/{tenant}/orders']?.get;
    const tenant = listOrders?.parameters.find((p) => p.in === 'path' && p.name === 'tenant');
    expect(tenant?.schema).toMatchObject({ type: 'string', pattern: expect.any(String) });
    expect(listOrders?.parameters.filter((p) => p.in === 'query').map((p) => p.name)).toEqual(
      expect.arrayContaining(['q', 'status']),
    );
    const status = listOrders?.parameters.find((p) => p.name === 'status');
    expect(status?.required).toBe(false);
  });

  it('shows the reference in Swagger UI from our own origin', async () => {
    const page = await fetch(`${server.baseUrl}/api/docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    const html = await page.text();
    const assets = [...html.matchAll(/(?:src|href)="(\/api\/docs\/assets\/[^"]+)"/g)].map((m) => m[1]);
    expect(assets).toHaveLength(4);
    for (const asset of assets) {
      const response = await fetch(`${server.baseUrl}${asset}`);
      expect(response.status, asset).toBe(200);
      expect((await response.arrayBuffer()).byteLength, asset).toBeGreaterThan(20);
    }
    expect((await fetch(`${server.baseUrl}/api/docs/assets/..%2Fpackage.json`)).status).toBe(404);
  });
});

/** The keys of a zod object schema (its `shape`), or none. */
function paramShape(schema: unknown): Record<string, unknown> {
  const shape = (schema as { shape?: Record<string, unknown> } | undefined)?.shape;
  return shape ?? {};
}
