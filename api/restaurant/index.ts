import type { AreaPlugin } from '../area.ts';
import { tenantScope } from '../tenant-scope.ts';
import { branchRoutes } from './branches.ts';
import { shopKindRoutes } from './shop-kind.ts';

/** The restaurant area: the shop's kind, its branches and their online-ordering switch. */
export const restaurantArea: AreaPlugin = async (app, { deps }) => {
  await tenantScope(app, async (shop) => {
    await shop.register(branchRoutes, { deps });
    await shop.register(shopKindRoutes, { deps });
  });
};
