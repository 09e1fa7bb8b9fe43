import type { AreaPlugin } from '../area.ts';
import { tenantScope } from '../tenant-scope.ts';
import { supportLineRoutes } from './line-contact.ts';
import { supportRoutes } from './menu-refresh.ts';

/** 線上客服: the checks the help page runs (its other checks use the areas' own routes), and LINE support. */
export const supportArea: AreaPlugin = async (app, { deps }) => {
  await tenantScope(app, async (shop) => {
    await shop.register(supportRoutes);
    await shop.register(supportLineRoutes(deps.env.PLATFORM_SUPPORT_LINE_ID));
  });
};
