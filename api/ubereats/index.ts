import type { AreaPlugin } from '../area.ts';
import { tenantScope } from '../tenant-scope.ts';
import { uberEatsConnectionRoutes } from './connection.ts';
import { createUberEatsInbox } from './inbox.ts';
import { uberEatsWebhookRoutes } from './webhook.ts';

/** The Uber Eats area: each branch's connection and its health, and Uber's webhook with its inbox. */
export const ubereatsArea: AreaPlugin = async (app, { deps }) => {
  await tenantScope(app, async (shop) => {
    await shop.register(uberEatsConnectionRoutes, { deps });
  });
  const inbox = createUberEatsInbox(deps);
  app.addHook('onReady', async () => inbox.start());
  app.addHook('onClose', async () => inbox.stop());
  await app.register(uberEatsWebhookRoutes, { deps, wake: () => inbox.wake() });
};
