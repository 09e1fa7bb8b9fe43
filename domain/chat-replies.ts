/**
 * The zh-TW texts the shop sends in LINE: polite, short and clear, addressing the customer
 * as 您. Every builder returns at most LINE_TEXT_MAX_LENGTH characters; long names are cut
 * and long item lists end with a count of the items left out.
 */

import { LINE_TEXT_MAX_LENGTH, singleLine, truncateText } from './line-text.ts';
import { formatNtd } from './money.ts';

const MAX_NAME_LENGTH = 60;
const MAX_CODE_LENGTH = 32;
const MAX_ORDER_NUMBER_LENGTH = 40;
const INDENT = '　';

export type OrderedItem = {
  productCode: string;
  productName: string;
  /** Integer NTD. */
  unitPrice: number;
  requested: number;
  allocated: number;
};

export type OrderPlacedReplyInput = { orderNumber: string; items: readonly OrderedItem[]; total: number };

function productLabel(p: { productCode: string; productName: string }): string {
  return `「${singleLine(p.productName, MAX_NAME_LENGTH)}」（${singleLine(p.productCode, MAX_CODE_LENGTH)}）`;
}

function orderedItemBlock(item: OrderedItem): string {
  const lines = [`・${productLabel(item)}`];
  if (item.allocated <= 0) {
    lines.push(`${INDENT}※ 很抱歉，此商品庫存不足，未能為您保留`);
    return lines.join('\n');
  }
  lines.push(
    `${INDENT}${item.allocated} 件 × ${formatNtd(item.unitPrice)} = ${formatNtd(item.allocated * item.unitPrice)}`,
  );
  if (item.allocated < item.requested) {
    lines.push(`${INDENT}※ 您訂購 ${item.requested} 件，因庫存不足，只為您保留 ${item.allocated} 件`);
  }
  return lines.join('\n');
}

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
  const header = `感謝您的訂購！\n訂單編號：${singleLine(o.orderNumber, MAX_ORDER_NUMBER_LENGTH)}`;
  const footer = `合計：${formatNtd(o.total)}\n如有任何問題，歡迎直接留言詢問。`;
  return composeWithItems(header, o.items.map(orderedItemBlock), footer);
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
    a.orderNumber === null ? '訂單：未成立' : `訂單編號：${singleLine(a.orderNumber, MAX_ORDER_NUMBER_LENGTH)}`,
    '請盡快補貨，或與顧客聯絡。',
  ];
  return truncateText(lines.join('\n'), LINE_TEXT_MAX_LENGTH);
}
