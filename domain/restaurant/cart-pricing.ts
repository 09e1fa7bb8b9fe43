import { priceOf, validateSelection, type ChosenOptions, type MenuGroup } from '../catalog/menu-rules.ts';
import type { DeliveryQuote, DeliveryRefusal, PickupMethod } from './pickup-methods.ts';

/**
 * The one pricing rule of a restaurant order, shared by the storefront's cart, the API's quote
 * and checkout, and the order workflow: each line's unit price is the branch's price of the item
 * plus its chosen options (priceOf); the subtotal is their sum; delivery adds the quote's fee.
 * Everything that would stop the order is a problem (an item gone, paused or sold out, a choice
 * paused, options that do not fit the item's groups, a quantity outside 1–99, delivery refused).
 * Another shop's item is simply an item this menu does not have. Integer NT$.
 */

export const LINE_QUANTITY_MAX = 99;
export const CART_LINES_MAX = 50;

/** An item as the customer's branch menu shows it (db/catalog/menu.ts MenuItem fits). */
export interface PricedMenuItem {
  id: string;
  name: string;
  /** The branch's price when it sets one, else the item's. */
  price: number;
  /** Paused or sold out at the branch; `unavailable` says which. */
  soldOut: boolean;
  unavailable?: 'paused' | 'sold_out' | null;
  groups: (MenuGroup & { choices: (MenuGroup['choices'][number] & { soldOut?: boolean })[] })[];
}

export interface CartLine {
  productId: string;
  quantity: number;
  choices: ChosenOptions;
  note?: string | undefined;
}

export interface PricedChoice {
  groupId: string;
  choiceId: string;
  /** 「甜度：半糖」 reads as the group then the choice; both kept for the kitchen ticket. */
  groupName: string;
  name: string;
  priceDelta: number;
}

export interface PricedLine {
  productId: string;
  name: string;
  quantity: number;
  unitPrice: number;
  lineTotal: number;
  choices: PricedChoice[];
  note: string | null;
}

export type CartProblemCode =
  | 'empty_cart'
  | 'too_many_lines'
  | 'unknown_item'
  | 'paused'
  | 'sold_out'
  | 'choice_unavailable'
  | 'invalid_options'
  | 'quantity'
  | `delivery_${DeliveryRefusal}`;

export interface CartProblem {
  /** The index of the cart line it is about; absent for the whole cart. */
  line?: number;
  code: CartProblemCode;
  message: string;
}

export interface PricedCart {
  lines: PricedLine[];
  subtotal: number;
  deliveryFee: number;
  total: number;
  problems: CartProblem[];
}

export interface PricingContext {
  method: PickupMethod;
  /**
   * For delivery: the branch's quote for this customer, or how to get it from the subtotal
   * (the API passes the function; a page passes the quote it fetched). Absent: no fee yet.
   */
  deliveryQuote?: DeliveryQuote | ((subtotal: number) => DeliveryQuote) | undefined;
}

const DELIVERY_REFUSALS_ZH: Record<DeliveryRefusal, string> = {
  delivery_off: '這間分店目前不提供外送',
  branch_not_located: '這間分店還沒設定位置，暫時無法外送',
  location_required: '請提供外送地址的位置',
  outside_radius: '地址超出外送範圍',
  zone_required: '請選擇外送區域',
  unknown_zone: '不在外送區域內',
  below_minimum: '未達外送低消',
};

/** The customer's words for a refused delivery quote. */
export function deliveryRefusalMessage(quote: Extract<DeliveryQuote, { ok: false }>): string {
  if (quote.reason === 'below_minimum' && quote.minimumOrder !== undefined)
    return `外送低消 NT$${quote.minimumOrder}，還差一點點喔`;
  if (quote.reason === 'outside_radius' && quote.distanceMetres !== undefined)
    return `地址距離分店約 ${(quote.distanceMetres / 1000).toFixed(1)} 公里，超出外送範圍`;
  return DELIVERY_REFUSALS_ZH[quote.reason];
}

function priceLine(item: PricedMenuItem, line: CartLine, index: number, problems: CartProblem[]): PricedLine {
  const add = (code: CartProblemCode, message: string) => problems.push({ line: index, code, message });
  if (!Number.isInteger(line.quantity) || line.quantity < 1 || line.quantity > LINE_QUANTITY_MAX)
    add('quantity', `「${item.name}」數量要在 1～${LINE_QUANTITY_MAX} 份之間`);
  if (item.soldOut) {
    if (item.unavailable === 'paused') add('paused', `「${item.name}」暫停供應`);
    else add('sold_out', `「${item.name}」已經售完`);
  }
  for (const message of validateSelection(item.groups, line.choices))
    add('invalid_options', `「${item.name}」：${message}`);
  const choices: PricedChoice[] = [];
  for (const group of item.groups) {
    const picked = new Set(line.choices[group.id] ?? []);
    for (const choice of group.choices) {
      if (!picked.has(choice.id)) continue;
      if (choice.soldOut) add('choice_unavailable', `「${item.name}」的「${choice.name}」暫停供應`);
      choices.push({
        groupId: group.id,
        choiceId: choice.id,
        groupName: group.name,
        name: choice.name,
        priceDelta: choice.priceDelta,
      });
    }
  }
  const unitPrice = priceOf(item, null, line.choices);
  const quantity = Number.isInteger(line.quantity) ? line.quantity : 0;
  const note = line.note?.trim() ? line.note.trim() : null;
  return { productId: item.id, name: item.name, quantity, unitPrice, lineTotal: unitPrice * quantity, choices, note };
}

export function priceCart(
  menuItems: readonly PricedMenuItem[],
  lines: readonly CartLine[],
  context: PricingContext,
): PricedCart {
  const byId = new Map(menuItems.map((item) => [item.id, item]));
  const problems: CartProblem[] = [];
  if (lines.length === 0) problems.push({ code: 'empty_cart', message: '購物車是空的' });
  if (lines.length > CART_LINES_MAX)
    problems.push({ code: 'too_many_lines', message: `一張訂單最多 ${CART_LINES_MAX} 項` });
  const priced: PricedLine[] = [];
  lines.forEach((line, index) => {
    const item = byId.get(line.productId);
    if (!item) {
      problems.push({ line: index, code: 'unknown_item', message: '購物車裡有這間分店沒有的品項，請移除後再送出' });
      return;
    }
    priced.push(priceLine(item, line, index, problems));
  });
  const subtotal = priced.reduce((sum, line) => sum + line.lineTotal, 0);
  let deliveryFee = 0;
  if (context.method === 'delivery' && context.deliveryQuote) {
    const quote = typeof context.deliveryQuote === 'function' ? context.deliveryQuote(subtotal) : context.deliveryQuote;
    if (quote.ok) deliveryFee = quote.fee;
    else problems.push({ code: `delivery_${quote.reason}`, message: deliveryRefusalMessage(quote) });
  }
  return { lines: priced, subtotal, deliveryFee, total: subtotal + deliveryFee, problems };
}

/** The problems that mean "what you picked is no longer available" (409 unavailable) rather than a bad request. */
export function isAvailabilityProblem(problem: CartProblem): boolean {
  return (
    problem.code === 'paused' ||
    problem.code === 'sold_out' ||
    problem.code === 'choice_unavailable' ||
    problem.code === 'unknown_item'
  );
}
