import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { loadMenu } from '../../db/catalog/menu.ts';
import { findPaymentOptions } from '../../db/payments/payment-settings.ts';
import { getPickupMethods } from '../../db/restaurant/pickup-methods.ts';
import {
  priceCheckoutDiscounts,
  type CodeRefusal,
  type CouponRefusalAnswer,
} from '../../db/promotions/checkout-discounts.ts';
import type { UsableCoupon } from '../../db/promotions/coupons.ts';
import { categoryOfMenu, placeRestaurantOrder, priceCheckout } from '../../db/restaurant/place-restaurant-order.ts';
import { fieldErrors } from '../../domain/form-errors.ts';
import {
  allowedPaymentMethods,
  choosePaymentMethod,
  restaurantPaymentPlan,
  transferAccount,
  type PaymentMethod,
} from '../../domain/payments/payment-settings.ts';
import type { InvoiceRecipient } from '../../domain/invoices/invoice-recipient.ts';
import type { DiscountedCart } from '../../domain/promotions/checkout-discounts.ts';
import type { PointsOffer } from '../../domain/members/points.ts';
import { checkoutSchema, quoteSchema } from '../../domain/restaurant/checkout.ts';
import { orderPagePath } from '../../domain/restaurant/restaurant-order-messages.ts';
import type { ServerDeps } from '../deps.ts';
import { checkCarrier, storefrontInvoiceOptions, type StorefrontInvoiceOptions } from '../invoices/invoice-carriers.ts';
import { shopInvoiceClient } from '../invoices/provider.ts';
import type { OrderCheckoutFn } from '../payments/order-checkout.ts';
import { SHOP_NOT_FOUND, shopCustomers } from './shop-customer.ts';
import { startRestaurantOrder } from './start-restaurant-order.ts';

/** What 送出訂單 answers on success (201, or 200 for a repeated submitId). */
export interface RestaurantOrderPlaced {
  orderNumber: string;
  status: string;
  pickupNumber: string;
  statusPath: string;
  payment: PaymentMethod;
  /** 線上刷卡: Stripe's page to pay on now (null if it could not be made: the order page offers 前往付款). */
  payUrl: string | null;
}

/** How the quoted cart may be paid for its pickup method (收款金流設定). */
export interface CheckoutPayment {
  methods: PaymentMethod[];
  transferAccount: { bankCode: string; bankAccount: string; accountName: string } | null;
}

/** What the quote says about e-invoices: null when the shop issues none (no carrier to choose). */
export type CheckoutInvoice = StorefrontInvoiceOptions | null;

const invalid = (error: z.ZodError) => ({
  code: 'invalid_order',
  message: error.issues[0]?.message ?? '訂單內容不正確',
  fields: fieldErrors(error),
  problems: [],
});

/** The quote: the cart with its discounts, why a typed code gives nothing, and how it may be paid. */
export interface CheckoutQuote extends DiscountedCart {
  codeRefusal: CodeRefusal | null;
  couponRefusal: CouponRefusalAnswer | null;
  /** The signed-in customer's coupons usable now (會員的優惠券), to pick one. */
  coupons: UsableCoupon[];
  /** The signed-in member's points: balance, the most this cart takes, what the request spends. */
  points: PointsOffer | null;
  payment: CheckoutPayment;
  invoice: CheckoutInvoice;
}

/**
 * A restaurant's customers order (餐廳線上點餐):
 *
 * - POST /api/shop/:tenant/restaurant-orders/quote — the cart priced by the one rule
 *   (domain/restaurant/cart-pricing.ts) against the branch's live menu, then the discounts of the
 *   pricing order (domain/promotions/order-discounts.ts: running promotions, the typed code, the
 *   picked coupon and the member's tier when signed in): lines, subtotal, discounts, delivery
 *   fee, total and every problem, the customer's usable coupons, and the ways it may be paid. No sign-in needed; nothing is kept.
 * - POST /api/shop/:tenant/restaurant-orders — 送出訂單 (signed-in customer): placed in one
 *   transaction (db/restaurant/place-restaurant-order.ts), then its workflow started. The
 *   submitId makes a repeated tap or a retried request answer the same order (200). A card
 *   order answers the Stripe Checkout page to go to. Refusals:
 *   409 slot_full / slot_unavailable with up to 3 next free slots, 409 unavailable with the
 *   problems, 409 promo_code / coupon (the code or coupon cannot be used now, and why),
 *   409 branch_closed / branch_paused, 400 invalid_order.
 */
