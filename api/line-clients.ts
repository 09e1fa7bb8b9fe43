import { findLineCredentials } from '../db/tenants.ts';
import { createTenantLineClients } from '../integrations/line/tenant-clients.ts';
import type { ServerDeps } from './deps.ts';

/**
 * The server's LINE clients per shop (integrations/line/tenant-clients.ts), from the shop's
 * stored channel; `notConnected` makes the error for a shop without one.
 */
export function serverLineClients(
  deps: Pick<ServerDeps, 'db' | 'secrets' | 'env'>,
  notConnected: (tenantId: string) => Error = (tenantId) =>
    new Error(`Tenant ${tenantId} has no LINE channel connected`),
) {
  return createTenantLineClients({
    credentialsOf: (tenantId) => findLineCredentials(deps.db, deps.secrets, { id: tenantId }),
    apiBaseUrl: deps.env.LINE_API_BASE_URL,
    dataApiBaseUrl: deps.env.LINE_DATA_API_BASE_URL,
    notConnected,
  });
}
