import { CONFIRM_PURCHASE_LABEL, confirmReservationPostbackData } from '../orders/reservation.ts';
import { JOIN_WAITLIST_LABEL, joinWaitlistPostbackData } from '../orders/waitlist.ts';
import { noProductOnSaleReply, orderPlacedReply, soldOutReply, unknownProductReply } from './chat-replies.ts';
import { quotedProductUnavailableReply } from './chat-product-replies.ts';
import { reservationHeldReply } from './reservation-replies.ts';

interface AnsweredItem {
  productCode: string;
  productName: string;
  unitPrice: number;
  requested: number;
  allocated: number;
}

/** What placing a chat command came to, as far as the customer's answer needs it. */
export type ChatOrderResultForAnswer =
  | { kind: 'placed'; order: { number: string; total: number; items: AnsweredItem[] }; payLink?: string }
  | { kind: 'sold_out'; product: { code: string; name: string }; allocation: { missing: number } }
  | { kind: 'unknown_product'; code: string | null; quotedPhoto?: boolean };

export interface ChatOrderAnswer {
  text: string;
  /** 「確認購買」 under a held reservation, 「排候補」 under a sold-out answer. */
  quickReply?: { label: string; data: string; displayText: string }[];
}

/**
 * The one answer a customer gets to "+1" or 幫我留: the order, the reservation with its
 * deadline and a confirm button, sold out, or no such product. The inbox's fast lane and the
 * order workflow both answer with it.
 */
export function chatOrderAnswer(
  result: ChatOrderResultForAnswer,
  reservation: { expiresAtMs: number } | null,
): ChatOrderAnswer {
  if (result.kind === 'placed') {
    const { number: orderNumber, items, total } = result.order;
    if (!reservation) {
      const placed = orderPlacedReply({ orderNumber, items, total });
      return { text: result.payLink ? `${placed}\n線上刷卡付款：${result.payLink}` : placed };
    }
    return {
      text: reservationHeldReply({ orderNumber, items, total, expiresAt: new Date(reservation.expiresAtMs) }),
      quickReply: [
        {
          label: CONFIRM_PURCHASE_LABEL,
          data: confirmReservationPostbackData(orderNumber),
          displayText: CONFIRM_PURCHASE_LABEL,
        },
      ],
    };
  }
  if (result.kind === 'sold_out') {
    return {
      text: `${soldOutReply({ productCode: result.product.code, productName: result.product.name })}\n想等補貨的話，請點下方「${JOIN_WAITLIST_LABEL}」，一有貨會自動為您保留。`,
      quickReply: [
        {
          label: JOIN_WAITLIST_LABEL,
          data: joinWaitlistPostbackData(result.product.code, Math.min(99, result.allocation.missing)),
          displayText: JOIN_WAITLIST_LABEL,
        },
      ],
    };
  }
  if (result.quotedPhoto) return { text: quotedProductUnavailableReply() };
  return { text: result.code === null ? noProductOnSaleReply() : unknownProductReply(result.code) };
}
