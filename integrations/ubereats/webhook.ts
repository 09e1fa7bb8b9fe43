import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/** The envelope Uber POSTs for every event; the order itself is fetched from `resource_href`. */
export const uberWebhookSchema = z.object({
  event_id: z.string().min(1).max(200),
  event_type: z.string().min(1).max(100),
  event_time: z.number().optional(),
  meta: z.object({ resource_id: z.string().min(1).max(200), status: z.string().optional(), user_id: z.string().optional() }),
  resource_href: z.string().max(500).optional(),
});
export type UberWebhook = z.infer<typeof uberWebhookSchema>;

/** `X-Uber-Signature`: lowercase hex HMAC-SHA256 of the raw body with the app's client secret. */
export function uberSignatureMatches(raw: Buffer, header: string | undefined, clientSecret: string): boolean {
  if (!header || !/^[0-9a-f]{64}$/.test(header)) return false;
  const expected = createHmac('sha256', clientSecret).update(raw).digest();
  return timingSafeEqual(expected, Buffer.from(header, 'hex'));
}
