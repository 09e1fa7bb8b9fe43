import type { AreaPlugin } from '../area.ts';
import { tenantScope } from '../tenant-scope.ts';
import { branchRoutes } from './branches.ts';
import { businessHoursRoutes } from './business-hours.ts';
import { pickupMethodRoutes } from './pickup-methods.ts';
import { qrCodeRoutes } from './qr-codes.ts';
import { shopKindRoutes } from './shop-kind.ts';

/** The restaurant area: the shop's kind, its branches, their online-ordering switch, pickup methods, business hours and QR codes. */
export const restaurantArea: AreaPlugin = async (app, { deps }) => {
  await tenantScope(app, async (shop) => {
    await shop.register(branchRoutes, { deps });
    await shop.register(shopKindRoutes, { deps });
    await shop.register(pickupMethodRoutes, { deps });
    await shop.register(businessHoursRoutes, { deps });
    await shop.register(qrCodeRoutes, { deps });
  });
};
