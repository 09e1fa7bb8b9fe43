import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { ensureCardPayment } from '../../db/payments/order-payments.ts';
import { orderPagePath } from '../../domain/restaurant/restaurant-order-messages.ts';
import { SLUG_PATTERN } from '../../domain/tenant-slug.ts';
import type { ServerDeps } from '../deps.ts';
import type { OrderCheckoutFn } from './order-checkout.ts';

const params = z.object({ tenant: z.string().regex(SLUG_PATTERN), orderId: z.uuid() });

/** A short page for the customer when there is nothing to pay here (the link came from LINE). */
function notice(reply: FastifyReply, status: number, text: string) {
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(
      `<!doctype html><html lang="zh-TW"><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
        `<title>付款</title><main style="font:1.0625rem/1.6 system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem">` +
        `<h1 style="font-size:1.25rem">付款</h1><p role="status">${text}</p></main></html>`,
    );
}

/**
 * GET /pay/:tenant/:orderId — the pay link of a "+1" order's chat answer (and of its 付款提醒):
 * sends the customer on to Stripe's Checkout for the order (the open session, or a new one),
 * so the link works for as long as the order waits for its money. A paid order goes to its
 * page; one that ended, or a shop that cannot take cards now, gets a short page saying so.
 */
export async function chatPayLinkRoutes(
  app: FastifyInstance,
  opts: { deps: ServerDeps; orderCheckout: OrderCheckoutFn },
) {
  const { db, log } = opts.deps;
  app.get(
    '/pay/:tenant/:orderId',
    { config: { doc: { summary: 'A "+1" order’s pay link: on to Stripe Checkout', params, tag: 'payments' } } },
    async (request, reply) => {
      const path = params.safeParse(request.params);
      const shop = path.success
        ? await db.tenant.findUnique({
            where: { slug: path.data.tenant },
            select: { id: true, slug: true, name: true },
          })
        : null;
      const order =
        shop && path.success
          ? await db.order.findFirst({
              where: { tenantId: shop.id, id: path.data.orderId },
              select: { id: true, number: true, status: true, total: true, pickupMethod: true },
            })
          : null;
      if (!shop || !order) return notice(reply, 404, '找不到這筆訂單。');
      if (order.pickupMethod === null && order.status === 'confirmed')
        await ensureCardPayment(db, shop.id, order.id, order.total);
      try {
        const checkout = await opts.orderCheckout(shop, order.id);
        if (checkout.kind === 'checkout') return reply.redirect(checkout.url, 303);
        if (checkout.kind === 'paid') return reply.redirect(orderPagePath(shop.slug, order.number), 303);
        if (checkout.kind === 'unavailable')
          return notice(reply, 409, '店家目前無法收線上刷卡，請直接在聊天室與店家聯絡。');
        return notice(reply, 409, '這筆訂單目前不需要線上付款。');
      } catch (error) {
        log.error({ err: error, orderId: order.id }, 'Checkout Session not made for a pay link');
        return notice(reply, 502, '暫時連不上付款服務，請稍後再試一次。');
      }
    },
  );
}
