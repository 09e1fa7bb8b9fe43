/**
 * A JSON value that PostgreSQL can store (the value itself when it already is, else a copy): text and jsonb refuse U+0000 and jsonb
 * refuses unpaired surrogates (`\uD800` alone), in keys as in values. Both become U+FFFD,
 * which is what decoding already makes of invalid UTF-8 bytes in a request body, so the
 * escaped and the raw form of a bad character end up the same. Recursive: callers bound the
 * depth (the LINE webhook refuses events nested deeper than 32 levels).
 */
export function jsonbSafe<T>(value: T): T {
  // Nearly every value is already safe: looked at first, copied only when something must change.
  return isSafe(value) ? value : (safe(value) as T);
}

const isSafeString = (value: string) => value.isWellFormed() && !value.includes('\u0000');

function isSafe(value: unknown): boolean {
  if (typeof value === 'string') return isSafeString(value);
  if (Array.isArray(value)) return value.every(isSafe);
  if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) if (!isSafeString(k) || !isSafe(v)) return false;
  }
  return true;
}

function safe(value: unknown): unknown {
  if (typeof value === 'string') return value.toWellFormed().replaceAll('\u0000', '\uFFFD');
  if (Array.isArray(value)) return value.map(safe);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [safe(k), safe(v)]));
  }
  return value;
}
