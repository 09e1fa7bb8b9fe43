import type { AreaPlugin } from '../area.ts';
import { tenantScope } from '../tenant-scope.ts';
import { mediaRoutes } from './media.ts';
import { menuCategoryRoutes } from './menu-categories.ts';
import { menuItemRoutes } from './menu-items.ts';
import { menuPublicRoutes } from './menu-public.ts';
import { optionGroupRoutes } from './option-groups.ts';
import { productWaitlistRoutes } from './product-waitlist.ts';
import { adminProductRoutes } from './products.ts';

/** The catalog area: products, their photos and their waitlists, and the restaurant menu. */
export const catalogArea: AreaPlugin = async (app, { deps, storage }) => {
  await tenantScope(app, async (shop) => {
    await shop.register(adminProductRoutes, { deps, storage });
    await shop.register(productWaitlistRoutes, { deps });
    await shop.register(menuCategoryRoutes, { deps });
    await shop.register(optionGroupRoutes, { deps });
    await shop.register(menuItemRoutes, { deps });
  });
  await app.register(mediaRoutes, { storage });
  await app.register(menuPublicRoutes, { deps });
};
