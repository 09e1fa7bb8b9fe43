/**
 * The lines an invoice carries for an order. ECPay checks that every line's count × price is
 * its amount and that the lines add up to the invoice's total; prices are tax-included whole
 * NT$. A delivery fee is a line of its own; when the lines cannot add up to what was charged
 * (a discount), the invoice carries one line for the whole order instead.
 */

export interface InvoiceLine {
  name: string;
  count: number;
  word: string;
  price: number;
}

/** ECPay's ItemName is at most 100 characters (a CJK character counts as one here). */
const NAME_MAX = 100;

export function invoiceLines(
  order: { total: number; deliveryFee: number; items: { name: string; quantity: number; unitPrice: number }[] },
): InvoiceLine[] {
  const lines: InvoiceLine[] = order.items
    .filter((item) => item.quantity > 0)
    .map((item) => ({ name: item.name.slice(0, NAME_MAX), count: item.quantity, word: '份', price: item.unitPrice }));
  if (order.deliveryFee > 0) lines.push({ name: '外送費', count: 1, word: '趟', price: order.deliveryFee });
  const sum = lines.reduce((total, line) => total + line.count * line.price, 0);
  if (sum === order.total && lines.every((line) => line.price >= 0) && lines.length > 0) return lines;
  return [{ name: '餐點', count: 1, word: '式', price: order.total }];
}
