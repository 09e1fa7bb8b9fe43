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
