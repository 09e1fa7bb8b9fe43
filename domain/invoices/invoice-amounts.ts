import { taipeiDayKey } from '../taipei-time.ts';

/**
 * The money on an invoice and how long it may be voided. Prices are tax-included (B2C); a B2B
 * receipt with a 統編 shows the 5% business tax apart, in whole NT$, adding up to the total.
 */

export const BUSINESS_TAX_RATE = 0.05;

export function splitTaxIncluded(total: number): { sales: number; tax: number } {
  if (!Number.isInteger(total) || total < 0) throw new RangeError(`total must be whole NT$: ${total}`);
  const sales = Math.round(total / (1 + BUSINESS_TAX_RATE));
  return { sales, tax: total - sales };
}

/**
 * Invoices are filed in two-month periods (Jan–Feb, Mar–Apr, …). One may be voided, and issued
 * again, until the 13th of the month after its period (Taipei); after that a refund is an
 * allowance (折讓) against it instead.
 */
export function voidDeadline(issuedAt: Date): Date {
  const day = taipeiDayKey(issuedAt);
  const year = Number(day.slice(0, 4));
  const month = Number(day.slice(4, 6));
  const periodEnd = month % 2 === 0 ? month : month + 1;
  const next = periodEnd === 12 ? { year: year + 1, month: 1 } : { year, month: periodEnd + 1 };
  // 00:00 of the 13th in Taipei (UTC+8) is 16:00 of the 12th in UTC.
  return new Date(Date.UTC(next.year, next.month - 1, 12, 16));
}

export function canVoid(issuedAt: Date, now: Date): boolean {
  return now.getTime() < voidDeadline(issuedAt).getTime();
}
