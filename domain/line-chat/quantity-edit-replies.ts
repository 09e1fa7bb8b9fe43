/**
 * The zh-TW texts about a quantity changed by editing the order's chat message, and why an
 * edit could not change the order. Each fits one LINE text message.
 */

import { LINE_TEXT_MAX_LENGTH, truncateText } from './line-text.ts';
import { formatNtd } from '../money.ts';
import { orderItemLines, orderNumberText, type OrderItemText } from './order-item-text.ts';
import { ORDER_STATUS_LABELS_ZH, type OrderStatus } from '../orders/order-status.ts';
import type { QuantityEditRefusalCode } from '../orders/quantity-edit.ts';

/** Sent after the order took the edited quantity (fully, partly, or with stock released). */
export function quantityChangedReply(o: {
  orderNumber: string;
  items: readonly OrderItemText[];
  total: number;
}): string {
  const text = [
    `已依您修改的訊息更新訂單數量。\n訂單編號：${orderNumberText(o.orderNumber)}`,
    orderItemLines(o.items, '修改為'),
    `合計：${formatNtd(o.total)}\n如有任何問題，歡迎直接留言詢問。`,
  ].join('\n\n');
  return truncateText(text, LINE_TEXT_MAX_LENGTH);
}

/** Sent when an edited message could not change its order; the order stays as it was. */
export function quantityEditRefusedReply(
  code: QuantityEditRefusalCode,
  o: { orderNumber: string; status: OrderStatus },
): string {
  const number = orderNumberText(o.orderNumber);
  switch (code) {
    case 'not_editable':
      return (
        `訂單 ${number} 目前是「${ORDER_STATUS_LABELS_ZH[o.status]}」，無法再用修改訊息變更數量，訂單維持原樣。\n` +
        '如需調整，請直接留言與店家聯絡。'
      );
    case 'not_an_order':
      return `修改後的訊息不是訂購指令，訂單 ${number} 維持原樣。\n如要變更數量，請將訊息改成例如「+3」。`;
    case 'other_product':
      return `修改訊息只能變更數量，不能換成其他商品，訂單 ${number} 維持原樣。\n如要訂購其他商品，請另外下單。`;
  }
}
