/**
 * ECPay's RelateNumber for an order's invoice: the merchant's own number for it, 1–30 letters
 * and digits, unique per merchant. Deriving it from the order (never from an attempt) is what
 * makes issuing exactly once: after an answer is lost, the same number finds the invoice the
 * provider already made, and a second Issue under it is refused instead of doubling the invoice.
 * Never change the shape: issued invoices carry these strings.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PREFIX = 'JY';
/** A 128-bit number in base 36 is at most 25 characters; padding keeps every number one length. */
const DIGITS = 25;

/** `JY` + the order's UUID in base 36, upper case: 27 characters, one per order, read back by `orderIdOfRelateNumber`. */
export function invoiceRelateNumber(orderId: string): string {
  if (!UUID.test(orderId)) throw new Error(`not an order id: ${orderId}`);
  const value = BigInt(`0x${orderId.replaceAll('-', '')}`);
  return PREFIX + value.toString(36).toUpperCase().padStart(DIGITS, '0');
}

/** The order a RelateNumber was made for, or null when the number is not one of ours. */
export function orderIdOfRelateNumber(relateNumber: string): string | null {
  const body = relateNumber.startsWith(PREFIX) ? relateNumber.slice(PREFIX.length) : '';
  if (!/^[0-9A-Z]{25}$/.test(body)) return null;
  let value = 0n;
  for (const digit of body) value = value * 36n + BigInt(Number.parseInt(digit, 36));
  if (value >= 1n << 128n) return null;
  const hex = value.toString(16).padStart(32, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
