import type { AreaPlugin } from '../area.ts';
import { tenantScope } from '../tenant-scope.ts';
import { createDeliveryInbox } from './inbox.ts';
import { deliverySettingsRoutes } from './settings.ts';
import { deliveryWebhookRoutes } from './webhook.ts';

/** The delivery area: each branch's 外送物流設定, and the partner's webhook with its inbox. */
export const deliveryArea: AreaPlugin = async (app, { deps }) => {
  await tenantScope(app, async (shop) => {
    await shop.register(deliverySettingsRoutes, { deps });
  });
  const inbox = createDeliveryInbox(deps);
  app.addHook('onReady', async () => inbox.start());
  app.addHook('onClose', async () => inbox.stop());
  await app.register(deliveryWebhookRoutes, { deps, wake: () => inbox.wake() });
};
