import { describe, expect, it } from 'vitest';
import {
  checkReservationConfirmation,
  CONFIRM_PURCHASE_LABEL,
  confirmReservationPostbackData,
  DEFAULT_RESERVATION_HOLD_MINUTES,
  isConfirmRefusalCode,
  isValidReservationHoldMinutes,
  MAX_RESERVATION_HOLD_MINUTES,
  parseReservationPostback,
  reservationHoldMs,
  reservationTimeLeftMs,
  type ReservationConfirmState,
} from './reservation.ts';
import { PLUS_ONE_ORDER_STATUSES } from './order-status.ts';

describe('hold window', () => {
  it('defaults to 24 hours', () => {
    expect(DEFAULT_RESERVATION_HOLD_MINUTES).toBe(1440);
    expect(reservationHoldMs(DEFAULT_RESERVATION_HOLD_MINUTES)).toBe(86_400_000);
  });

  it.each([0, -1, 1.5, NaN, Infinity, MAX_RESERVATION_HOLD_MINUTES + 1])('refuses %s minutes', (minutes) => {
    expect(isValidReservationHoldMinutes(minutes)).toBe(false);
    expect(() => reservationHoldMs(minutes)).toThrow(RangeError);
  });

  it('accepts 1 minute to 30 days', () => {
    expect(reservationHoldMs(1)).toBe(60_000);
    expect(reservationHoldMs(MAX_RESERVATION_HOLD_MINUTES)).toBe(30 * 86_400_000);
  });

  it('times the rest of the window, at least 1 ms', () => {
    expect(reservationTimeLeftMs(10_000, 4_000)).toBe(6_000);
    expect(reservationTimeLeftMs(10_000, 10_000)).toBe(1);
    expect(reservationTimeLeftMs(10_000, 99_000)).toBe(1);
  });
});

describe('the 確認購買 postback', () => {
  it('round-trips an order number', () => {
    const data = confirmReservationPostbackData('BXAB-20261122-0001');
    expect(data).toBe('confirm:BXAB-20261122-0001');
    expect(parseReservationPostback(data)).toEqual({ action: 'confirm', orderNumber: 'BXAB-20261122-0001' });
    expect(parseReservationPostback('confirm:BXAB-20261122-10000')).toEqual({
      action: 'confirm',
      orderNumber: 'BXAB-20261122-10000',
    });
    expect(CONFIRM_PURCHASE_LABEL.length).toBeLessThanOrEqual(20);
  });

  it.each([
    '',
    'confirm:',
    'confirm',
    'confirm:bxab-20261122-0001', // not as we write it
    'confirm: BXAB-20261122-0001',
    'confirm:BXAB-20261122-0001 ',
    'confirm:BXAB-20261122-0001\n',
    'confirm:BXAB-20261122-0000', // sequence 0
    'confirm:BXAB-20261131-0001', // no such day
    'confirm:BXIB-20261122-0001', // I is not in the alphabet
    'confirm:BXAB-20261122-001',
    'cancel:BXAB-20261122-0001',
    'storeId=12345',
    "confirm:BXAB-20261122-0001' OR 1=1 --",
    'confirm:ＢＸＡＢ－２０２６１１２２－０００１',
    `confirm:BXAB-20261122-0001${'x'.repeat(400)}`,
  ])('ignores %j', (data) => {
    expect(parseReservationPostback(data)).toBeNull();
  });

  it('ignores data that is not a string', () => {
    expect(parseReservationPostback(undefined)).toBeNull();
    expect(parseReservationPostback({ data: 'confirm:BXAB-20261122-0001' })).toBeNull();
  });

  it('refuses to write data for an invalid order number', () => {
    expect(() => confirmReservationPostbackData('nope')).toThrow(RangeError);
  });
});

describe('checkReservationConfirmation', () => {
  const base: ReservationConfirmState = {
    isReservation: true,
    status: 'pending',
    expired: false,
    customerLineUserId: 'Ucustomer',
  };

  it('lets the customer confirm a pending reservation inside its window', () => {
    expect(checkReservationConfirmation(base, 'Ucustomer')).toEqual({ ok: true });
  });

  it('refuses someone else (a group member tapping the button)', () => {
    expect(checkReservationConfirmation(base, 'Uother')).toEqual({ ok: false, code: 'not_your_reservation' });
  });

  it('refuses once the window is over, even while the order is still pending', () => {
    expect(checkReservationConfirmation({ ...base, expired: true }, 'Ucustomer')).toEqual({
      ok: false,
      code: 'reservation_expired',
    });
    expect(checkReservationConfirmation({ ...base, status: 'cancelled', expired: true }, 'Ucustomer')).toEqual({
      ok: false,
      code: 'reservation_expired',
    });
  });

  it('answers each +1 status', () => {
    const codes = Object.fromEntries(
      PLUS_ONE_ORDER_STATUSES.map((status) => {
        const check = checkReservationConfirmation({ ...base, status }, 'Ucustomer');
        return [status, check.ok ? 'ok' : check.code];
      }),
    );
    expect(codes).toEqual({
      pending: 'ok',
      confirmed: 'already_confirmed',
      paid: 'already_confirmed',
      shipped: 'already_confirmed',
      cancelled: 'reservation_cancelled',
      needs_attention: 'not_pending',
    });
  });

  it('refuses an order that was not a reservation', () => {
    expect(checkReservationConfirmation({ ...base, isReservation: false }, 'Ucustomer')).toEqual({
      ok: false,
      code: 'not_reservation',
    });
  });

  it('knows its refusal codes', () => {
    expect(isConfirmRefusalCode('reservation_expired')).toBe(true);
    expect(isConfirmRefusalCode('terminal')).toBe(false);
    expect(isConfirmRefusalCode(undefined)).toBe(false);
  });
});
