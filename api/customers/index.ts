import type { AreaPlugin } from '../area.ts';
import { tenantScope } from '../tenant-scope.ts';
import { adminCustomerRoutes } from './customers.ts';

/** The customers area: the shop's customers and their history. */
export const customersArea: AreaPlugin = async (app, { deps }) => {
  await tenantScope(app, (shop) => shop.register(adminCustomerRoutes, { deps }));
};
