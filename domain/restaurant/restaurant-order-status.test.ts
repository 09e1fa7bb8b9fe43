import { describe, expect, it } from 'vitest';
import {
  actionsFor,
  checkRestaurantAction,
  releasesCapacity,
  restaurantActionBodySchema,
  restaurantStatusLabel,
} from './restaurant-order-status.ts';

describe('restaurant order status machine', () => {
  it('walks the happy path', () => {
    expect(checkRestaurantAction('pending', 'accept', 'staff')).toEqual({ ok: true, to: 'accepted' });
    expect(checkRestaurantAction('accepted', 'start', 'staff')).toEqual({ ok: true, to: 'preparing' });
    expect(checkRestaurantAction('preparing', 'ready', 'staff')).toEqual({ ok: true, to: 'ready' });
    expect(checkRestaurantAction('ready', 'complete', 'staff')).toEqual({ ok: true, to: 'completed' });
  });

  it('lets an accepted order go straight to ready (a quick item)', () => {
    expect(checkRestaurantAction('accepted', 'ready', 'staff')).toEqual({ ok: true, to: 'ready' });
  });

  it('refuses moves the machine does not allow, in zh-TW', () => {
    const done = checkRestaurantAction('completed', 'accept', 'staff');
    expect(done).toMatchObject({ ok: false, code: 'invalid_transition' });
    expect(checkRestaurantAction('ready', 'reject', 'staff', '太忙')).toMatchObject({ ok: false });
    expect(checkRestaurantAction('accepted', 'accept', 'staff')).toMatchObject({
      ok: false,
      message: '訂單已經是「已接單」了',
    });
    expect(checkRestaurantAction('rejected', 'cancel', 'staff', 'x')).toMatchObject({ ok: false });
  });

  it('needs a reason to reject or cancel', () => {
    expect(checkRestaurantAction('pending', 'reject', 'staff')).toMatchObject({ ok: false, code: 'reason_required' });
    expect(checkRestaurantAction('pending', 'reject', 'staff', '  ')).toMatchObject({ ok: false });
    expect(checkRestaurantAction('pending', 'reject', 'staff', '售完')).toEqual({ ok: true, to: 'rejected' });
    expect(checkRestaurantAction('preparing', 'cancel', 'staff', '客人不要了')).toEqual({ ok: true, to: 'cancelled' });
  });

  it('lets only the shop cancel a ready order and the customer only before acceptance', () => {
    expect(checkRestaurantAction('ready', 'cancel', 'staff', '沒來拿')).toEqual({ ok: true, to: 'cancelled' });
    expect(checkRestaurantAction('ready', 'cancel', 'customer', '不要了')).toMatchObject({ ok: false });
    expect(checkRestaurantAction('accepted', 'cancel', 'customer', '不要了')).toMatchObject({
      ok: false,
      message: '店家已接單，無法自行取消，請聯絡店家',
    });
    expect(checkRestaurantAction('pending', 'cancel', 'customer', '不要了')).toEqual({ ok: true, to: 'cancelled' });
  });

  it('keeps the customer and the system to their own moves', () => {
    expect(checkRestaurantAction('pending', 'accept', 'customer')).toMatchObject({ ok: false });
    expect(checkRestaurantAction('pending', 'reject', 'system', '逾時')).toEqual({ ok: true, to: 'rejected' });
    // The delivery partner's rider finishes a delivery order; nothing completes an order not ready.
    expect(checkRestaurantAction('ready', 'complete', 'system')).toEqual({ ok: true, to: 'completed' });
    expect(checkRestaurantAction('accepted', 'complete', 'system')).toMatchObject({ ok: false });
    // An order paid in advance and unpaid at the shop's deadline.
    expect(checkRestaurantAction('accepted', 'cancel', 'system', '逾期未付款')).toEqual({ ok: true, to: 'cancelled' });
  });

  it('lists the board buttons per status', () => {
    expect(actionsFor('pending')).toEqual(['accept', 'reject', 'cancel']);
    expect(actionsFor('accepted')).toEqual(['start', 'ready', 'cancel']);
    expect(actionsFor('ready')).toEqual(['complete', 'cancel']);
    expect(actionsFor('completed')).toEqual([]);
  });

  it('releases stock and slot only when the order will never be made', () => {
    expect(releasesCapacity('rejected')).toBe(true);
    expect(releasesCapacity('cancelled')).toBe(true);
    expect(releasesCapacity('completed')).toBe(false);
  });

  it('labels ready delivery orders 待出餐', () => {
    expect(restaurantStatusLabel('ready', 'delivery')).toBe('待出餐');
    expect(restaurantStatusLabel('ready', 'pickup')).toBe('可取餐');
  });

  it('validates the action body', () => {
    expect(restaurantActionBodySchema.parse(undefined)).toEqual({});
    expect(restaurantActionBodySchema.parse({ reason: ' 售完 ' })).toEqual({ reason: '售完' });
    expect(restaurantActionBodySchema.safeParse({ prepMinutes: 0 }).success).toBe(false);
    expect(restaurantActionBodySchema.safeParse({ reason: 'x'.repeat(101) }).success).toBe(false);
    expect(restaurantActionBodySchema.safeParse({ extra: 1 }).success).toBe(false);
  });
});
