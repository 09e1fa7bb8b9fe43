import { randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Stripe's object IDs: a type prefix and 24 letters and digits (`cus_…`, `cs_test_…`, `evt_…`). */
export function newStripeId(prefix: string, length = 24): string {
  const bytes = randomBytes(length);
  let id = '';
  for (const byte of bytes) id += ALPHABET[byte % ALPHABET.length];
  return `${prefix}_${id}`;
}

/** `req_…` on every answer, as Stripe's `request-id` header. */
export const newRequestId = () => newStripeId('req', 14);
