import {
  payStepClosed,
  sameDiscountChoices,
  type DiscountChoices,
  type PayStepClosed,
} from '../../domain/promotions/discount-choices.ts';
import type { PricedCart } from '../../domain/restaurant/cart-pricing.ts';
import type { Db, Prisma } from '../client.ts';
import { notifyOrderChanged } from '../orders/order-changes.ts';
import { chatTakesCards } from '../payments/chat-pay-links.ts';
import { ensureCardPayment, markPaidByDiscounts } from '../payments/order-payments.ts';
import {
  discountRefusal,
  priceCheckoutDiscounts,
  recordOrderDiscounts,
  type CheckoutDiscounts,
  type DiscountRefusal,
} from './checkout-discounts.ts';
import { hasOpenPromoCodes } from './promo-codes.ts';

/**
 * A "+1" order's discounts, taken at its pay step: the order is bought in the chat at full price,
 * and before the card form the customer may use a coupon, a code or points, with the shop's
 * promotions and their tier taken off by themselves (the same pricing order as the storefront's
 * checkout, over the order's lines). They are applied once: the uses are taken, the order's
 * total and its unpaid card payment lowered, and the pay step is closed to further changes.
 */

type Client = Db | Prisma.TransactionClient;

/** The event that closes the pay step; its data keeps the choices, to know a repeat from a change. */
const APPLIED_EVENT = 'discounts_applied';

/** The order's lines as the pricing order reads a cart ("+1" orders have no delivery fee). */
async function chatOrderCart(db: Client, tenantId: string, orderId: string) {
  const items = await db.orderItem.findMany({
    where: { tenantId, orderId, allocatedQuantity: { gt: 0 } },
    select: {
      productId: true,
      productName: true,
      unitPrice: true,
      allocatedQuantity: true,
      product: { select: { categoryId: true } },
    },
    orderBy: { id: 'asc' },
  });
  const lines = items.map((i) => ({
    productId: i.productId,
    name: i.productName,
    quantity: i.allocatedQuantity,
    unitPrice: i.unitPrice,
    lineTotal: i.unitPrice * i.allocatedQuantity,
    choices: [],
    note: null,
  }));
  const subtotal = lines.reduce((sum, l) => sum + l.lineTotal, 0);
  const cart: PricedCart = { lines, subtotal, deliveryFee: 0, total: subtotal, problems: [] };
  const categories = new Map(items.map((i) => [i.productId, i.product.categoryId]));
  return { cart, categoryOf: (productId: string) => categories.get(productId) ?? null };
}

/** The order's lines through the pricing order with the customer's choices (no branch: a "+1" shop's). */
export async function priceChatOrder(
  db: Client,
  input: { tenantId: string; orderId: string; customerId: string; choices: DiscountChoices; now: Date },
): Promise<CheckoutDiscounts> {
  const { cart, categoryOf } = await chatOrderCart(db, input.tenantId, input.orderId);
  return priceCheckoutDiscounts(db, {
    tenantId: input.tenantId,
    branchId: null,
    customerId: input.customerId,
    cart,
    categoryOf,
    ...input.choices,
    now: input.now,
  });
}

/** Why the order's discounts can no longer be chosen (domain payStepClosed); null while they can. */
export async function chatPayStepClosed(db: Client, tenantId: string, orderId: string): Promise<PayStepClosed | null> {
  const order = await db.order.findFirst({
    where: { tenantId, id: orderId },
    select: {
      status: true,
      pickupMethod: true,
      payment: { select: { method: true, status: true } },
      _count: { select: { discounts: true } },
    },
  });
  if (!order) return 'not_chat_order';
  return loadedPayStepClosed(db, tenantId, { ...order, discountLines: order._count.discounts });
}

/**
 * domain payStepClosed for an order already read; whether the shop takes cards in the chat is
 * looked up only for a "+1" order with no payment yet, the one case that needs it.
 */
export async function loadedPayStepClosed(
  db: Client,
  tenantId: string,
  order: Parameters<typeof payStepClosed>[0],
): Promise<PayStepClosed | null> {
  const takesCards = order.payment === null && order.pickupMethod === null && (await chatTakesCards(db, tenantId));
  return payStepClosed(order, takesCards);
}

export interface ChatOrderQuote extends CheckoutDiscounts {
  /** Null while discounts may be chosen; else why not (the order's totals are then final). */
  closed: PayStepClosed | null;
}

/** The order priced with these choices, nothing kept (the pay page's live total). */
export async function quoteChatOrderDiscounts(
  db: Db,
  input: { tenantId: string; orderId: string; customerId: string; choices: DiscountChoices; now: Date },
): Promise<ChatOrderQuote> {
  const [priced, closed] = await Promise.all([
    priceChatOrder(db, input),
    chatPayStepClosed(db, input.tenantId, input.orderId),
  ]);
  return { ...priced, closed };
}

