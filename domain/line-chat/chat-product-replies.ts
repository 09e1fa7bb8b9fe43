/**
 * The zh-TW texts of chat product management (photos, quoted edits), of orders that quote a
 * product photo, and of the new-order push to the shop's staff.
 */
import { FIELD_LABELS, type ChatProductChanges, type ChatProductLineProblem } from './chat-product-lines.ts';
import { LINE_TEXT_MAX_LENGTH, singleLine, truncateText } from './line-text.ts';
import { formatNtd } from '../money.ts';
import { MAX_NAME_LENGTH, orderItemLines, orderNumberText, type OrderItemText } from './order-item-text.ts';
import { UNLIMITED_STOCK } from '../orders/stock.ts';

const HOW_TO_FILL = ['回覆（引用）這張照片，一行一項填寫：', '商品名:新款上衣', '價格 1500', '庫存 20'].join('\n');

/** What a product still needs before it may go on sale from the chat. */
export function missingForSale(p: { name: string; price: number }): ('name' | 'price')[] {
  const missing: ('name' | 'price')[] = [];
  if (p.name.trim() === '') missing.push('name');
  if (p.price <= 0) missing.push('price');
  return missing;
}

/** The answer to an admin's photo: the new product's code and how to complete it. */
export function photoProductCreatedReply(p: { code: string }): string {
  return [`已建立商品，商品代碼：${p.code}`, '（尚未公開，填好商品名和價格後就會自動公開）', '', HOW_TO_FILL].join(
    '\n',
  );
}

/** The answer to a photo that cannot become a product; `reason` says why (too large, not a JPG or PNG). */
export function photoProductRejectedReply(reason: string): string {
  return `這張照片無法建立商品：${reason}`;
}

/** The answer to an edit quoting a photo whose product has been deleted since. */
export function quotedProductDeletedReply(): string {
  return '這張照片的商品已刪除，無法修改。';
}

function valueText(field: keyof ChatProductChanges, value: unknown): string {
  if (field === 'price') return formatNtd(value as number);
  if (field === 'stock') return value === UNLIMITED_STOCK ? '無限' : `${value as number}`;
  return `「${singleLine(String(value), MAX_NAME_LENGTH)}」`;
}

export interface ChatProductEditReplyInput {
  code: string;
  changes: ChatProductChanges;
  problems: readonly ChatProductLineProblem[];
  /** It went on sale with this edit. */
  published: boolean;
  /** Still missing after the edit (for a product not yet on sale). */
  missing: readonly ('name' | 'price')[];
  isPublic: boolean;
}

/** The answer to a quoted edit: what changed, every line not understood, and whether it is on sale. */
export function chatProductEditReply(r: ChatProductEditReplyInput): string {
  const lines = [`商品 ${r.code}`];
  const changed = Object.entries(r.changes) as [keyof ChatProductChanges, unknown][];
  if (changed.length > 0) {
    lines.push('已更新：');
    for (const [field, value] of changed) lines.push(`・${FIELD_LABELS[field]}：${valueText(field, value)}`);
  } else {
    lines.push('沒有更新任何欄位。');
  }
  if (r.problems.length > 0) {
    lines.push('', '以下內容沒有處理：');
    for (const p of r.problems) lines.push(`・${p.line} → ${p.reason}`);
  }
  lines.push('');
  if (r.published) lines.push('商品名和價格都有了，商品已公開，顧客現在可以下單！');
  else if (r.missing.length > 0) {
    lines.push(`還缺：${r.missing.map((f) => FIELD_LABELS[f]).join('、')}，填好後商品就會公開。`);
  } else if (!r.isPublic) lines.push('這個商品目前不公開，可在管理後台設定公開。');
  return truncateText(lines.join('\n'), LINE_TEXT_MAX_LENGTH);
}

/** A quoted photo whose product is not on sale (not yet public, hidden or deleted). */
export function quotedProductUnavailableReply(): string {
  return '很抱歉，您引用的商品目前沒有開放購買（可能尚未上架或已下架），這次沒有為您成立訂單。';
}

export interface NewOrderAlertInput {
  orderNumber: string;
  customerName: string;
  items: readonly OrderItemText[];
  total: number;
  reservation: boolean;
}

/** Pushed to bound staff when the tenant switched new-order notifications on. */
export function newOrderAlert(o: NewOrderAlertInput): string {
  return truncateText(
    [
      o.reservation ? '【新保留訂單】' : '【新訂單】',
      `訂單編號：${orderNumberText(o.orderNumber)}`,
      `顧客：${singleLine(o.customerName, MAX_NAME_LENGTH)}`,
      orderItemLines(o.items, o.reservation ? '保留' : '訂購'),
      `合計：${formatNtd(o.total)}`,
    ].join('\n'),
    LINE_TEXT_MAX_LENGTH,
  );
}
