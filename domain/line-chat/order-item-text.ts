/**
 * How an order's items read in the shop's LINE texts (order confirmations, reservations,
 * quantity edits): 「name」（code）, then indented with U+3000 "N 件 × price = amount", and a
 * ※ note when stock was short. Names, codes and numbers are cut to one line of fixed length.
 */

import { singleLine } from './line-text.ts';
import { formatNtd } from '../money.ts';

export const MAX_NAME_LENGTH = 60;
export const MAX_CODE_LENGTH = 32;
const MAX_ORDER_NUMBER_LENGTH = 40;
export const INDENT = '　';
/** Orders from the chat have one item; a longer list is cut here and counted. */
const MAX_ITEMS_SHOWN = 20;

export interface OrderItemText {
  productCode: string;
  productName: string;
  /** Integer NTD. */
  unitPrice: number;
  requested: number;
  allocated: number;
}

export function orderNumberText(orderNumber: string): string {
  return singleLine(orderNumber, MAX_ORDER_NUMBER_LENGTH);
}

export function productLabelText(p: { productCode: string; productName: string }): string {
  return `「${singleLine(p.productName, MAX_NAME_LENGTH)}」（${singleLine(p.productCode, MAX_CODE_LENGTH)}）`;
}

/** One item's lines; `verb` names what the customer did: 訂購, 保留, 修改為. */
export function orderItemBlock(item: OrderItemText, verb: string): string {
  const lines = [`・${productLabelText(item)}`];
  if (item.allocated <= 0) {
    lines.push(`${INDENT}※ 很抱歉，此商品庫存不足，未能為您保留`);
    return lines.join('\n');
  }
  lines.push(
    `${INDENT}${item.allocated} 件 × ${formatNtd(item.unitPrice)} = ${formatNtd(item.allocated * item.unitPrice)}`,
  );
  if (item.allocated < item.requested) {
    lines.push(`${INDENT}※ 您${verb} ${item.requested} 件，因庫存不足，只為您保留 ${item.allocated} 件`);
  }
  return lines.join('\n');
}

/** Every item's lines, the first MAX_ITEMS_SHOWN of them and a count of the rest. */
export function orderItemLines(items: readonly OrderItemText[], verb: string): string {
  const blocks = items.slice(0, MAX_ITEMS_SHOWN).map((item) => orderItemBlock(item, verb));
  if (items.length > MAX_ITEMS_SHOWN) blocks.push(`…另有 ${items.length - MAX_ITEMS_SHOWN} 項商品未列出`);
  return blocks.join('\n');
}
