/**
 * The zh-TW texts the shop sends in LINE: polite, short and clear, addressing the customer
 * as 您. Every builder returns at most LINE_TEXT_MAX_LENGTH characters; long names are cut
 * and long item lists end with a count of the items left out.
 */

import { MAX_ORDER_QUANTITY } from './chat-command.ts';
import { LINE_TEXT_MAX_LENGTH, singleLine, truncateText } from './line-text.ts';
import { formatNtd } from '../money.ts';
import { ORDER_STATUS_LABELS_ZH, type OrderStatus } from '../orders/order-status.ts';
import {
  INDENT,
  MAX_CODE_LENGTH,
  MAX_NAME_LENGTH,
  orderItemBlock,
  orderNumberText,
  productLabelText as productLabel,
  type OrderItemText,
} from './order-item-text.ts';
import { formatTaipeiDateTime } from '../taipei-time.ts';

/** The items of an order, as order-item-text.ts writes them. */
export type OrderedItem = OrderItemText;

export type OrderPlacedReplyInput = { orderNumber: string; items: readonly OrderedItem[]; total: number };

function hiddenItemsNotice(hidden: number): string {
  return `…另有 ${hidden} 項商品未列出，完整內容請洽詢店家`;
}

/**
 * header, the item blocks and footer separated by blank lines; when that is too long for
 * one LINE message, as many leading items as fit followed by a count of the rest.
 */
function composeWithItems(header: string, blocks: readonly string[], footer: string): string {
  const compose = (items: readonly string[]) => [header, items.join('\n'), footer].join('\n\n');
  const full = compose(blocks);
  if (full.length <= LINE_TEXT_MAX_LENGTH) return full;
  // Reserve room for the longest notice (the one counting every item), then fill.
  let budget = LINE_TEXT_MAX_LENGTH - compose([hiddenItemsNotice(blocks.length)]).length - 1;
  const shown: string[] = [];
  for (const block of blocks) {
    if (block.length + 1 > budget) break;
    shown.push(block);
    budget -= block.length + 1;
  }
  shown.push(hiddenItemsNotice(blocks.length - shown.length));
  return truncateText(compose(shown), LINE_TEXT_MAX_LENGTH);
}

/** Sent when an order has been made: number, items, total, and any shortage spelled out. */
export function orderPlacedReply(o: OrderPlacedReplyInput): string {
  const header = `感謝您的訂購！\n訂單編號：${orderNumberText(o.orderNumber)}`;
  const footer = `合計：${formatNtd(o.total)}\n如有任何問題，歡迎直接留言詢問。`;
  return composeWithItems(
    header,
    o.items.map((item) => orderItemBlock(item, '訂購')),
    footer,
  );
}

/** Sent when the product has no stock at all, so no order was made. */
export function soldOutReply(p: { productCode: string; productName: string }): string {
  return `很抱歉，${productLabel(p)}已經售完，這次沒有為您成立訂單。\n造成不便，敬請見諒。`;
}

/** Sent when CODE+N names no product, or one that is not on sale. */
export function unknownProductReply(code: string): string {
  return (
    `很抱歉，找不到商品代碼 ${singleLine(code, MAX_CODE_LENGTH)} 的商品，或該商品目前沒有開放購買。\n` +
    '請確認商品代碼後再試一次。'
  );
}

/** Sent for '+0', '+100', '幫我留100個': the customer meant to order, the quantity cannot be. */
export function quantityLimitReply(kind: 'order' | 'reserve'): string {
  const example = kind === 'order' ? '例如 +2' : '例如 幫我留2個';
  return `數量請輸入 1 到 ${MAX_ORDER_QUANTITY}（${example}），這次沒有為您成立${kind === 'order' ? '訂單' : '保留'}。\n需要更多數量，請直接和我們聯絡。`;
}

/** Sent for +N when the shop has no public product. */
export function noProductOnSaleReply(): string {
  return '很抱歉，目前沒有開放購買的商品，這次沒有為您成立訂單。\n新商品上架後，歡迎您再來下單！';
}

export type StockShortageAlertInput = {
  productCode: string;
  productName: string;
  requested: number;
  allocated: number;
  missing: number;
  /** null when nothing could be allocated and no order was made. */
  orderNumber: string | null;
  customerName: string;
};

