/**
 * Order numbers: XXXX-YYYYMMDD-NNNN, e.g. BXAB-20260108-0001.
 * XXXX is the tenant's random prefix, YYYYMMDD the Asia/Taipei day, NNNN the tenant's daily
 * sequence from 0001. Past 9999 the sequence widens (…-10000) so ordering is never blocked.
 */

import { isDayKey } from '../taipei-time.ts';

/** Upper-case letters without I and O, which are confused with 1 and 0 when read aloud or typed. */
export const ORDER_PREFIX_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
export const ORDER_PREFIX_LENGTH = 4;

const ORDER_PREFIX_PATTERN = /^[ABCDEFGHJKLMNPQRSTUVWXYZ]{4}$/;

/**
 * A new tenant prefix. `randomIndex(n)` must return an integer in [0, n); randomness is the
 * caller's so this stays deterministic. 24^4 = 331,776 prefixes: the caller retries on the
 * (tenant.orderPrefix) unique-key conflict.
 */
export function generateOrderPrefix(randomIndex: (maxExclusive: number) => number): string {
  const size = ORDER_PREFIX_ALPHABET.length;
  let prefix = '';
  for (let i = 0; i < ORDER_PREFIX_LENGTH; i++) {
    const index = randomIndex(size);
    if (!Number.isInteger(index) || index < 0 || index >= size) {
      throw new RangeError(`randomIndex(${size}) returned ${index}, expected an integer in [0, ${size})`);
    }
    prefix += ORDER_PREFIX_ALPHABET.charAt(index);
  }
  return prefix;
}

/** True for exactly four letters of ORDER_PREFIX_ALPHABET (upper case; no I, O or digits). */
export function isOrderPrefix(text: string): boolean {
  return typeof text === 'string' && ORDER_PREFIX_PATTERN.test(text);
}

/** 'BXAB-20260108-0001'. RangeError for an invalid prefix, day key or sequence (< 1, not an integer). */
export function formatOrderNumber(prefix: string, dayKey: string, sequence: number): string {
  if (!isOrderPrefix(prefix)) throw new RangeError(`invalid order prefix: ${prefix}`);
  if (!isDayKey(dayKey)) throw new RangeError(`invalid day key: ${dayKey}`);
  if (!Number.isSafeInteger(sequence) || sequence < 1) {
    throw new RangeError(`order sequence must be an integer ≥ 1: ${sequence}`);
  }
  return `${prefix}-${dayKey}-${String(sequence).padStart(4, '0')}`;
}

// The sequence is 4 digits, or 5-16 without a leading zero: the forms formatOrderNumber makes.
const ORDER_NUMBER_PATTERN = /^([A-Z]{4})-([0-9]{8})-([0-9]{4}|[1-9][0-9]{4,15})$/;
const MAX_ORDER_NUMBER_INPUT = 64;

/**
 * Reads an order number a customer or merchant typed: trims, ignores case and folds
 * full-width characters (NFKC), so 'ｂｘａｂ－２０２６０１０８－０００１' is read too.
 * Null unless formatOrderNumber could have produced the result.
 */
export function parseOrderNumber(text: string): { prefix: string; dayKey: string; sequence: number } | null {
  if (typeof text !== 'string' || text.length > MAX_ORDER_NUMBER_INPUT) return null;
  const normalized = text.normalize('NFKC').trim().toUpperCase();
  const match = ORDER_NUMBER_PATTERN.exec(normalized);
  if (!match) return null;
  const [, prefix, dayKey, digits] = match;
  if (prefix === undefined || dayKey === undefined || digits === undefined) return null;
  const sequence = Number(digits);
  if (!isOrderPrefix(prefix) || !isDayKey(dayKey) || sequence < 1 || !Number.isSafeInteger(sequence)) return null;
  return { prefix, dayKey, sequence };
}

/**
 * Whether a search text could be part of an order number (letters, digits, hyphens only).
 * A search for a customer's Chinese name never is, so it need not scan every order number.
 */
export function couldBeOrderNumberPart(text: string): boolean {
  return /^[A-Za-z0-9-]+$/.test(text.normalize('NFKC').trim());
}
