/**
 * Editing an order by editing its chat message (LINE's messageEdited, in group chats): a
 * `+1` edited into `+3` changes the order's quantity while the order is 未購入 or 已購買
 * and not paid. Edits can arrive out of order; the one LINE stamped last wins.
 */

import type { ChatCommand, OrderTarget } from '../line-chat/chat-command.ts';
import type { OrderStatus } from './order-status.ts';
import { allocateStock, isValidStock, UNLIMITED_STOCK, type Allocation } from './stock.ts';

/** 未購入 and 已購買: not paid, not shipped, not cancelled. */
export const QUANTITY_EDITABLE_STATUSES: readonly OrderStatus[] = ['pending', 'confirmed'];

export function isQuantityEditable(status: OrderStatus): boolean {
  return QUANTITY_EDITABLE_STATUSES.includes(status);
}

export type QuantityEditRefusalCode = 'not_an_order' | 'other_product' | 'not_editable';

export type QuantityEditDecision =
  { kind: 'change'; quantity: number } | { kind: 'unchanged' } | { kind: 'refuse'; code: QuantityEditRefusalCode };

export interface EditableOrder {
  status: OrderStatus;
  /** What the original message asked for: the newest product, a code, or a quoted product photo. */
  originalTarget: OrderTarget;
  /** The order's product (the one the original message resolved to). */
  productCode: string;
  /** Quantity the customer asked for last (not what was allocated). */
  requested: number;
}

/**
 * What an edited message means for its order. The edited text must still be an order
 * command (`+N`, `CODE+N`, 幫我留N個) for the same product: a bare `+N` means the product the
 * original message ordered when that one was a bare `+N` too (the newest product may have
 * changed since), and a code must be the order's product. The status is checked first:
 * a paid order is refused whatever the text says.
 */
export function decideQuantityEdit(order: EditableOrder, edited: ChatCommand | null): QuantityEditDecision {
  if (!isQuantityEditable(order.status)) return { kind: 'refuse', code: 'not_editable' };
  if (edited === null || (edited.kind !== 'order' && edited.kind !== 'reserve')) {
    return { kind: 'refuse', code: 'not_an_order' };
  }
  const sameProduct =
    edited.target.type === 'code' ? edited.target.code === order.productCode : order.originalTarget.type !== 'code';
  if (!sameProduct) return { kind: 'refuse', code: 'other_product' };
  if (edited.quantity === order.requested) return { kind: 'unchanged' };
  return { kind: 'change', quantity: edited.quantity };
}

/**
 * True when an edit stamped `editedAtMs` is newer than the newest seen so far (the original
 * message counts as the first). Equal stamps are not newer: LINE stamps each edit anew.
 */
export function isNewerEdit(editedAtMs: number, newestSeenAtMs: number): boolean {
  return Number.isFinite(editedAtMs) && editedAtMs > newestSeenAtMs;
}

/**
 * Allocation for a changed quantity: the order's current allocation goes back into the
 * stock and the new quantity is taken from the sum, so a smaller quantity releases stock,
 * a larger one takes more when there is some, and a short stock gives a partial order.
 * Because the order keeps what it had, the result never allocates less than
 * min(requested, currentAllocated). RangeError for invalid arguments.
 */
export function reallocateStock(stock: number, currentAllocated: number, requested: number): Allocation {
  if (!isValidStock(stock)) throw new RangeError(`invalid stock: ${stock}`);
  if (!Number.isSafeInteger(currentAllocated) || currentAllocated < 0) {
    throw new RangeError(`allocated quantity must be a non-negative integer: ${currentAllocated}`);
  }
  if (stock === UNLIMITED_STOCK) return allocateStock(UNLIMITED_STOCK, requested);
  return allocateStock(stock + currentAllocated, requested);
}