/** Pushed to the shop's admins when an order could not get all it asked for. */
export function stockShortageAlert(a: StockShortageAlertInput): string {
  const lines = [
    a.allocated > 0 ? '【庫存不足】' : '【完全缺貨】',
    `商品：${productLabel(a)}`,
    `顧客：${singleLine(a.customerName, MAX_NAME_LENGTH)}`,
    `訂購數量：${a.requested} 件`,
    `已保留：${a.allocated} 件`,
    `不足：${a.missing} 件`,
    a.orderNumber === null ? '訂單：未成立' : `訂單編號：${orderNumberText(a.orderNumber)}`,
    '請盡快補貨，或與顧客聯絡。',
  ];
  return truncateText(lines.join('\n'), LINE_TEXT_MAX_LENGTH);
}

// ---- customers: welcome, history, group chats ----------------------------------------------

/** The welcome a new friend gets when the shop has not written its own: how to order by chat. */
export function defaultWelcomeMessage(shopName: string): string {
  const shop = singleLine(shopName, MAX_NAME_LENGTH);
  return [
    `歡迎加入「${shop}」的 LINE 好友！感謝您的支持。`,
    [
      '在這個聊天室輸入指令就能直接下單：',
      '・+1：訂購最新商品 1 件（+2 就是 2 件，最多 99 件）',
      '・商品代碼+數量：訂購指定商品，例如 261122001+2',
      '・我要／要／來：訂購最新商品 1 件',
      '・幫我留、幫我留2個：先為您保留最新商品',
      '・【履歷】：查看您最近的訂單',
    ].join('\n'),
    '指令請單獨傳送，不要和其他文字寫在同一則訊息裡喔！',
  ].join('\n\n');
}

/** The shop's own welcome when it wrote one (blank counts as none), else the default. */
export function welcomeMessage(shop: { name: string; welcomeMessage: string | null }): string {
  const own = shop.welcomeMessage?.trim();
  return own ? truncateText(own, LINE_TEXT_MAX_LENGTH) : defaultWelcomeMessage(shop.name);
}

export type OrderHistoryEntry = {
  orderNumber: string;
  status: OrderStatus;
  /** Integer NTD. */
  total: number;
  createdAt: Date;
  items: readonly { productCode: string; productName: string; allocated: number }[];
};

const MAX_HISTORY_ITEMS_SHOWN = 5;

function historyEntryBlock(o: OrderHistoryEntry, index: number): string {
  const lines = [
    `${index + 1}. ${orderNumberText(o.orderNumber)}`,
    `${INDENT}${formatTaipeiDateTime(o.createdAt)}｜${ORDER_STATUS_LABELS_ZH[o.status]}`,
  ];
  for (const item of o.items.slice(0, MAX_HISTORY_ITEMS_SHOWN)) {
    lines.push(`${INDENT}${productLabel(item)}× ${item.allocated}`);
  }
  if (o.items.length > MAX_HISTORY_ITEMS_SHOWN) {
    lines.push(`${INDENT}…另有 ${o.items.length - MAX_HISTORY_ITEMS_SHOWN} 項商品`);
  }
  lines.push(`${INDENT}合計：${formatNtd(o.total)}`);
  return lines.join('\n');
}

/**
 * The answer to 【履歷】: the customer's most recent orders, newest first, each with number,
 * date and time (Asia/Taipei), status, items and total. `totalCount` is how many orders the
 * customer has in all, so the reply can say when older ones are left out.
 */
export function orderHistoryReply(h: { orders: readonly OrderHistoryEntry[]; totalCount: number }): string {
  if (h.orders.length === 0) {
    return '目前還沒有您的訂單紀錄。\n輸入「+1」即可訂購最新商品，歡迎您下單！';
  }
  const header =
    h.totalCount > h.orders.length
      ? `您共有 ${h.totalCount} 筆訂單，以下是最近 ${h.orders.length} 筆：`
      : `您的訂單（共 ${h.orders.length} 筆）：`;
  const text = [header, ...h.orders.map(historyEntryBlock), '訂單內容有任何問題，歡迎直接留言詢問。'].join('\n\n');
  return truncateText(text, LINE_TEXT_MAX_LENGTH);
}

/** The answer to 【履歷】 typed in a group: order history is private, so only in the 1:1 chat. */
export function historyInSharedChatReply(customerName: string): string {
  return (
    `@${singleLine(customerName, MAX_NAME_LENGTH)}\n` +
    '為保護您的隱私，購買紀錄只在您與本店的一對一聊天室提供。\n請在一對一聊天室輸入【履歷】查詢。'
  );
}

/**
 * A reply in a group chat, headed by the customer's name so everyone in the group sees whose
 * order it is.
 */
export function addressedToMember(customerName: string, text: string): string {
  return truncateText(`@${singleLine(customerName, MAX_NAME_LENGTH)}\n${text}`, LINE_TEXT_MAX_LENGTH);
}
