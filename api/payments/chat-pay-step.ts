import { findPaymentAccount } from '../../db/payments/payment-accounts.ts';
import { chatTakesCards } from '../../db/payments/chat-pay-links.ts';
import { ensureCardPayment, findOrderPayment } from '../../db/payments/order-payments.ts';
import { discountRefusal } from '../../db/promotions/checkout-discounts.ts';
import {
  applyChatOrderDiscounts,
  chatPayStepClosed,
  priceChatOrder,
  type ApplyChatDiscountsResult,
} from '../../db/promotions/chat-order-discounts.ts';
import type { DiscountChoices } from '../../domain/promotions/discount-choices.ts';
import type { StripeGateway } from '../../integrations/stripe/gateway.ts';
import type { ServerDeps } from '../deps.ts';
import { markChatOrderPaid } from './chat-order-paid.ts';
import { expireCheckout, type OrderCheckout, type OrderCheckoutFn } from './order-checkout.ts';

export interface PayStepOrder {
  id: string;
  /** null: a "+1" order (its discounts are taken here); a restaurant's were taken at checkout. */
  pickupMethod: string | null;
  workflowId: string;
  status: string;
  total: number;
  sourceEventId: string | null;
}

export type PayStepAnswer =
  | OrderCheckout
  | { kind: 'refused'; code: string; message: string; reason?: string }
  /** The discounts left nothing to pay: the order is paid now. */
  | { kind: 'paid_by_discounts' }
  /** A Stripe that did not answer: nothing was taken off, the same tap is safe again. */
  | { kind: 'stripe_unavailable' };

/** What the customer reads when the pay step is closed to the discounts they sent. */
const CLOSED_ZH = {
  discounts_applied: '這筆訂單已經套用過優惠，無法再更換；需要更改請聯絡店家',
  not_awaiting_card: '這筆訂單目前不需要線上付款',
  not_chat_order: '這筆訂單的優惠已在下單時計算',
} as const;

/**
 * A "+1" order's pay step: the customer's discount choices applied once (db/promotions/
 * chat-order-discounts.ts), then on to Stripe's Checkout for what is left. The card form opened
 * before for the full amount is expired on Stripe first, so it cannot take the old amount after
 * the discounts are kept (a form paid in the meantime is paid: nothing is taken off).
 */
export function createChatPayStep(deps: ServerDeps, stripe: StripeGateway | null, orderCheckout: OrderCheckoutFn) {
  /** 'paid' when the open card form was paid on Stripe already; else the form let go (or none). */
  async function letGoOfCheckout(
    tenantId: string,
    order: PayStepOrder,
  ): Promise<{ kind: 'paid' } | { kind: 'free'; sessionId: string | null }> {
    const payment = await findOrderPayment(deps.db, tenantId, order.id);
    const sessionId = payment?.checkoutSessionId ?? null;
    if (!sessionId) return { kind: 'free', sessionId: null };
    const account = await findPaymentAccount(deps.db, tenantId);
    if (!stripe || !account) return { kind: 'free', sessionId };
    const current = await stripe.retrieveCheckoutSession(sessionId, account.stripeAccountId);
    if (current.status === 'complete') return { kind: 'paid' };
    if (
      current.status === 'open' &&
      (await expireCheckout(stripe, account.stripeAccountId, order.workflowId, sessionId)) === 'paid'
    )
      return { kind: 'paid' };
    return { kind: 'free', sessionId };
  }

  async function checkout(shop: { id: string; slug: string; name: string }, orderId: string): Promise<PayStepAnswer> {
    try {
      return await orderCheckout(shop, orderId);
    } catch (error) {
      deps.log.error({ err: error, orderId }, 'Checkout Session not made');
      return { kind: 'stripe_unavailable' };
    }
  }

  async function apply(
    shop: { id: string },
    order: PayStepOrder,
    customerId: string,
    choices: DiscountChoices,
    actor: string,
  ): Promise<ApplyChatDiscountsResult | { kind: 'paid' }> {
    const ids = { tenantId: shop.id, orderId: order.id, customerId, choices, now: new Date() };
    // A shop that takes cards in the chat opens the card payment when the customer first goes to pay.
    if (order.status === 'confirmed' && (await chatTakesCards(deps.db, shop.id)))
      await ensureCardPayment(deps.db, shop.id, order.id, order.total);
    const closed = await chatPayStepClosed(deps.db, shop.id, order.id);
    // Applied before: the same choices again are a repeat, others are refused (no card form is touched).
    if (closed === 'discounts_applied')
      return applyChatOrderDiscounts(deps.db, { ...ids, checkoutSessionId: null, actor });
    if (closed) return { kind: 'closed', reason: closed };
    // A choice refused now, or nothing to take off: the open card form stays as it is.
    const priced = await priceChatOrder(deps.db, ids);
    const refusal = discountRefusal(priced, choices.usePoints);
    if (refusal) return { kind: 'refused', refusal };
    if (priced.cart.discounts.length === 0) return { kind: 'nothing', total: priced.cart.total };
    // A form opened by another tab between the two steps is let go on the next round.
    for (let round = 0; ; round++) {
      const released = await letGoOfCheckout(shop.id, order);
      if (released.kind === 'paid') return released;
      const result = await applyChatOrderDiscounts(deps.db, { ...ids, checkoutSessionId: released.sessionId, actor });
      if (result.kind !== 'checkout_changed' || round === 2) return result;
    }
  }

  /**
   * Applies the choices (none: the promotions and tier alone) and answers where the customer
   * goes to pay. Choices sent to an order that is not at its pay step are refused.
   */
  return async function payStep(
    shop: { id: string; slug: string; name: string },
    order: PayStepOrder,
    customerId: string,
    choices: DiscountChoices,
    actor: string,
  ): Promise<PayStepAnswer> {
    const chose = Boolean(choices.promoCode?.trim() || choices.couponId || choices.usePoints);
    if (order.pickupMethod !== null && chose)
      return { kind: 'refused', code: 'not_chat_order', message: CLOSED_ZH.not_chat_order };
    if (order.pickupMethod !== null) return checkout(shop, order.id);
    let applied: Awaited<ReturnType<typeof apply>>;
    try {
      applied = await apply(shop, order, customerId, choices, actor);
    } catch (error) {
      deps.log.error({ err: error, orderId: order.id }, 'pay step not taken');
      return { kind: 'stripe_unavailable' };
    }
    switch (applied.kind) {
      case 'paid':
        return { kind: 'paid' };
      case 'refused':
        return {
          kind: 'refused',
          code: applied.refusal.kind,
          reason: applied.refusal.reason,
          message: applied.refusal.message,
        };
      case 'checkout_changed':
        return { kind: 'refused', code: 'try_again', message: '付款頁剛剛有變動，請再試一次' };
      case 'closed':
        if (chose) return { kind: 'refused', code: applied.reason, message: CLOSED_ZH[applied.reason] };
        break;
      case 'applied':
      case 'repeated':
        if (applied.total === 0) {
          await markChatOrderPaid(deps, shop.id, order);
          return { kind: 'paid_by_discounts' };
        }
        break;
      case 'nothing':
        break;
    }
    return checkout(shop, order.id);
  };
}
export type ChatPayStepFn = ReturnType<typeof createChatPayStep>;
