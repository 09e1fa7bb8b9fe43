import type { AreaPlugin } from '../area.ts';
import { adminCustomerRoutes } from './customers.ts';

/** The customers area: the shop's customers and their history. */
export const customersArea: AreaPlugin = async (app, { deps }) => {
  await app.register(adminCustomerRoutes, { deps });
};
