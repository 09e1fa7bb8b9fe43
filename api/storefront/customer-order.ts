import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { WorkflowNotFoundError } from '@temporalio/client';
import { z } from 'zod';
import { findCustomerOrderPage } from '../../db/storefront/customer-order.ts';
import { printableTextSchema } from '../../domain/query-inputs.ts';
import { customerCancelSchema } from '../../domain/restaurant/restaurant-order-status.ts';
import { restaurantOrderWorkflowId } from '../../domain/workflow-ids.ts';
import { restaurantActionUpdate } from '../../workflows/restaurant/restaurant-order-updates.ts';
import type { ServerDeps } from '../deps.ts';
import { createOrderChangeListener } from '../orders/order-change-listener.ts';
import { orderEventStreams } from '../orders/order-event-stream.ts';
import { refusalOf } from '../orders/order-status.ts';
import { shopCustomers } from './shop-customer.ts';

export const orderParams = z.object({ orderNumber: printableTextSchema(40) });
const ORDER_NOT_FOUND = { code: 'order_not_found', message: '找不到這筆訂單' } as const;

/**
 * A customer's order page (restaurant and +1 orders alike), for the signed-in customer only:
 *
 * - GET /api/shop/:tenant/orders/:orderNumber — status, pickup number, time, what was ordered
 *   with options and notes, totals, reasons and the timeline. Anyone else's number is a 404.
 * - GET /api/shop/:tenant/orders/:orderNumber/stream — SSE `order` with the same JSON whenever
 *   the order changes (the page also reloads on focus and every 15 s, in case a stream drops).
 * - POST /api/shop/:tenant/orders/:orderNumber/cancel {reason} — the customer takes back a
 *   restaurant order the shop has not accepted yet (a Workflow Update, as the board's); once
 *   accepted the kitchen may have started, so it is 409 and the page says to call the shop.
 */
export async function customerOrderRoutes(app: FastifyInstance, opts: { deps: ServerDeps }) {
  const { db, env, temporal } = opts.deps;
  const listener = createOrderChangeListener({ databaseUrl: env.DATABASE_URL, log: opts.deps.log });
  app.addHook('onClose', async () => listener.close());
  const streams = orderEventStreams(app, listener);

  const ownOrder = customerOwnOrder(opts.deps);

  app.get(
    '/api/shop/:tenant/orders/:orderNumber',
    { config: { doc: { summary: 'The signed-in customer’s order', params: orderParams } } },
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
          params: orderParams,
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

  app.post(
    '/api/shop/:tenant/orders/:orderNumber/cancel',
    {
      config: {
        doc: {
          summary: 'The customer cancels a restaurant order not yet accepted',
          params: orderParams,
          body: customerCancelSchema,
        },
      },
    },
    async (request, reply) => {
      const found = await ownOrder(request, reply);
      if (!found) return reply;
      const input = customerCancelSchema.safeParse(request.body ?? undefined);
      if (!input.success)
        return reply.code(400).send({ code: 'invalid_body', message: input.error.issues[0]?.message ?? '內容不正確' });
      // A +1 order has no such workflow; its id names the restaurant one (domain/workflow-ids.ts).
      if (found.order.kind !== 'restaurant') return reply.code(409).send(CANNOT_CANCEL);
      const workflowId = restaurantOrderWorkflowId(found.shop.id, found.order.id);
      try {
        await temporal.workflow.getHandle(workflowId).executeUpdate(restaurantActionUpdate, {
          args: [
            { action: 'cancel', by: 'customer', actor: `customer:${found.customer.id}`, reason: input.data.reason },
          ],
        });
      } catch (error) {
        if (refusalOf(error) || error instanceof WorkflowNotFoundError) return reply.code(409).send(CANNOT_CANCEL);
        throw error;
      }
      const now = await findCustomerOrderPage(db, found.shop.id, found.customer.id, found.order.number);
      const { id: _id, ...order } = now!;
      return reply.header('cache-control', 'no-store').send(order);
    },
  );
}

/** The signed-in customer's own order the path names; anyone else's (or no sign-in) is answered here. */
export function customerOwnOrder(deps: ServerDeps) {
  const shops = shopCustomers(deps);
  return async function ownOrder(request: FastifyRequest, reply: FastifyReply) {
    const signedIn = await shops.signedIn(request, reply);
    if (!signedIn) return null;
    const path = orderParams.safeParse(request.params);
    const order = path.success
      ? await findCustomerOrderPage(deps.db, signedIn.shop.id, signedIn.customer.id, path.data.orderNumber)
      : null;
    if (!order) {
      await reply.code(404).send(ORDER_NOT_FOUND);
      return null;
    }
    return { ...signedIn, order };
  };
}

const CANNOT_CANCEL = {
  code: 'cannot_cancel',
  message: '店家已經接單，無法線上取消；如需更改請直接聯絡店家',
} as const;
