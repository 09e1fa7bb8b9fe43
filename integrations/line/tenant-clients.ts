import { createLineClient, type LineClient } from './client.ts';

const CACHE_MS = 60_000;

/**
 * One LINE client per tenant, built from its stored (encrypted) credentials and cached for a
 * minute so a burst of orders does not decrypt the token for every message. `notConnected`
 * makes the error for a shop without a channel (activities make it non-retryable).
 */
export function createTenantLineClients(options: {
  credentialsOf: (tenantId: string) => Promise<{ channelAccessToken: string } | null>;
  apiBaseUrl: string;
  dataApiBaseUrl: string;
  notConnected: (tenantId: string) => Error;
}) {
  const cache = new Map<string, { client: LineClient; expiresAt: number }>();
  return async function lineClientFor(tenantId: string): Promise<LineClient> {
    const hit = cache.get(tenantId);
    if (hit && hit.expiresAt > Date.now()) return hit.client;
    const credentials = await options.credentialsOf(tenantId);
    if (!credentials) throw options.notConnected(tenantId);
    const client = createLineClient({
      channelAccessToken: credentials.channelAccessToken,
      apiBaseUrl: options.apiBaseUrl,
      dataApiBaseUrl: options.dataApiBaseUrl,
    });
    cache.set(tenantId, { client, expiresAt: Date.now() + CACHE_MS });
    return client;
  };
}
export type TenantLineClients = ReturnType<typeof createTenantLineClients>;
