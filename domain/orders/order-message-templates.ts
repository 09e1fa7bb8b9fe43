/**
 * The messages a merchant pushes to a customer from an order's page: ready-made templates
 * (購買完成, 出貨完成, 付款提醒, 缺貨說明) with placeholders, or free text. One pure renderer,
 * used by the page's preview and by the server, so what the merchant previews is what is sent.
 */

import { singleLine } from '../line-chat/line-text.ts';
import { formatNtd } from '../money.ts';
import { orderNumberText } from '../line-chat/order-item-text.ts';

export const ORDER_MESSAGE_TEMPLATE_IDS = ['purchase_complete', 'shipped', 'payment_reminder', 'out_of_stock'] as const;
export type OrderMessageTemplateId = (typeof ORDER_MESSAGE_TEMPLATE_IDS)[number];

/** Free text a merchant types: 1–500 characters after trimming. */
export const FREE_TEXT_MAX_LENGTH = 500;

/** The placeholders a template may use, written {name} in its text. */
export const ORDER_MESSAGE_PLACEHOLDERS = [
  'customerName',
  'orderNumber',
  'total',
  'trackingNumber',
  'shopName',
] as const;
export type OrderMessagePlaceholder = (typeof ORDER_MESSAGE_PLACEHOLDERS)[number];

export interface OrderMessageTemplate {
  id: OrderMessageTemplateId;
  /** The name the merchant picks it by (zh-TW, as merchants know it). */
  title: string;
  text: string;
}

export const ORDER_MESSAGE_TEMPLATES: Readonly<Record<OrderMessageTemplateId, OrderMessageTemplate>> = {
  purchase_complete: {
    id: 'purchase_complete',
    title: '購買完成',
    text: '{customerName} 您好，感謝您的訂購！\n訂單編號：{orderNumber}\n訂單金額：{total}\n我們會盡快為您備貨，有任何問題歡迎直接在聊天室留言。\n{shopName} 敬上',
  },
  shipped: {
    id: 'shipped',
    title: '出貨完成',
    text: '{customerName} 您好，您的訂單 {orderNumber} 已經出貨囉！\n物流單號：{trackingNumber}\n收到商品後如有任何問題，歡迎隨時告訴我們。\n{shopName} 敬上',
  },
  payment_reminder: {
    id: 'payment_reminder',
    title: '付款提醒',
    text: '{customerName} 您好，提醒您訂單 {orderNumber} 尚未完成付款，應付金額為 {total}。\n完成付款後請在聊天室告訴我們，我們會盡快為您出貨，謝謝！\n{shopName} 敬上',
  },
  out_of_stock: {
    id: 'out_of_stock',
    title: '缺貨說明',
    text: '{customerName} 您好，很抱歉，您訂購的商品（訂單 {orderNumber}）目前庫存不足，無法全數出貨。\n我們會再與您聯繫後續處理方式（補貨後出貨或退款），造成不便敬請見諒。\n{shopName} 敬上',
  },
};

/** What a template's placeholders are filled with. */
export interface OrderMessageContext {
  customerName: string;
  orderNumber: string;
  /** Integer NTD. */
  total: number;
  trackingNumber: string | null;
  shopName: string;
}

export type OrderMessageRequest = { template: OrderMessageTemplateId } | { text: string };

export type RenderedOrderMessage = { ok: true; text: string } | { ok: false; code: string; message: string };

const NAME_MAX = 60;

function placeholderValue(name: OrderMessagePlaceholder, context: OrderMessageContext): string | null {
  switch (name) {
    case 'customerName':
      return singleLine(context.customerName, NAME_MAX);
    case 'orderNumber':
      return orderNumberText(context.orderNumber);
    case 'total':
      return formatNtd(context.total);
    case 'trackingNumber':
      return context.trackingNumber ? singleLine(context.trackingNumber, 64) : null;
    case 'shopName':
      return singleLine(context.shopName, NAME_MAX);
  }
}

/**
 * The text pushed to the customer, or why it cannot be sent (a zh-TW reason for the merchant):
 * free text must be 1–500 characters; 出貨完成 needs the order's tracking number.
 */
export function renderOrderMessage(request: OrderMessageRequest, context: OrderMessageContext): RenderedOrderMessage {
  if ('text' in request) {
    const text = request.text.trim();
    if (text.length === 0) return { ok: false, code: 'text_empty', message: '請輸入要傳給顧客的訊息' };
    if (text.length > FREE_TEXT_MAX_LENGTH) {
      return {
        ok: false,
        code: 'text_too_long',
        message: `訊息最多 ${FREE_TEXT_MAX_LENGTH} 個字，目前 ${text.length} 個字`,
      };
    }
    return { ok: true, text };
  }
  const template = isOrderMessageTemplateId(request.template) ? ORDER_MESSAGE_TEMPLATES[request.template] : null;
  if (!template) return { ok: false, code: 'unknown_template', message: '找不到這個訊息範本' };
  let missing: OrderMessagePlaceholder | null = null;
  const text = template.text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    if (!(ORDER_MESSAGE_PLACEHOLDERS as readonly string[]).includes(name)) return whole;
    const value = placeholderValue(name as OrderMessagePlaceholder, context);
    if (value === null) {
      missing ??= name as OrderMessagePlaceholder;
      return '';
    }
    return value;
  });
  if (missing === 'trackingNumber') {
    return { ok: false, code: 'tracking_number_missing', message: '這筆訂單還沒有物流單號，請先在狀態中填寫物流單號' };
  }
  return { ok: true, text };
}

export function isOrderMessageTemplateId(x: unknown): x is OrderMessageTemplateId {
  return typeof x === 'string' && (ORDER_MESSAGE_TEMPLATE_IDS as readonly string[]).includes(x);
}
