import type { Env } from '../config/env.ts';
import { createStripeClient } from '../integrations/stripe/client.ts';
import { createStripeGateway, type StripeGateway } from '../integrations/stripe/gateway.ts';

/** The server's Stripe gateway, or null when Stripe is not configured (nobody is billed). */
export function serverStripeGateway(env: Env): StripeGateway | null {
  if (!env.STRIPE_SECRET_KEY) return null;
  return createStripeGateway(
    createStripeClient({ secretKey: env.STRIPE_SECRET_KEY, apiBaseUrl: env.STRIPE_API_BASE_URL }),
  );
}

/** What a request that needed Stripe answers when Stripe did not (with 502). */
export const STRIPE_UNAVAILABLE = { code: 'stripe_unavailable', message: '暫時連不上 Stripe，請稍後再試。' } as const;
