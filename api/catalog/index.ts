import type { AreaPlugin } from '../area.ts';
import { tenantScope } from '../tenant-scope.ts';
import { mediaRoutes } from './media.ts';
import { adminProductRoutes } from './products.ts';

/** The catalog area: products and their photos. */
export const catalogArea: AreaPlugin = async (app, { deps, storage }) => {
  await tenantScope(app, (shop) => shop.register(adminProductRoutes, { deps, storage }));
  await app.register(mediaRoutes, { storage });
};
