/**
 * Which order statuses count for members: points are earned when an order is done (a restaurant
 * order completed, a "+1" order shipped) and taken back when it ends voided; spend and order
 * counts for tiers and segments are over the done ones.
 */
export const EARNING_STATUSES = ['completed', 'shipped'] as const;
export const VOIDED_STATUSES = ['cancelled', 'rejected'] as const;

export function earnsPoints(status: string): boolean {
  return (EARNING_STATUSES as readonly string[]).includes(status);
}

export function isVoided(status: string): boolean {
  return (VOIDED_STATUSES as readonly string[]).includes(status);
}
