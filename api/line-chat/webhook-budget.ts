/**
 * How much of this process's time each shop's webhook may take: per tenant, a bucket of
 * milliseconds that refills at `msPerSecond` up to `burstMs`. A delivery is answered 429
 * (LINE redelivers) while its shop's bucket is empty, and once handled is charged the time it
 * really took, so a shop that sends costly deliveries gets fewer of them, whatever made them
 * costly. In memory, per process: what it shares out is this process's event loop.
 */
export interface WebhookBudget {
  /** Whole seconds until the tenant's bucket holds time again; 0 when it may go on now. */
  retryAfterSeconds(tenantId: string): number;
  /** Takes what a delivery cost from the tenant's bucket (it may go below zero). */
  charge(tenantId: string, ms: number): void;
}

/**
 * Defaults: a quarter of a core for each shop, two seconds at once. An ordinary delivery takes
 * well under a millisecond, so a "+1" burst of thousands of customers stays far below it.
 */
export function createWebhookBudget(
  options: { msPerSecond?: number; burstMs?: number; now?: () => number } = {},
): WebhookBudget {
  const { msPerSecond = 250, burstMs = 2_000, now = () => performance.now() } = options;
  const buckets = new Map<string, { balance: number; at: number }>();

  function balanceOf(tenantId: string): number {
    const bucket = buckets.get(tenantId);
    if (!bucket) return burstMs;
    const t = now();
    bucket.balance = Math.min(burstMs, bucket.balance + ((t - bucket.at) * msPerSecond) / 1000);
    bucket.at = t;
    // A full bucket is the same as none: forget it, so idle shops cost no memory.
    if (bucket.balance >= burstMs) buckets.delete(tenantId);
    return bucket.balance;
  }

  return {
    retryAfterSeconds(tenantId) {
      const balance = balanceOf(tenantId);
      return balance > 0 ? 0 : Math.max(1, Math.ceil(-balance / msPerSecond));
    },
    charge(tenantId, ms) {
      buckets.set(tenantId, { balance: balanceOf(tenantId) - ms, at: now() });
    },
  };
}
