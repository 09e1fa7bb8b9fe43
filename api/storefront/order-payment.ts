import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { saveTransferDigits } from '../../db/payments/order-payments.ts';
import type { CodeRefusal, CouponRefusalAnswer } from '../../db/promotions/checkout-discounts.ts';
import { quoteChatOrderDiscounts, type ChatOrderQuote } from '../../db/promotions/chat-order-discounts.ts';
import type { UsableCoupon } from '../../db/promotions/coupons.ts';
import { fieldErrors } from '../../domain/form-errors.ts';
import { discountChoicesSchema } from '../../domain/promotions/discount-choices.ts';
import type { DiscountedCart } from '../../domain/promotions/checkout-discounts.ts';
import { transferDigitsSchema } from '../../domain/payments/payment-settings.ts';
import type { ServerDeps } from '../deps.ts';
import type { ChatPayStepFn } from '../payments/chat-pay-step.ts';
import { STRIPE_UNAVAILABLE } from '../stripe-gateway.ts';
import { customerOwnOrder, orderParams } from './customer-order.ts';

const digitsBody = z.strictObject({ digits: transferDigitsSchema });

/** A "+1" order's pay page: the order priced with the choices, and whether they may still be made. */
export interface PayStepQuote extends Pick<
  DiscountedCart,
  'subtotal' | 'discounts' | 'discountTotal' | 'total' | 'notApplied'
> {
  codeRefusal: CodeRefusal | null;
  couponRefusal: CouponRefusalAnswer | null;
  coupons: UsableCoupon[];
  points: ChatOrderQuote['points'];
  closed: ChatOrderQuote['closed'];
}

/**
 * Paying for an order from its page (the signed-in customer's own order only):
 *
 * - POST /api/shop/:tenant/orders/:orderNumber/discounts/quote {promoCode?, couponId?, usePoints?}
 *   — a "+1" order priced by the pricing order with the customer's choices (promotions and their
 *   tier included), their usable coupons and points, and why each choice gives nothing; nothing kept.
 * - POST /api/shop/:tenant/orders/:orderNumber/pay {promoCode?, couponId?, usePoints?} — 前往付款:
 *   a "+1" order's discounts applied once (api/payments/chat-pay-step.ts), then Stripe's Checkout
 *   page for a card order still unpaid (the open session, or a new one). `{url: null, paid: true}`
 *   when the discounts paid it all. 409 when a choice is refused (promo_code, coupon, points),
 *   when discounts were applied already with other choices (discounts_applied), when there is
 *   nothing to pay by card or the shop cannot take cards now.
 * - PUT /api/shop/:tenant/orders/:orderNumber/transfer-digits {digits} — 轉帳: the last five
 *   digits of the customer's account, for the shop to match; while the transfer is unpaid.
 */
export async function orderPaymentRoutes(app: FastifyInstance, opts: { deps: ServerDeps; payStep: ChatPayStepFn }) {
  const { db } = opts.deps;
  const ownOrder = customerOwnOrder(opts.deps);

  /** The order's workflow and kind, which the pay step needs beside the page's view. */
  const payStepOrder = (tenantId: string, orderId: string) =>
    db.order.findFirstOrThrow({
      where: { tenantId, id: orderId },
      select: { id: true, pickupMethod: true, workflowId: true, status: true, total: true, sourceEventId: true },
    });

  /** The customer's own order and the discount choices the body sends (400 with each field's problem). */
  async function ownOrderWithChoices(request: FastifyRequest, reply: FastifyReply) {
    const found = await ownOrder(request, reply);
    if (!found) return null;
    const input = discountChoicesSchema.safeParse(request.body ?? {});
    if (input.success) return { ...found, choices: input.data };
    await reply.code(400).send({
      code: 'invalid_body',
      message: input.error.issues[0]?.message ?? '優惠內容不正確',
      fields: fieldErrors(input.error),
    });
    return null;
  }

  app.post(
    '/api/shop/:tenant/orders/:orderNumber/discounts/quote',
    {
      config: {
        doc: {
          summary: 'A "+1" order priced with the customer’s coupon, code and points (nothing is kept)',
          params: orderParams,
          body: discountChoicesSchema,
        },
      },
    },
    async (request, reply) => {
      const found = await ownOrderWithChoices(request, reply);
      if (!found) return reply;
      const quote = await quoteChatOrderDiscounts(db, {
        tenantId: found.shop.id,
        orderId: found.order.id,
        customerId: found.customer.id,
        choices: found.choices,
        now: new Date(),
      });
      const { subtotal, discounts, discountTotal, total, notApplied } = quote.cart;
      const body: PayStepQuote = {
        subtotal,
        discounts,
        discountTotal,
        total,
        notApplied,
        codeRefusal: quote.codeRefusal,
        couponRefusal: quote.couponRefusal,
        coupons: quote.coupons,
        points: quote.points,
        closed: quote.closed,
      };
      return reply.header('cache-control', 'no-store').send(body);
    },
  );

  app.post(
    '/api/shop/:tenant/orders/:orderNumber/pay',
    {
      config: {
        doc: {
          summary: 'Stripe Checkout for the customer’s unpaid card order (a "+1" order’s discounts applied first)',
          params: orderParams,
          body: discountChoicesSchema,
        },
      },
    },
    async (request, reply) => {
      const found = await ownOrderWithChoices(request, reply);
      if (!found) return reply;
      const order = await payStepOrder(found.shop.id, found.order.id);
      const answer = await opts.payStep(
        found.shop,
        order,
        found.customer.id,
        found.choices,
        `customer:${found.customer.id}`,
      );
      switch (answer.kind) {
        case 'checkout':
          return { url: answer.url };
        case 'paid_by_discounts':
          return { url: null, paid: true };
        case 'refused':
          return reply.code(409).send({ code: answer.code, reason: answer.reason, message: answer.message });
        case 'stripe_unavailable':
          return reply.code(502).send(STRIPE_UNAVAILABLE);
        case 'unavailable':
          return reply.code(409).send({ code: 'payment_unavailable', message: '店家目前無法收線上刷卡，請聯絡店家' });
        default:
          return reply.code(409).send({ code: `payment_${answer.kind}`, message: '這筆訂單沒有需要線上付款的金額' });
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
        return reply.code(400).send({
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
