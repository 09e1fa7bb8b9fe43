/**
 * New Taiwan dollars are handled as integers (the app has no cents).
 */

/**
 * 'NT$1,500'. Negative amounts (refunds) read '-NT$1,500'. RangeError for a non-integer or
 * an amount beyond the safe-integer range. Grouping is done by hand, not Intl, so every
 * runtime prints the same text.
 */
export function formatNtd(amount: number): string {
  if (!Number.isSafeInteger(amount)) throw new RangeError(`NTD amount must be an integer: ${amount}`);
  const digits = String(Math.abs(amount)).replace(/\B(?=(?:[0-9]{3})+$)/g, ',');
  return `${amount < 0 ? '-' : ''}NT$${digits}`;
}
