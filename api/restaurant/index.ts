import type { AreaPlugin } from '../area.ts';
import { tenantScope } from '../tenant-scope.ts';
import { branchRoutes } from './branches.ts';
import { dailyOpsRoutes } from './daily-ops.ts';
import { businessHoursRoutes } from './business-hours.ts';
import { pickupMethodRoutes } from './pickup-methods.ts';
import { orderBoardRoutes } from './order-board.ts';
import { qrCodeRoutes } from './qr-codes.ts';
import { shopKindRoutes } from './shop-kind.ts';
import { storeProfileRoutes } from './store-profile.ts';

/**
 * The restaurant area: the shop's kind and profile, its branches, their online-ordering switch,
 * pickup methods, business hours, QR codes, daily operations (stock, pauses, slot limits) and the
 * kitchen's order board (訂單處理, 未來訂單, 接單設定).
 */
export const restaurantArea: AreaPlugin = async (app, { deps, storage }) => {
  await tenantScope(app, async (shop) => {
    await shop.register(branchRoutes, { deps });
    await shop.register(shopKindRoutes, { deps });
    await shop.register(pickupMethodRoutes, { deps });
    await shop.register(businessHoursRoutes, { deps });
    await shop.register(qrCodeRoutes, { deps });
    await shop.register(storeProfileRoutes, { deps, storage });
    await shop.register(dailyOpsRoutes, { deps });
    await shop.register(orderBoardRoutes, { deps });
  });
};
