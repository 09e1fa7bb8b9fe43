import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { ensureCardPayment } from '../../db/payments/order-payments.ts';
import { payStepOffer } from '../../db/promotions/chat-order-discounts.ts';
import { payStepOffersChoices } from '../../domain/promotions/discount-choices.ts';
import { orderPagePath } from '../../domain/restaurant/restaurant-order-messages.ts';
import { SLUG_PATTERN } from '../../domain/tenant-slug.ts';
import type { ServerDeps } from '../deps.ts';
import type { ChatPayStepFn } from './chat-pay-step.ts';

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
 * GET /pay/:tenant/:orderId — the pay link of a "+1" order's chat answer (and of its 付款提醒).
 * When the customer has something to choose before paying (a coupon of theirs, points, a code
 * the shop gives out) it opens the order's page, where they choose and pay (signed in with
 * LINE). Otherwise the shop's promotions and their tier are taken off by themselves and it sends
 * them on to Stripe's Checkout (the open session, or a new one), so the link works for as long
 * as the order waits for its money. A paid order goes to its page; one that ended, or a shop
 * that cannot take cards now, gets a short page saying so.
 */
export async function chatPayLinkRoutes(app: FastifyInstance, opts: { deps: ServerDeps; payStep: ChatPayStepFn }) {
  const { db } = opts.deps;
  app.get(
    '/pay/:tenant/:orderId',
    {
      config: {
        doc: { summary: 'A "+1" order’s pay link: its pay page, or on to Stripe Checkout', params, tag: 'payments' },
      },
    },
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
              select: {
                id: true,
                number: true,
                status: true,
                total: true,
                pickupMethod: true,
                customerId: true,
                workflowId: true,
                sourceEventId: true,
              },
            })
          : null;
      if (!shop || !order) return notice(reply, 404, '找不到這筆訂單。');
      const page = orderPagePath(shop.slug, order.number);
      if (order.pickupMethod === null && order.status === 'confirmed') {
        await ensureCardPayment(db, shop.id, order.id, order.total);
        const offer = await payStepOffer(db, {
          tenantId: shop.id,
          orderId: order.id,
          customerId: order.customerId,
          now: new Date(),
        });
        if (offer.closed === null && payStepOffersChoices(offer)) return reply.redirect(page, 303);
      }
      const answer = await opts.payStep(shop, order, order.customerId, {}, 'system');
      switch (answer.kind) {
        case 'checkout':
          return reply.redirect(answer.url, 303);
        case 'paid':
        case 'paid_by_discounts':
          return reply.redirect(page, 303);
        case 'unavailable':
          return notice(reply, 409, '店家目前無法收線上刷卡，請直接在聊天室與店家聯絡。');
        case 'stripe_unavailable':
          return notice(reply, 502, '暫時連不上付款服務，請稍後再試一次。');
        default:
          return notice(reply, 409, '這筆訂單目前不需要線上付款。');
      }
    },
  );
}