export async function restaurantOrderRoutes(
  app: FastifyInstance,
  opts: { deps: ServerDeps; orderCheckout: OrderCheckoutFn },
) {
  const { db, env, temporal } = opts.deps;
  const shops = shopCustomers(opts.deps);

  /** The order is placed either way: a Stripe that does not answer leaves 前往付款 on its page. */
  async function payUrlOf(shop: { id: string; slug: string; name: string }, orderId: string): Promise<string | null> {
    try {
      const checkout = await opts.orderCheckout(shop, orderId);
      return checkout.kind === 'checkout' ? checkout.url : null;
    } catch (error) {
      opts.deps.log.warn({ err: error, orderId }, 'Checkout Session not made; the order page offers it again');
      return null;
    }
  }

  /**
   * The order's e-invoice carrier when the shop issues them: the customer's choice (雲端載具
   * under the order's phone when none), its barcode or love code known to the provider.
   */
  async function invoiceChoice(
    tenantId: string,
    checkout: { invoice?: InvoiceRecipient; phone?: string },
  ): Promise<{ ok: true; recipient: InvoiceRecipient | null } | { ok: false; field: string; message: string }> {
    const provider = await shopInvoiceClient(opts.deps, tenantId);
    if (!provider?.enabled) return { ok: true, recipient: null };
    const recipient: InvoiceRecipient = checkout.invoice ?? { kind: 'cloud' };
    if (recipient.kind === 'cloud' && !checkout.phone)
      return { ok: false, field: 'phone', message: '電子發票存入手機號碼的雲端載具，請填聯絡電話' };
    const check = await checkCarrier(provider.client, recipient);
    return check.ok ? { ok: true, recipient } : check;
  }

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
      const [menu, methods, options, invoice] = await Promise.all([
        loadMenu(db, shop.id, branch.id),
        getPickupMethods(db, shop.id, branch.id),
        findPaymentOptions(db, shop.id),
        storefrontInvoiceOptions(opts.deps, shop.id),
      ]);
      const cart = priceCheckout(
        menu.categories.flatMap((c) => c.items),
        methods,
        branch,
        input.data,
      );
      const customer = await shops.customerOf(request, shop);
      const priced = await priceCheckoutDiscounts(db, {
        tenantId: shop.id,
        branchId: branch.id,
        customerId: customer?.id ?? null,
        cart,
        categoryOf: categoryOfMenu(menu),
        promoCode: input.data.promoCode,
        couponId: input.data.couponId,
        usePoints: input.data.usePoints,
        now: new Date(),
      });
      const payment: CheckoutPayment = {
        methods: allowedPaymentMethods(options.settings, input.data.method, options.cardReady),
        transferAccount: transferAccount(options.settings),
      };
      const body: CheckoutQuote = {
        ...priced.cart,
        codeRefusal: priced.codeRefusal,
        couponRefusal: priced.couponRefusal,
        coupons: priced.coupons,
        points: priced.points,
        payment,
        invoice: invoice satisfies CheckoutInvoice,
      };
      return reply.header('cache-control', 'no-store').send(body);
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
      const options = await findPaymentOptions(db, shop.id);
      const allowed = allowedPaymentMethods(options.settings, input.data.method, options.cardReady);
      const payment = choosePaymentMethod(allowed, input.data.payment);
      if (!payment.ok)
        return reply.code(400).send({
          code: 'invalid_order',
          message: payment.message,
          fields: { payment: payment.message },
          problems: [],
        });
      const invoice = await invoiceChoice(shop.id, input.data);
      if (!invoice.ok)
        return reply
          .code(400)
          .send({ code: 'invalid_order', message: invoice.message, fields: { [invoice.field]: invoice.message }, problems: [] });
      const result = await placeRestaurantOrder(db, {
        tenantId: shop.id,
        customerId: customer.id,
        checkout: input.data,
        payment: payment.method,
        invoice: invoice.recipient,
      });
      switch (result.kind) {
        case 'placed':
        case 'repeated': {
          const method = result.order.payment;
          const plan = restaurantPaymentPlan(options.settings, method, result.order.createdAt.getTime());
          await startRestaurantOrder(temporal, env.TEMPORAL_TASK_QUEUE, shop.id, result.order, plan);
          const body: RestaurantOrderPlaced = {
            orderNumber: result.order.number,
            status: result.order.status,
            pickupNumber: result.order.pickupNumber,
            statusPath: orderPagePath(shop.slug, result.order.number),
            payment: method,
            payUrl: method === 'card' ? await payUrlOf(shop, result.order.id) : null,
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
        case 'promo_code':
        case 'coupon':
        case 'points':
          return reply.code(409).send({ code: result.kind, message: result.message, reason: result.reason });
        case 'branch_not_found':
          return reply.code(404).send({ code: 'branch_not_found', message: result.message });
        default:
          return reply.code(409).send({ code: result.kind, message: result.message });
      }
    },
  );
}
