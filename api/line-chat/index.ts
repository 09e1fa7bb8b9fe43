import type { AreaPlugin } from '../area.ts';
import { tenantScope } from '../tenant-scope.ts';
import { handleLineEvent } from './events/handle.ts';
import { findLineCredentials } from '../../db/tenants.ts';
import { createTenantLineClients } from '../../integrations/line/tenant-clients.ts';
import { createLineInboxDispatcher } from './inbox.ts';
import { createInboxOrders } from './inbox-orders.ts';
import { adminLineSettingsRoutes } from './line-settings.ts';
import { adminRichMenuRoutes } from './rich-menu.ts';
import { createTenantLineDirectory } from './tenant-secrets.ts';
import { lineWebhookRoutes } from './webhook.ts';

/** The LINE chat area: the webhook and its inbox, the shop's LINE settings and rich menus. */
export const lineChatArea: AreaPlugin = async (app, { deps }) => {
  const tenants = createTenantLineDirectory(deps);
  const inbox = createLineInboxDispatcher({
    db: deps.db,
    log: deps.log,
    handle: (tenantId, event) => handleLineEvent(deps, tenantId, event),
    orders: createInboxOrders({
      ...deps,
      lineClientFor: createTenantLineClients({
        credentialsOf: (tenantId) => findLineCredentials(deps.db, deps.secrets, { id: tenantId }),
        apiBaseUrl: deps.env.LINE_API_BASE_URL,
        dataApiBaseUrl: deps.env.LINE_DATA_API_BASE_URL,
        notConnected: (tenantId) => new Error(`Tenant ${tenantId} has no LINE channel connected`),
      }),
    }),
  });
  app.addHook('onReady', async () => inbox.start());
  app.addHook('onClose', async () => inbox.stop());
  await app.register(lineWebhookRoutes, { deps, tenants, inbox });
  await tenantScope(app, async (shop) => {
    await shop.register(adminLineSettingsRoutes, { deps, tenants });
    await shop.register(adminRichMenuRoutes, { deps });
  });
};
