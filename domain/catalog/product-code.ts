/**
 * Product codes: YYMMDD of the Asia/Taipei day the product was created + a per-tenant daily
 * sequence, e.g. 260108001 = the first product created on 2026-01-08.
 *
 * The sequence has three digits (001-999). A busy merchant is never blocked at 1000: the
 * sequence widens to four digits (2601081000 ... 2601089999). Codes stay unique because a
 * 10-digit code can never equal a 9-digit one. Beyond 9999 the day is exhausted.
 */

import { isDayKey } from '../taipei-time.ts';

export const MAX_PRODUCT_CODE_SEQUENCE = 9999;

/** Thrown when a tenant has used every product code of a day. The message is for the merchant. */
export class ProductCodeExhaustedError extends Error {
  override readonly name = 'ProductCodeExhaustedError';
  readonly dayKey: string;
  readonly sequence: number;

  constructor(dayKey: string, sequence: number) {
    super(`今日新增商品已達上限 ${MAX_PRODUCT_CODE_SEQUENCE} 件，請明天再新增`);
    this.dayKey = dayKey;
    this.sequence = sequence;
  }
}

/**
 * The code of the `sequence`-th product created on `dayKey` ('YYYYMMDD', Asia/Taipei).
 * RangeError for an invalid day key, a day outside 2000-2099 (YY could not tell it apart) or
 * a sequence that is not an integer ≥ 1; ProductCodeExhaustedError above 9999.
 */
export function formatProductCode(dayKey: string, sequence: number): string {
  if (!isDayKey(dayKey)) throw new RangeError(`invalid day key: ${dayKey}`);
  if (!dayKey.startsWith('20')) throw new RangeError(`product codes cover 2000-2099 only: ${dayKey}`);
  if (!Number.isInteger(sequence) || sequence < 1) {
    throw new RangeError(`product code sequence must be an integer ≥ 1: ${sequence}`);
  }
  if (sequence > MAX_PRODUCT_CODE_SEQUENCE) throw new ProductCodeExhaustedError(dayKey, sequence);
  return dayKey.slice(2) + String(sequence).padStart(3, '0');
}

// Exactly the shapes formatProductCode produces: 3-digit 001-999 or 4-digit 1000-9999
// (a 4-digit sequence never starts with 0).
const PRODUCT_CODE_PATTERN = /^([0-9]{6})([0-9]{3}|[1-9][0-9]{3})$/;

/**
 * Splits a code into its Taipei day and sequence; null unless formatProductCode could have
 * produced it (real calendar date, sequence ≥ 1, no zero-padded 4-digit sequence).
 */
export function parseProductCode(text: string): { dayKey: string; sequence: number } | null {
  if (typeof text !== 'string') return null;
  const match = PRODUCT_CODE_PATTERN.exec(text);
  if (!match?.[1] || !match[2]) return null;
  const dayKey = `20${match[1]}`;
  const sequence = Number(match[2]);
  if (!isDayKey(dayKey) || sequence < 1) return null;
  return { dayKey, sequence };
}

/** True for a 9- or 10-digit product code with a valid month and day (see parseProductCode). */
export function isProductCode(text: string): boolean {
  return parseProductCode(text) !== null;
}
