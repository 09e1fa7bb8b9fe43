import { orderingPausedTenants } from '../../db/billing/subscriptions.ts';
import { ORDERING_PAUSED_REPLY } from '../../domain/billing/billing-messages.ts';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  findCustomerOrderBySource,
  listCustomerOrders,
  type CustomerOrder,
} from '../../db/storefront/customer-orders.ts';
import { MAX_ORDER_QUANTITY } from '../../domain/line-chat/chat-command.ts';
import { fieldErrors } from '../../domain/form-errors.ts';
import { storefrontOrderSource, storefrontOrderWorkflowId } from '../../domain/workflow-ids.ts';
import { orderStateQuery, type OrderState } from '../../workflows/orders/chat-order/updates.ts';
import { startChatOrder } from '../line-chat/events/start-chat-order.ts';
import type { ServerDeps } from '../deps.ts';
import { shopCustomers } from './shop-customer.ts';

export const shopOrderBody = z.strictObject({
  productId: z.uuid({ error: '找不到這個商品' }),
  quantity: z
    .number({ error: '數量必須是數字' })
    .refine(Number.isInteger, '數量必須是整數')
    .min(1, '數量至少 1')
    .max(MAX_ORDER_QUANTITY, `一次最多 ${MAX_ORDER_QUANTITY} 件`),
  /** Made by the page once per submit: a double tap or a retry sends the same one. */
  idempotencyKey: z.uuid({ error: '缺少下單識別碼' }),
});

/** What POST answers: the order once the shop's workflow placed it, or that it is still on its way. */
export type ShopOrderResult = { outcome: 'placed'; order: CustomerOrder } | { outcome: 'sold_out' | 'pending' };

/** How long a submit waits for its workflow to place the order before answering "pending". */
const PLACE_WAIT_MS = 8_000;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A signed-in customer's orders on the shop's page (the +1 shop's storefront):
 *
 * - POST /api/shop/:tenant/orders {productId, quantity, idempotencyKey} — 「下單」: the same
 *   order workflow and stock rules as a "+1" in the chat (the shop's answer goes to their LINE
 *   chat too); the key names the workflow, so a repeated submit makes one order. 201 with the
 *   order, 409 sold out, 202 while it is still being placed (ask again with the same key).
 * - GET /api/shop/:tenant/orders — their orders, chat and page alike, newest first.
 */
export async function shopOrderRoutes(app: FastifyInstance, opts: { deps: ServerDeps }) {
  const { db, env, temporal } = opts.deps;
  const shops = shopCustomers(opts.deps);

  app.post(
    '/api/shop/:tenant/orders',
    { config: { doc: { summary: 'A customer orders a product on the shop’s page', body: shopOrderBody } } },
    async (request, reply) => {
      const signedIn = await shops.signedIn(request, reply);
      if (!signedIn) return reply;
      const { shop, customer } = signedIn;
      const input = shopOrderBody.safeParse(request.body);
      if (!input.success)
        return reply
          .code(400)
          .send({ code: 'invalid_order', message: z.prettifyError(input.error), fields: fieldErrors(input.error) });
      const { productId, quantity, idempotencyKey } = input.data;
      const source = storefrontOrderSource(customer.id, idempotencyKey);
      const placed = await findCustomerOrderBySource(db, shop.id, customer.id, source);
      if (placed) return reply.code(201).send({ outcome: 'placed', order: placed } satisfies ShopOrderResult);

      const product = await db.product.findFirst({
        where: { id: productId, tenantId: shop.id, isPublic: true, deletedAt: null, awaitingDetails: false },
        select: { code: true, name: true },
      });
      if (!product) return reply.code(404).send({ code: 'product_not_found', message: '這個商品已下架或不存在' });
      if ((await orderingPausedTenants(db, [shop.id])).size > 0)
        return reply.code(409).send({ code: 'ordering_paused', message: ORDERING_PAUSED_REPLY });

      const { workflowId } = await startChatOrder(
        temporal,
        env.TEMPORAL_TASK_QUEUE,
        {
          tenantId: shop.id,
          webhookEventId: source,
          workflowId: storefrontOrderWorkflowId(shop.id, customer.id, idempotencyKey),
          lineUserId: customer.lineUserId,
          replyToken: null,
          command: { kind: 'order', target: { type: 'code', code: product.code }, quantity },
          receivedAtMs: Date.now(),
          text: `商品頁下單 ${product.name} ×${quantity}`,
        },
        { db },
      );
      const state = await placedState(workflowId);
      if (state?.outcome === 'sold_out') return reply.code(409).send({ outcome: 'sold_out' } satisfies ShopOrderResult);
      if (state?.outcome === 'unknown_product')
        return reply.code(404).send({ code: 'product_not_found', message: '這個商品已下架或不存在' });
      const order =
        state?.outcome === 'placed' ? await findCustomerOrderBySource(db, shop.id, customer.id, source) : null;
      if (!order) return reply.code(202).send({ outcome: 'pending' } satisfies ShopOrderResult);
      return reply.code(201).send({ outcome: 'placed', order } satisfies ShopOrderResult);
    },
  );

  app.get(
    '/api/shop/:tenant/orders',
    { config: { doc: { summary: 'The signed-in customer’s orders in this shop' } } },
    async (request, reply) => {
      const signedIn = await shops.signedIn(request, reply);
      if (!signedIn) return reply;
      const orders = await listCustomerOrders(db, signedIn.shop.id, signedIn.customer.id);
      return reply.header('cache-control', 'no-store').send({ orders });
    },
  );

  /** The workflow's state once it has placed (or refused) the order; null if it takes too long. */
  async function placedState(workflowId: string): Promise<OrderState | null> {
    const handle = temporal.workflow.getHandle(workflowId);
    const deadline = Date.now() + PLACE_WAIT_MS;
    while (Date.now() < deadline) {
      const state = await handle.query(orderStateQuery).catch(() => null);
      if (state && state.outcome !== 'placing') return state;
      await sleep(150);
    }
    return null;
  }
}
