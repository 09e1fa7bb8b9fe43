/**
 * The zh-TW texts about a reservation (幫我留): held, confirmed, expired, and why a
 * confirmation was refused. Times are Asia/Taipei. Each fits one LINE text message.
 */

import { LINE_TEXT_MAX_LENGTH, truncateText } from './line-text.ts';
import { formatNtd } from '../money.ts';
import { orderItemLines, orderNumberText, type OrderItemText } from './order-item-text.ts';
import { CONFIRM_PURCHASE_LABEL, type ConfirmRefusalCode } from '../orders/reservation.ts';
import { formatTaipeiDateTime } from '../taipei-time.ts';

export interface ReservationText {
  orderNumber: string;
  items: readonly OrderItemText[];
  total: number;
}

/** Sent when the stock is held: what, until when, and how to confirm. */
export function reservationHeldReply(r: ReservationText & { expiresAt: Date }): string {
  const text = [
    `已為您保留商品！（未購入）\n訂單編號：${orderNumberText(r.orderNumber)}`,
    orderItemLines(r.items, '要保留'),
    `合計：${formatNtd(r.total)}\n保留期限：${formatTaipeiDateTime(r.expiresAt)}（台灣時間）`,
    `請在期限前點選下方「${CONFIRM_PURCHASE_LABEL}」按鈕完成購買。\n逾期未確認，保留會自動取消，商品將開放給其他顧客。`,
  ].join('\n\n');
  return truncateText(text, LINE_TEXT_MAX_LENGTH);
}

/** Sent when the reservation became 已購買, by the customer's button or by the shop. */
export function reservationConfirmedReply(r: ReservationText & { by: 'customer' | 'shop' }): string {
  const header = r.by === 'customer' ? '已為您確認購買，感謝您的訂購！' : '店家已為您確認購買，感謝您的訂購！';
  const text = [
    `${header}\n訂單編號：${orderNumberText(r.orderNumber)}`,
    orderItemLines(r.items, '要保留'),
    `合計：${formatNtd(r.total)}\n如有任何問題，歡迎直接留言詢問。`,
  ].join('\n\n');
  return truncateText(text, LINE_TEXT_MAX_LENGTH);
}

/** Pushed when the window ended unconfirmed and the stock went back. */
export function reservationExpiredMessage(r: ReservationText): string {
  const text = [
    `您保留的商品已超過保留期限，保留已自動取消。\n訂單編號：${orderNumberText(r.orderNumber)}`,
    orderItemLines(r.items, '要保留'),
    '如仍需要，歡迎再次下單。',
  ].join('\n\n');
  return truncateText(text, LINE_TEXT_MAX_LENGTH);
}

/** The answer to a 「確認購買」 tap that cannot confirm. */
export function reservationConfirmRefusedReply(code: ConfirmRefusalCode, orderNumber: string): string {
  const number = orderNumberText(orderNumber);
  switch (code) {
    case 'already_confirmed':
      return `訂單 ${number} 已經確認購買，不需要再次確認。`;
    case 'reservation_expired':
      return `很抱歉，訂單 ${number} 的保留已超過期限，保留已取消。\n如仍需要，歡迎再次下單。`;
    case 'reservation_cancelled':
      return `很抱歉，訂單 ${number} 的保留已經取消（或已超過期限）。\n如仍需要，歡迎再次下單。`;
    case 'not_your_reservation':
      return `訂單 ${number} 不是您的保留，只有保留的顧客本人可以確認購買。`;
    case 'not_reservation':
    case 'not_pending':
      return `訂單 ${number} 目前無法在聊天室確認，請直接留言與店家聯絡。`;
  }
}
