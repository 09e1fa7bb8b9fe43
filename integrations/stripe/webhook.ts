import Stripe from 'stripe';
import { stripeEvent, type StripeEventEnvelope } from './objects.ts';

export type VerifiedStripeEvent =
  | { ok: true; event: StripeEventEnvelope }
  | { ok: false; reason: 'bad_signature' | 'invalid_payload'; message: string };

/**
 * A webhook delivery, verified on its raw bytes with the endpoint's signing secret
 * (`Stripe-Signature`, HMAC-SHA256 of `t.body`, at most five minutes old) by the SDK, then its
 * envelope checked. Nothing about an unverified body is believed.
 */
export function verifyStripeWebhook(raw: Buffer, signature: string | undefined, secret: string): VerifiedStripeEvent {
  let parsed: unknown;
  try {
    parsed = Stripe.webhooks.constructEvent(raw, signature ?? '', secret);
  } catch (error) {
    return { ok: false, reason: 'bad_signature', message: (error as Error).message };
  }
  const envelope = stripeEvent.safeParse(parsed);
  if (!envelope.success) return { ok: false, reason: 'invalid_payload', message: envelope.error.issues[0]?.message ?? 'invalid' };
  return { ok: true, event: envelope.data };
}
