import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { findCustomerOrderPage } from '../../db/storefront/customer-order.ts';
import { printableTextSchema } from '../../domain/query-inputs.ts';
import type { ServerDeps } from '../deps.ts';
import { createOrderChangeListener } from '../orders/order-change-listener.ts';
import { orderEventStreams } from '../orders/order-event-stream.ts';
import { shopCustomers } from './shop-customer.ts';

const params = z.object({ orderNumber: printableTextSchema(40) });
const ORDER_NOT_FOUND = { code: 'order_not_found', message: '找不到這筆訂單' } as const;

/**
 * A customer's order page (restaurant and +1 orders alike), for the signed-in customer only:
 *
 * - GET /api/shop/:tenant/orders/:orderNumber — status, pickup number, time, what was ordered
 *   with options and notes, totals, reasons and the timeline. Anyone else's number is a 404.
 * - GET /api/shop/:tenant/orders/:orderNumber/stream — SSE `order` with the same JSON whenever
 *   the order changes (the page also reloads on focus and every 15 s, in case a stream drops).
 */
export async function customerOrderRoutes(app: FastifyInstance, opts: { deps: ServerDeps }) {
  const { db, env } = opts.deps;
  const shops = shopCustomers(opts.deps);
  const listener = createOrderChangeListener({ databaseUrl: env.DATABASE_URL, log: opts.deps.log });
  app.addHook('onClose', async () => listener.close());
  const streams = orderEventStreams(app, listener);

  async function ownOrder(request: Parameters<typeof shops.signedIn>[0], reply: Parameters<typeof shops.signedIn>[1]) {
    const signedIn = await shops.signedIn(request, reply);
    if (!signedIn) return null;
    const path = params.safeParse(request.params);
    const order = path.success
      ? await findCustomerOrderPage(db, signedIn.shop.id, signedIn.customer.id, path.data.orderNumber)
      : null;
    if (!order) {
      await reply.code(404).send(ORDER_NOT_FOUND);
      return null;
    }
    return { ...signedIn, order };
  }

  app.get(
    '/api/shop/:tenant/orders/:orderNumber',
    { config: { doc: { summary: 'The signed-in customer’s order', params } } },
    async (request, reply) => {
      const found = await ownOrder(request, reply);
      if (!found) return reply;
      const { id: _id, ...order } = found.order;
      return reply.header('cache-control', 'no-store').send(order);
    },
  );

  app.get(
    '/api/shop/:tenant/orders/:orderNumber/stream',
    {
      config: {
        doc: {
          summary: 'Live changes of the customer’s order (Server-Sent Events)',
          params,
          produces: 'text/event-stream',
        },
      },
    },
    async (request, reply) => {
      const found = await ownOrder(request, reply);
      if (!found) return reply;
      const { shop, customer, order } = found;
      await streams(request, reply, {
        tenantId: shop.id,
        holder: `customer:${customer.id}`,
        onOrder: async (event, send) => {
          if (event.orderId !== order.id) return;
          const now = await findCustomerOrderPage(db, shop.id, customer.id, order.number);
          if (now) {
            const { id: _id, ...body } = now;
            send('order', body);
          }
        },
      });
    },
  );
}
