import type { AreaPlugin } from '../area.ts';
import { serverStripeGateway } from '../stripe-gateway.ts';
import { tenantScope } from '../tenant-scope.ts';
import { billingRoutes } from './billing.ts';

/** Jiayi's own billing of the shop: the 付費方案 page's API. */
export const billingArea: AreaPlugin = async (app, { deps }) => {
  const stripe = serverStripeGateway(deps.env);
  await tenantScope(app, async (shop) => {
    await shop.register(billingRoutes, { deps, stripe });
  });
};
