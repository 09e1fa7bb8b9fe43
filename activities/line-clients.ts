import { ApplicationFailure } from '@temporalio/activity';
import { createLineClient } from '../integrations/line/client.ts';
import { findLineCredentials } from '../db/tenants.ts';
import type { ActivityDeps } from './deps.ts';

type LineClient = ReturnType<typeof createLineClient>;
const CACHE_MS = 60_000;

/**
 * One LINE client per tenant, built from its stored (encrypted) credentials and cached for a
 * minute so a burst of orders does not decrypt the token for every message.
 */
export function createLineClientProvider(deps: ActivityDeps) {
  const cache = new Map<string, { client: LineClient; expiresAt: number }>();
  return async function lineClientFor(tenantId: string): Promise<LineClient> {
    const hit = cache.get(tenantId);
    if (hit && hit.expiresAt > Date.now()) return hit.client;
    const credentials = await findLineCredentials(deps.db, deps.secrets, { id: tenantId });
    if (!credentials) {
      throw ApplicationFailure.nonRetryable(`Tenant ${tenantId} has no LINE channel connected`, 'line_not_connected');
    }
    const client = createLineClient({
      channelAccessToken: credentials.channelAccessToken,
      apiBaseUrl: deps.line.apiBaseUrl,
      dataApiBaseUrl: deps.line.dataApiBaseUrl,
    });
    cache.set(tenantId, { client, expiresAt: Date.now() + CACHE_MS });
    return client;
  };
}
export type LineClientProvider = ReturnType<typeof createLineClientProvider>;
