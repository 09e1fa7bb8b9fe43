/**
 * Length limits for texts sent through LINE.
 */

/** LINE's limit for one text message. */
export const LINE_TEXT_MAX_LENGTH = 5000;

const ELLIPSIS = '…';

/**
 * `text` cut to at most `max` UTF-16 units, ending in '…' when cut. Never splits a surrogate
 * pair, so an emoji is kept whole or dropped. (UTF-16 units ≥ code points, so the result
 * fits however LINE counts.)
 */
export function truncateText(text: string, max: number): string {
  if (!Number.isInteger(max) || max < 1) throw new RangeError(`max must be a positive integer: ${max}`);
  if (text.length <= max) return text;
  let cut = text.slice(0, max - ELLIPSIS.length);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return cut + ELLIPSIS;
}

/**
 * Merchant- or customer-supplied text for one line of a message: runs of white space
 * (line breaks included) become one space, then it is cut to `max`.
 */
export function singleLine(text: string, max: number): string {
  return truncateText(String(text).replace(/\s+/g, ' ').trim(), max);
}
