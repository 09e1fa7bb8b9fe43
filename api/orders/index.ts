import type { AreaPlugin } from '../area.ts';
import { tenantScope } from '../tenant-scope.ts';
import { adminOrderAttentionRoutes } from './order-attention.ts';
import { adminOrderDetailRoutes } from './order-detail.ts';
import { adminOrderMessageRoutes } from './order-messages.ts';
import { adminOrderNoteRoutes } from './order-notes.ts';
import { adminOrderStatusRoutes } from './order-status.ts';
import { notificationSettingsRoutes } from './notification-settings.ts';
import { orderSettingsRoutes } from './order-settings.ts';
import { adminOrdersRoutes } from './orders.ts';

/** The orders area: the live order list, each order's detail, status, notes and messages, the orders that need a person, the order settings and notifications. */
export const ordersArea: AreaPlugin = async (app, { deps }) => {
  await tenantScope(app, async (shop) => {
    await shop.register(adminOrderStatusRoutes, { deps });
    await shop.register(adminOrderDetailRoutes, { deps });
    await shop.register(adminOrderNoteRoutes, { deps });
    await shop.register(adminOrderMessageRoutes, { deps });
    await shop.register(adminOrderAttentionRoutes, { deps });
    await shop.register(orderSettingsRoutes, { deps });
    await shop.register(notificationSettingsRoutes, { deps });
    await shop.register(adminOrdersRoutes, { deps });
  });
};
