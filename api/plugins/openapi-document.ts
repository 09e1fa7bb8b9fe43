import { z, type ZodType } from 'zod';
import type { GuardInfo } from './auth.ts';

/**
 * What a route tells the API reference about itself, next to its handler
 * (`config: { doc: { summary, params, query, body } }`): the same zod schemas the handler
 * parses with, so the reference cannot say something the route does not check.
 */
export interface RouteDoc {
  summary: string;
  description?: string;
  /** Path parameters other than `:tenant` (which every shop route shares). */
  params?: ZodType;
  query?: ZodType;
  /** A JSON body, or another content type (an image upload, a signed webhook body). */
  body?: ZodType | { contentType: string; description: string };
  /** What the route answers with when it is not JSON (a CSV file, an image, an event stream). */
  produces?: string;
  tag?: string;
}

/** A route as the server registered it, with its guard and its documentation. */
export interface DocumentedRoute {
  method: string;
  url: string;
  guard: GuardInfo | null;
  doc: RouteDoc | undefined;
}

type JsonSchema = Record<string, unknown> & { properties?: Record<string, JsonSchema>; required?: string[] };

const errorSchema = z.object({
  code: z.string().describe('A stable machine-readable reason, e.g. invalid_query, not_found, forbidden'),
  message: z.string().describe('What went wrong, in zh-TW (and English where it helps)'),
});

/** The JSON Schema of what a client may send (inputs: defaults optional, coercions as written). */
function inputSchema(schema: ZodType): JsonSchema {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
  delete json.$schema;
  return json;
}

/** `/api/t/:tenant/orders/:orderNumber` → `/api/t/{tenant}/orders/{orderNumber}`; `*` → `{path}`. */
export function openApiPath(url: string): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, '{$1}').replace(/\*$/, '{path}');
}

/** The names of a route's path parameters, in order. */
export function pathParamNames(url: string): string[] {
  const names = [...url.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1] as string);
  return url.endsWith('*') ? [...names, 'path'] : names;
}

function parameters(where: 'path' | 'query', schema: JsonSchema | null, names: string[] = []) {
  const properties = schema?.properties ?? {};
  const keys = where === 'path' ? names : Object.keys(properties);
  return keys.map((name) => ({
    name,
    in: where,
    required: where === 'path' || (schema?.required ?? []).includes(name),
    schema: properties[name] ?? { type: 'string' },
  }));
}

function requestBody(body: RouteDoc['body']) {
  if (!body) return undefined;
  if ('contentType' in body && typeof body.contentType === 'string') {
    return {
      required: true,
      description: body.description,
      content: { [body.contentType]: { schema: { type: 'string', format: 'binary' } } },
    };
  }
  return { required: true, content: { 'application/json': { schema: inputSchema(body as ZodType) } } };
}

const ERROR_REF = { $ref: '#/components/schemas/Error' };
const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: ERROR_REF } },
});

function responses(route: DocumentedRoute, doc: RouteDoc) {
  const out: Record<string, unknown> = {
    '200': { description: 'OK', ...(doc.produces ? { content: { [doc.produces]: {} } } : {}) },
  };
  if (doc.params || doc.query || doc.body) out['400'] = errorResponse('The input was refused; `message` says why.');
  if (route.guard) {
    out['401'] = errorResponse('No valid session.');
    out['403'] = errorResponse(
      route.guard.kind === 'page' ? `The member lacks ${route.guard.pages?.join(' or ')}: ${route.guard.need}.` : 'Not allowed.',
    );
  }
  if (route.url.includes(':')) out['404'] = errorResponse('No such shop, branch or record for this caller.');
  return out;
}

function permissionText(guard: GuardInfo | null): string | undefined {
  if (!guard) return undefined;
  const branch = guard.branch ? ', in a branch the member works in' : '';
  return guard.kind === 'member' ? `Any member of the shop${branch}.` : `Needs ${guard.pages?.join(' or ')}: ${guard.need}${branch}.`;
}

/** The tag a route is listed under: its own, else the first path segment after the shop. */
function tagOf(route: DocumentedRoute, doc: RouteDoc): string {
  if (doc.tag) return doc.tag;
  const rest = route.url.replace(/^\/api\/t\/:tenant\//, '').replace(/^\/api\//, '');
  return rest.split('/')[0] || 'server';
}

/** OpenAPI 3.1 for every documented route; undocumented routes are what the reference test reports. */
export function buildOpenApiDocument(
  routes: readonly DocumentedRoute[],
  info: { title: string; version: string },
  tenantParams: ZodType,
) {
  const tenantSchema = inputSchema(tenantParams);
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const doc = route.doc;
    if (!doc) continue;
    const names = pathParamNames(route.url);
    const ownParams = doc.params ? inputSchema(doc.params) : null;
    const pathSchema: JsonSchema = {
      properties: { ...(tenantSchema.properties ?? {}), ...(ownParams?.properties ?? {}) },
    };
    const operation = {
      operationId: `${route.method.toLowerCase()}${openApiPath(route.url).replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase())}`,
      summary: doc.summary,
      description: [doc.description, permissionText(route.guard)].filter(Boolean).join(' ') || undefined,
      tags: [tagOf(route, doc)],
      parameters: [
        ...parameters('path', pathSchema, names),
        ...parameters('query', doc.query ? inputSchema(doc.query) : null),
      ],
      ...(requestBody(doc.body) ? { requestBody: requestBody(doc.body) } : {}),
      responses: responses(route, doc),
      ...(route.guard ? { security: [{ session: [] }], 'x-permission': permissionText(route.guard) } : {}),
    };
    (paths[openApiPath(route.url)] ??= {})[route.method.toLowerCase()] = operation;
  }
  return {
    openapi: '3.1.0',
    info: {
      ...info,
      description:
        'The HTTP API of Jiayi. Shop routes live under /api/t/{tenant}; they need a signed-in session (cookie) and, for every POST, PUT, PATCH and DELETE, the X-CSRF-Token header from GET /api/auth/csrf.',
    },
    paths,
    components: {
      schemas: { Error: inputSchema(errorSchema) },
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'jiayi_session', description: 'Set by signing in.' },
      },
    },
  };
}
