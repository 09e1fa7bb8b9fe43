import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * LINE signs every webhook request: `X-Line-Signature` is the base64 HMAC-SHA256 of the raw
 * request body, keyed with the channel secret. Always verify against the bytes as received;
 * re-serialising parsed JSON changes escapes (e.g. `\uD83E\uDD28` vs the literal emoji) and breaks it.
 */
export function signLineBody(rawBody: Buffer | string, channelSecret: string): string {
  return createHmac('sha256', channelSecret).update(rawBody).digest('base64');
}

/** A SHA-256 digest is 32 bytes: 43 base64 characters plus one `=` of padding. */
const SIGNATURE_PATTERN = /^[A-Za-z0-9+/]{43}=$/;

/** Constant-time check of `X-Line-Signature`; a missing, empty or malformed header is simply `false`. */
export function verifyLineSignature(
  rawBody: Buffer,
  channelSecret: string,
  signatureHeader: string | undefined,
): boolean {
  if (typeof signatureHeader !== 'string' || !SIGNATURE_PATTERN.test(signatureHeader)) return false;
  if (channelSecret.length === 0) return false;
  const expected = createHmac('sha256', channelSecret).update(rawBody).digest();
  const given = Buffer.from(signatureHeader, 'base64');
  return given.length === expected.length && timingSafeEqual(expected, given);
}
