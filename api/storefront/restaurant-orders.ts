import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { loadMenu } from '../../db/catalog/menu.ts';
import { getPickupMethods } from '../../db/restaurant/pickup-methods.ts';
import { placeRestaurantOrder, priceCheckout } from '../../db/restaurant/place-restaurant-order.ts';
import { fieldErrors } from '../../domain/form-errors.ts';
import { checkoutSchema, quoteSchema } from '../../domain/restaurant/checkout.ts';
import { orderPagePath } from '../../domain/restaurant/restaurant-order-messages.ts';
import type { ServerDeps } from '../deps.ts';
import { SHOP_NOT_FOUND, shopCustomers } from './shop-customer.ts';
import { startRestaurantOrder } from './start-restaurant-order.ts';

/** What 送出訂單 answers on success (201, or 200 for a repeated submitId). */
export interface RestaurantOrderPlaced {
  orderNumber: string;
  status: string;
  pickupNumber: string;
  statusPath: string;
}

const invalid = (error: z.ZodError) => ({
  code: 'invalid_order',
  message: error.issues[0]?.message ?? '訂單內容不正確',
  fields: fieldErrors(error),
  problems: [],
});

/**
 * A restaurant's customers order (餐廳線上點餐):
 *
 * - POST /api/shop/:tenant/restaurant-orders/quote — the cart priced by the one rule
 *   (domain/restaurant/cart-pricing.ts) against the branch's live menu: lines, subtotal, delivery
 *   fee, total and every problem. No sign-in; nothing is kept.
 * - POST /api/shop/:tenant/restaurant-orders — 送出訂單 (signed-in customer): placed in one
 *   transaction (db/restaurant/place-restaurant-order.ts), then its workflow started. The
 *   submitId makes a repeated tap or a retried request answer the same order (200). Refusals:
 *   409 slot_full / slot_unavailable with up to 3 next free slots, 409 unavailable with the
 *   problems, 409 branch_closed / branch_paused, 400 invalid_order.
 */
export async function restaurantOrderRoutes(app: FastifyInstance, opts: { deps: ServerDeps }) {
  const { db, env, temporal } = opts.deps;
  const shops = shopCustomers(opts.deps);

  app.post(
    '/api/shop/:tenant/restaurant-orders/quote',
    { config: { doc: { summary: 'Price a restaurant cart (no order is made)', body: quoteSchema } } },
    async (request, reply) => {
      const shop = await shops.shopOf(request);
      if (!shop || shop.kind === 'plus_one') return reply.code(404).send(SHOP_NOT_FOUND);
      const input = quoteSchema.safeParse(request.body);
      if (!input.success) return reply.code(400).send(invalid(input.error));
      const branch = await db.branch.findFirst({
        where: { tenantId: shop.id, id: input.data.branchId, archivedAt: null },
        select: { id: true, latitude: true, longitude: true },
      });
      if (!branch) return reply.code(404).send({ code: 'branch_not_found', message: '找不到這間分店' });
      const [menu, methods] = await Promise.all([
        loadMenu(db, shop.id, branch.id),
        getPickupMethods(db, shop.id, branch.id),
      ]);
      const cart = priceCheckout(
        menu.categories.flatMap((c) => c.items),
        methods,
        branch,
        input.data,
      );
      return reply.header('cache-control', 'no-store').send(cart);
    },
  );

  app.post(
    '/api/shop/:tenant/restaurant-orders',
    { config: { doc: { summary: 'A customer places a restaurant order', body: checkoutSchema } } },
    async (request, reply) => {
      const signedIn = await shops.signedIn(request, reply);
      if (!signedIn) return reply;
      const { shop, customer } = signedIn;
      if (shop.kind === 'plus_one') return reply.code(404).send(SHOP_NOT_FOUND);
      const input = checkoutSchema.safeParse(request.body);
      if (!input.success) return reply.code(400).send(invalid(input.error));
      const result = await placeRestaurantOrder(db, {
        tenantId: shop.id,
        customerId: customer.id,
        checkout: input.data,
      });
      switch (result.kind) {
        case 'placed':
        case 'repeated': {
          await startRestaurantOrder(temporal, env.TEMPORAL_TASK_QUEUE, shop.id, result.order);
          const body: RestaurantOrderPlaced = {
            orderNumber: result.order.number,
            status: result.order.status,
            pickupNumber: result.order.pickupNumber,
            statusPath: orderPagePath(shop.slug, result.order.number),
          };
          return reply.code(result.kind === 'placed' ? 201 : 200).send(body);
        }
        case 'slot_full':
        case 'slot_unavailable':
          return reply.code(409).send({
            code: result.kind,
            message: result.message,
            nextSlots: result.nextSlots.map((s) => ({ start: s.start.toISOString(), end: s.end.toISOString() })),
          });
        case 'unavailable':
          return reply.code(409).send({ code: 'unavailable', message: result.message, problems: result.problems });
        case 'invalid_order':
          return reply.code(400).send({ code: 'invalid_order', message: result.message, problems: result.problems });
        case 'branch_not_found':
          return reply.code(404).send({ code: 'branch_not_found', message: result.message });
        default:
          return reply.code(409).send({ code: result.kind, message: result.message });
      }
    },
  );
}
