import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import { z } from 'zod';
import { SLUG_PATTERN } from '../domain/tenant-slug.ts';

/** Where a shop's admin API lives; route files inside a tenantScope declare paths below it. */
export const TENANT_PREFIX = '/api/t/:tenant';

/**
 * The `:tenant` of a URL: a slug of the shape every shop has (domain/tenant-slug.ts). The admin
 * guard (api/plugins/auth.ts) answers a slug of another shape as it answers an unknown shop.
 */
export const tenantParams = z.object({ tenant: z.string().regex(SLUG_PATTERN) });

/** `/api/t/<slug><path>` for a link the API hands out (`path` starts with a slash). */
export function tenantApiPath(slug: string, path: string): string {
  return TENANT_PREFIX.replace(':tenant', encodeURIComponent(slug)) + path;
}

/** The server, or a test's own, whatever its logger's type. */
type Instance<Logger extends FastifyBaseLogger> = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  Logger
>;

/**
 * Registers an area's admin routes under /api/t/:tenant: `routes` gets a scope in which
 * `shop.register(plugin)` mounts a route file whose paths are relative to the shop (`/orders`).
 * Every route in it still names its guard (requirePage / requireMember): the auth plugin refuses
 * to start the server otherwise, and the guard resolves the shop into request.tenantAuth.
 */
export async function tenantScope<Logger extends FastifyBaseLogger>(
  app: Instance<Logger>,
  routes: (shop: Instance<Logger>) => PromiseLike<unknown>,
): Promise<void> {
  await app.register(
    async (shop: Instance<Logger>) => {
      await routes(shop);
    },
    { prefix: TENANT_PREFIX },
  );
}
