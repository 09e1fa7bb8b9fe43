/**
 * Reservations (幫我留): an order in 未購入 (pending) that holds its allocated stock for the
 * shop's hold window. The customer confirms it with the 「確認購買」 button (a LINE postback),
 * or the merchant confirms it in the admin; unconfirmed, it is cancelled when the window ends
 * and the stock goes back.
 */

import { parseOrderNumber } from './order-number.ts';
import type { OrderStatus } from './order-status.ts';

/** A hold lasts 24 hours unless the shop sets otherwise. */
export const DEFAULT_RESERVATION_HOLD_MINUTES = 24 * 60;
/** A longer hold would keep stock from other customers for more than a month. */
export const MAX_RESERVATION_HOLD_MINUTES = 30 * 24 * 60;
const MINUTE_MS = 60_000;

export function isValidReservationHoldMinutes(minutes: number): boolean {
  return Number.isSafeInteger(minutes) && minutes >= 1 && minutes <= MAX_RESERVATION_HOLD_MINUTES;
}

/** The tenant's setting (minutes) as the workflow's hold (ms). RangeError when out of 1..MAX. */
export function reservationHoldMs(minutes: number): number {
  if (!isValidReservationHoldMinutes(minutes)) {
    throw new RangeError(`reservation hold must be 1..${MAX_RESERVATION_HOLD_MINUTES} minutes: ${minutes}`);
  }
  return minutes * MINUTE_MS;
}

/**
 * How long the workflow's timer waits: until `expiresAtMs`, at least 1 ms (a timer needs a
 * positive duration; a hold that is already over expires at the next workflow task).
 */
export function reservationTimeLeftMs(expiresAtMs: number, nowMs: number): number {
  return Math.max(1, expiresAtMs - nowMs);
}

/** The quick-reply button's label; LINE allows 20 characters. */
export const CONFIRM_PURCHASE_LABEL = '確認購買';

const CONFIRM_PREFIX = 'confirm:';
const CONFIRM_DATA_PATTERN = /^confirm:([A-Z]{4}-[0-9]{8}-[0-9]{4,16})$/;

/** The postback data of the 「確認購買」 button: `confirm:<orderNumber>`. */
export function confirmReservationPostbackData(orderNumber: string): string {
  const data = `${CONFIRM_PREFIX}${orderNumber}`;
  if (parseReservationPostback(data) === null) throw new RangeError(`invalid order number: ${orderNumber}`);
  return data;
}

/**
 * Reads a postback's data. Only exactly `confirm:<order number>` (as
 * confirmReservationPostbackData writes it) is accepted; anything else is null.
 */
export function parseReservationPostback(data: unknown): { action: 'confirm'; orderNumber: string } | null {
  if (typeof data !== 'string' || data.length > 300) return null;
  const match = CONFIRM_DATA_PATTERN.exec(data);
  const orderNumber = match?.[1];
  if (orderNumber === undefined || parseOrderNumber(orderNumber) === null) return null;
  return { action: 'confirm', orderNumber };
}

export type ConfirmRefusalCode =
  | 'not_reservation'
  | 'not_your_reservation'
  | 'already_confirmed'
  | 'reservation_expired'
  | 'reservation_cancelled'
  | 'not_pending';

export type ConfirmCheck = { ok: true } | { ok: false; code: ConfirmRefusalCode };

export interface ReservationConfirmState {
  /** The order was made by 幫我留 (not +N). */
  isReservation: boolean;
  status: OrderStatus;
  /** The hold window is over (the expiry has begun or is done). */
  expired: boolean;
  customerLineUserId: string;
}

/**
 * Whether `byLineUserId` may confirm the reservation now. Only the customer who reserved
 * may confirm (in a group chat anyone can tap the button); only a pending order inside its
 * window can be confirmed.
 */
export function checkReservationConfirmation(order: ReservationConfirmState, byLineUserId: string): ConfirmCheck {
  if (!order.isReservation) return { ok: false, code: 'not_reservation' };
  if (byLineUserId !== order.customerLineUserId) return { ok: false, code: 'not_your_reservation' };
  switch (order.status) {
    case 'pending':
      return order.expired ? { ok: false, code: 'reservation_expired' } : { ok: true };
    case 'confirmed':
    case 'paid':
    case 'shipped':
      return { ok: false, code: 'already_confirmed' };
    case 'cancelled':
      return { ok: false, code: order.expired ? 'reservation_expired' : 'reservation_cancelled' };
    default:
      return { ok: false, code: 'not_pending' };
  }
}

export function isConfirmRefusalCode(code: unknown): code is ConfirmRefusalCode {
  return (
    code === 'not_reservation' ||
    code === 'not_your_reservation' ||
    code === 'already_confirmed' ||
    code === 'reservation_expired' ||
    code === 'reservation_cancelled' ||
    code === 'not_pending'
  );
}
