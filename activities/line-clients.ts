import { ApplicationFailure } from '@temporalio/activity';
import { findLineCredentials } from '../db/tenants.ts';
import { createTenantLineClients } from '../integrations/line/tenant-clients.ts';
import type { ActivityDeps } from './deps.ts';

/** The worker's LINE clients per tenant (integrations/line/tenant-clients.ts). */
export function createLineClientProvider(deps: ActivityDeps) {
  return createTenantLineClients({
    credentialsOf: (tenantId) => findLineCredentials(deps.db, deps.secrets, { id: tenantId }),
    apiBaseUrl: deps.line.apiBaseUrl,
    dataApiBaseUrl: deps.line.dataApiBaseUrl,
    notConnected: (tenantId) =>
      ApplicationFailure.nonRetryable(`Tenant ${tenantId} has no LINE channel connected`, 'line_not_connected'),
  });
}
export type LineClientProvider = ReturnType<typeof createLineClientProvider>;
