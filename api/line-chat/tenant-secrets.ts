import { findLineCredentials, type TenantLineCredentials } from '../../db/tenants.ts';
import type { ServerDeps } from '../deps.ts';

const CACHE_MS = 30_000;

/**
 * The webhook needs each tenant's channel secret on every delivery; decrypting it from the
 * database each time would put a query on LINE's 2-second clock. Cached briefly, misses too;
 * the lookup itself is cached, so the first deliveries of a burst share one query.
 */
export function createTenantLineDirectory(deps: Pick<ServerDeps, 'db' | 'secrets'>) {
  const cache = new Map<string, { value: Promise<TenantLineCredentials | null>; expiresAt: number }>();
  return {
    bySlug(slug: string): Promise<TenantLineCredentials | null> {
      const hit = cache.get(slug);
      if (hit && hit.expiresAt > Date.now()) return hit.value;
      const value = findLineCredentials(deps.db, deps.secrets, { slug });
      cache.set(slug, { value, expiresAt: Date.now() + CACHE_MS });
      // A failed lookup is not kept: the next delivery asks again.
      value.catch(() => {
        if (cache.get(slug)?.value === value) cache.delete(slug);
      });
      return value;
    },
    forget(slug: string) {
      cache.delete(slug);
    },
  };
}
export type TenantLineDirectory = ReturnType<typeof createTenantLineDirectory>;
