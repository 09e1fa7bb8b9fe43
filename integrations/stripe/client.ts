import Stripe from 'stripe';

export interface StripeConnection {
  secretKey: string;
  /** https://api.stripe.com, or a stand-in speaking its API (the sandbox, stripe-mock). */
  apiBaseUrl: string;
}

/**
 * The real stripe SDK, pointed at `apiBaseUrl`. The SDK's own retries are off: every call is
 * made from a Temporal activity (or a request the person can repeat) with an idempotency key
 * of ours, and Temporal retries it with the same key.
 */
export function createStripeClient(connection: StripeConnection): Stripe {
  const base = new URL(connection.apiBaseUrl);
  const protocol = base.protocol === 'http:' ? 'http' : 'https';
  return new Stripe(connection.secretKey, {
    host: base.hostname,
    port: base.port ? Number(base.port) : protocol === 'http' ? 80 : 443,
    protocol,
    maxNetworkRetries: 0,
    timeout: 20_000,
    appInfo: { name: 'Jiayi' },
  });
}

export type { Stripe };

/**
 * Stripe's final answer to a request (a refused parameter, a declined card, an idempotency
 * conflict): its message, for the merchant. Null for anything worth retrying (an outage, a 500).
 */
export function stripeRefusal(error: unknown): string | null {
  if (
    error instanceof Stripe.errors.StripeInvalidRequestError ||
    error instanceof Stripe.errors.StripeCardError ||
    error instanceof Stripe.errors.StripeIdempotencyError
  )
    return error.message;
  return null;
}