/** What the pay link offers before the card form (domain payStepOffersChoices). */
export async function payStepOffer(
  db: Db,
  input: { tenantId: string; orderId: string; customerId: string; now: Date },
) {
  const [quote, openPromoCodes] = await Promise.all([
    quoteChatOrderDiscounts(db, { ...input, choices: {} }),
    hasOpenPromoCodes(db, input.tenantId, input.now),
  ]);
  return {
    closed: quote.closed,
    coupons: quote.coupons.length,
    maxPoints: quote.points?.maxPoints ?? 0,
    openPromoCodes,
  };
}

export type ApplyChatDiscountsResult =
  /** Taken off; `total` is what is left to pay (0: paid in full by the discounts). */
  | { kind: 'applied'; total: number }
  /** The same choices applied before (a double tap, a retried request): nothing more was taken. */
  | { kind: 'repeated'; total: number }
  /** Nothing to take off for these choices: the order is left as it was, still open. */
  | { kind: 'nothing'; total: number }
  | { kind: 'closed'; reason: PayStepClosed }
  /** A card form was opened for the order meanwhile: the caller lets it go and tries again. */
  | { kind: 'checkout_changed' }
  | { kind: 'refused'; refusal: DiscountRefusal };

/** Thrown inside the transaction to roll back what was taken before a later use was refused. */
class RolledBack extends Error {
  readonly refusal: DiscountRefusal;
  constructor(refusal: DiscountRefusal) {
    super(refusal.kind);
    this.refusal = refusal;
  }
}

/**
 * Applies the customer's choices to their "+1" order in one transaction, the order row locked
 * first (as a quantity edit or a status change locks it, so neither runs beside this): the
 * pricing order over the lines, the code's and coupon's uses and the points taken under their
 * own locks, the discount lines written, the order's total and its unpaid card payment lowered.
 * The card form opened before (`checkoutSessionId`) must be the one the caller has let go, so the
 * next one asks the new amount; if another was opened meanwhile nothing is changed. An order the
 * discounts pay in full is paid here.
 */
export async function applyChatOrderDiscounts(
  db: Db,
  input: {
    tenantId: string;
    orderId: string;
    customerId: string;
    choices: DiscountChoices;
    /** The card form the caller let go (null: none was open). */
    checkoutSessionId: string | null;
    actor: string;
    now: Date;
  },
): Promise<ApplyChatDiscountsResult> {
  const { tenantId, orderId } = input;
  try {
    return await db.$transaction(async (tx) => {
      const [order] = await tx.$queryRaw<{ customer_id: string; total: number }[]>`
        SELECT customer_id, total FROM orders
        WHERE id = ${orderId}::uuid AND tenant_id = ${tenantId}::uuid FOR UPDATE`;
      if (!order || order.customer_id !== input.customerId) return { kind: 'closed', reason: 'not_chat_order' };
      const before = await tx.orderEvent.findFirst({
        where: { tenantId, orderId, type: APPLIED_EVENT },
        select: { data: true },
      });
      if (before) {
        const asked = (before.data as { choices?: DiscountChoices } | null)?.choices ?? {};
        return sameDiscountChoices(asked, input.choices)
          ? { kind: 'repeated', total: order.total }
          : { kind: 'closed', reason: 'discounts_applied' };
      }
      const closed = await chatPayStepClosed(tx, tenantId, orderId);
      if (closed) return { kind: 'closed', reason: closed };
      const payment = await tx.orderPayment.findUniqueOrThrow({
        where: { orderId },
        select: { checkoutSessionId: true },
      });
      if (payment.checkoutSessionId !== null && payment.checkoutSessionId !== input.checkoutSessionId)
        return { kind: 'checkout_changed' };

      const priced = await priceChatOrder(tx, input);
      const refusal = discountRefusal(priced, input.choices.usePoints);
      if (refusal) return { kind: 'refused', refusal };
      const discounts = priced.cart.discounts;
      if (discounts.length === 0) return { kind: 'nothing', total: order.total };

      const lost = await recordOrderDiscounts(tx, {
        tenantId,
        orderId,
        customerId: input.customerId,
        discounts,
        promoCode: input.choices.promoCode,
        couponId: input.choices.couponId,
        memberId: priced.memberId,
        points: priced.points?.used ?? 0,
        now: input.now,
      });
      if (lost) throw new RolledBack(lost);
      const total = priced.cart.total;
      await tx.order.update({ where: { id: orderId }, data: { total } });
      // The form let go stays named on the payment: the next one is keyed after it.
      await ensureCardPayment(tx, tenantId, orderId, total);
      await tx.orderEvent.create({
        data: {
          tenantId,
          orderId,
          type: APPLIED_EVENT,
          actor: input.actor,
          data: {
            choices: input.choices,
            discounts: discounts.map((d) => ({ kind: d.source, label: d.label, amount: d.amount })),
            totalBefore: order.total,
            totalAfter: total,
          } as Prisma.InputJsonValue,
        },
      });
      if (total === 0) await markPaidByDiscounts(tx, { tenantId, orderId, actor: input.actor });
      await notifyOrderChanged(tx as unknown as Db, tenantId, orderId);
      return { kind: 'applied', total };
    });
  } catch (error) {
    if (error instanceof RolledBack) return { kind: 'refused', refusal: error.refusal };
    throw error;
  }
}
