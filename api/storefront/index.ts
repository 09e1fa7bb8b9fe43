import type { AreaPlugin } from '../area.ts';
import { customerSessionRoutes } from './customer-session.ts';
import { shopContactRoutes } from './shop-contact.ts';
import { shopOrderRoutes } from './shop-orders.ts';
import { shopProductRoutes } from './shop-products.ts';
import { restaurantBranchRoutes } from './restaurant-branches.ts';
import { restaurantOrderRoutes } from './restaurant-orders.ts';
import { customerOrderRoutes } from './customer-order.ts';
import { orderPaymentRoutes } from './order-payment.ts';
import { serverStripeGateway } from '../stripe-gateway.ts';
import { createOrderCheckout } from '../payments/order-checkout.ts';
import { createChatPayStep } from '../payments/chat-pay-step.ts';

/** The storefront area: the shop's customer pages (LIFF and browser), signed in as customers, not staff. */
export const storefrontArea: AreaPlugin = async (app, { deps }) => {
  const stripe = serverStripeGateway(deps.env);
  const orderCheckout = createOrderCheckout(deps, stripe);
  await app.register(customerSessionRoutes, { deps });
  await app.register(shopProductRoutes, { deps });
  await app.register(shopOrderRoutes, { deps });
  await app.register(shopContactRoutes, { deps });
  await app.register(restaurantBranchRoutes, { deps });
  await app.register(restaurantOrderRoutes, { deps, orderCheckout });
  await app.register(customerOrderRoutes, { deps });
  await app.register(orderPaymentRoutes, { deps, payStep: createChatPayStep(deps, stripe, orderCheckout) });
};
