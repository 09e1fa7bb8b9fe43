import type { AreaPlugin } from '../area.ts';
import { adminOrderDetailRoutes } from './order-detail.ts';
import { adminOrderMessageRoutes } from './order-messages.ts';
import { adminOrderNoteRoutes } from './order-notes.ts';
import { adminOrderStatusRoutes } from './order-status.ts';
import { adminOrdersRoutes } from './orders.ts';

/** The orders area: the live order list, each order's detail, status, notes and messages. */
export const ordersArea: AreaPlugin = async (app, { deps }) => {
  await app.register(adminOrderStatusRoutes, { deps });
  await app.register(adminOrderDetailRoutes, { deps });
  await app.register(adminOrderNoteRoutes, { deps });
  await app.register(adminOrderMessageRoutes, { deps });
  await app.register(adminOrdersRoutes, { deps });
};
