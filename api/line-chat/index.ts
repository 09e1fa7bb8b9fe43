import type { AreaPlugin } from '../area.ts';
import { tenantScope } from '../tenant-scope.ts';
import { createLineInbox, startLineInboxThread } from './inbox-thread.ts';
import { adminLineSettingsRoutes } from './line-settings.ts';
import { adminRichMenuRoutes } from './rich-menu.ts';
import { createTenantLineDirectory } from './tenant-secrets.ts';
import { lineWebhookRoutes } from './webhook.ts';

/** The LINE chat area: the webhook and its inbox, the shop's LINE settings and rich menus. */
export const lineChatArea: AreaPlugin = async (app, { deps }) => {
  const tenants = createTenantLineDirectory(deps);
  const thread = deps.lineInboxThread;
  const inbox = thread
    ? startLineInboxThread(deps.env, deps.log, thread === true ? {} : thread)
    : createLineInbox(deps);
  app.addHook('onReady', async () => inbox.start());
  app.addHook('onClose', async () => inbox.stop());
  await app.register(lineWebhookRoutes, { deps, tenants, inbox });
  await tenantScope(app, async (shop) => {
    await shop.register(adminLineSettingsRoutes, { deps, tenants });
    await shop.register(adminRichMenuRoutes, { deps });
  });
};
