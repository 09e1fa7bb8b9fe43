import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { LALAMOVE_ORDER_STATUSES } from './client.ts';
import { lalamoveSignature } from './signature.ts';

/** The envelope Lalamove POSTs for every event; the signature is inside it, over `data`. */
export const lalamoveWebhookSchema = z.object({
  apiKey: z.string().min(1).max(200),
  timestamp: z.union([z.number(), z.string()]),
  signature: z.string().max(200),
  eventId: z.string().min(1).max(200),
  eventType: z.string().min(1).max(100),
  eventVersion: z.string().optional(),
  data: z.record(z.string(), z.unknown()),
});
export type LalamoveWebhook = z.infer<typeof lalamoveWebhookSchema>;

/** What Jiayi reads from an event's `data`: the order it is about, its new status, its driver. */
export const lalamoveEventDataSchema = z.object({
  order: z
    .object({
      orderId: z.string().min(1).max(40),
      status: z.enum(LALAMOVE_ORDER_STATUSES).optional(),
      shareLink: z.string().max(500).optional(),
      driverId: z.string().max(40).optional(),
    })
    .loose(),
  driver: z.object({ driverId: z.string(), name: z.string(), phone: z.string(), plateNumber: z.string() }).loose().optional(),
});

/**
 * Lalamove's webhook signature: HMAC-SHA256 with the API secret over
 * `<timestamp>\r\nPOST\r\n<the webhook URL's path>\r\n\r\n<JSON of data>`, in the body beside the
 * apiKey, which must be the branch's own.
 */
export function lalamoveWebhookSignatureMatches(event: LalamoveWebhook, path: string, apiKey: string, apiSecret: string): boolean {
  if (event.apiKey !== apiKey || !/^[0-9a-f]{64}$/.test(event.signature)) return false;
  const expected = lalamoveSignature(apiSecret, String(event.timestamp), 'POST', path, JSON.stringify(event.data));
  return timingSafeEqual(Buffer.from(expected, 'hex'), Buffer.from(event.signature, 'hex'));
}
