import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { saveTransferDigits } from '../../db/payments/order-payments.ts';
import { transferDigitsSchema } from '../../domain/payments/payment-settings.ts';
import type { ServerDeps } from '../deps.ts';
import type { OrderCheckoutFn } from '../payments/order-checkout.ts';
import { STRIPE_UNAVAILABLE } from '../stripe-gateway.ts';
import { customerOwnOrder, orderParams } from './customer-order.ts';
import { emptyBody } from '../../domain/query-inputs.ts';

const digitsBody = z.strictObject({ digits: transferDigitsSchema });

/**
 * Paying for an order from its page (the signed-in customer's own order only):
 *
 * - POST /api/shop/:tenant/orders/:orderNumber/pay — 前往付款: Stripe's Checkout page for a card
 *   order still unpaid (the open session, or a new one once the last expired). 409 when there is
 *   nothing to pay by card or the shop cannot take cards now.
 * - PUT /api/shop/:tenant/orders/:orderNumber/transfer-digits {digits} — 轉帳: the last five
 *   digits of the customer's account, for the shop to match; while the transfer is unpaid.
 */
export async function orderPaymentRoutes(
  app: FastifyInstance,
  opts: { deps: ServerDeps; orderCheckout: OrderCheckoutFn },
) {
  const { db, log } = opts.deps;
  const ownOrder = customerOwnOrder(opts.deps);

  app.post(
    '/api/shop/:tenant/orders/:orderNumber/pay',
    {
      config: {
        doc: { summary: 'Stripe Checkout for the customer’s unpaid card order', params: orderParams, body: emptyBody },
      },
    },
    async (request, reply) => {
      const found = await ownOrder(request, reply);
      if (!found) return reply;
      if (!emptyBody.safeParse(request.body ?? {}).success)
        return reply.code(400).send({ code: 'invalid_body', message: '這個請求不需要內容' });
      try {
        const checkout = await opts.orderCheckout(found.shop, found.order.id);
        if (checkout.kind === 'checkout') return { url: checkout.url };
        const message =
          checkout.kind === 'unavailable' ? '店家目前無法收線上刷卡，請聯絡店家' : '這筆訂單沒有需要線上付款的金額';
        return reply.code(409).send({ code: `payment_${checkout.kind}`, message });
      } catch (error) {
        log.error({ err: error, orderId: found.order.id }, 'Checkout Session not made');
        return reply.code(502).send(STRIPE_UNAVAILABLE);
      }
    },
  );

  app.put(
    '/api/shop/:tenant/orders/:orderNumber/transfer-digits',
    {
      config: {
        doc: { summary: 'The last five digits of the customer’s transfer', params: orderParams, body: digitsBody },
      },
    },
    async (request, reply) => {
      const found = await ownOrder(request, reply);
      if (!found) return reply;
      const input = digitsBody.safeParse(request.body);
      if (!input.success)
        return reply
          .code(400)
          .send({
            code: 'invalid_body',
            message: input.error.issues[0]?.message ?? '內容不正確',
            fields: { digits: input.error.issues[0]?.message },
          });
      const saved = await saveTransferDigits(db, {
        tenantId: found.shop.id,
        orderId: found.order.id,
        digits: input.data.digits,
        actor: `customer:${found.customer.id}`,
      });
      if (!saved) return reply.code(409).send({ code: 'not_unpaid_transfer', message: '這筆訂單不是待付款的轉帳訂單' });
      return { digits: input.data.digits };
    },
  );
}
