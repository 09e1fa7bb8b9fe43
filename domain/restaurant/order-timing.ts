import type { PickupMethods, PickupMethod } from './pickup-methods.ts';

/**
 * When a restaurant order should reach the kitchen and what it is called at the counter. A
 * future order (its slot further away than the method's lead time) waits, accepted, until
 * prepareAt; an order for the next slot is due at once.
 */

const MINUTE_MS = 60_000;

/** The method's lead time (備餐/外送準備時間); dine-in is cooked at once. */
export function leadMinutes(methods: PickupMethods, method: PickupMethod): number {
  if (method === 'pickup') return methods.pickupLeadMinutes;
  if (method === 'delivery') return methods.deliveryLeadMinutes;
  return 0;
}

/** The slot less the lead time, never before the order was placed. */
export function prepareAtFor(wantedAt: Date, lead: number, placedAt: Date): Date {
  return new Date(Math.max(placedAt.getTime(), wantedAt.getTime() - lead * MINUTE_MS));
}

/** 取餐號碼: 001…999, then 1000… (a busy day is never stopped by its numbers). */
export function formatPickupNumber(sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1) throw new RangeError(`invalid pickup sequence: ${sequence}`);
  return String(sequence).padStart(3, '0');
}
