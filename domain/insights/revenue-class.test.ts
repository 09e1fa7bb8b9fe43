import { describe, expect, it } from 'vitest';
import { ORDER_STATUSES } from '../orders/order-status.ts';
import { averageOrder, paymentKeyOf, revenueClass, storedPaymentKey } from './revenue-class.ts';

describe('revenueClass', () => {
  it('counts every bought order as sales, pending as open, and keeps refunds apart from cancellations', () => {
    const classes = Object.fromEntries(ORDER_STATUSES.map((s) => [s, revenueClass(s, false)]));
    expect(classes).toEqual({
      pending: 'open',
      confirmed: 'sales',
      cancelled: 'cancelled',
      paid: 'sales',
      shipped: 'sales',
      needs_attention: 'sales',
      accepted: 'sales',
      preparing: 'sales',
      ready: 'sales',
      completed: 'sales',
      rejected: 'cancelled',
    });
    expect(revenueClass('cancelled', true)).toBe('refunded');
    expect(revenueClass('rejected', true)).toBe('refunded');
    expect(revenueClass('completed', true)).toBe('sales');
  });

  it('averages whole dollars and survives no sales', () => {
    expect(averageOrder({ orders: 3, amount: 1000 })).toBe(333);
    expect(averageOrder({ orders: 2, amount: 301 })).toBe(151);
    expect(averageOrder({ orders: 0, amount: 0 })).toBe(0);
  });

  it("names orders without a payment method 'none' and back", () => {
    expect(paymentKeyOf('')).toBe('none');
    expect(paymentKeyOf('cash')).toBe('cash');
    expect(storedPaymentKey('none')).toBe('');
    expect(storedPaymentKey('card')).toBe('card');
  });
});
