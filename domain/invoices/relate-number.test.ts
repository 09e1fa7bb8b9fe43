import { describe, expect, it } from 'vitest';
import { invoiceRelateNumber, orderIdOfRelateNumber } from './relate-number.ts';

const ORDER = '019a3f2c-7d41-7c2e-9b1a-4f0e6d2c8a11';

describe('invoiceRelateNumber', () => {
  it('gives an order one number that ECPay accepts, the same every time', () => {
    const number = invoiceRelateNumber(ORDER);
    expect(number).toMatch(/^[A-Za-z0-9]{1,30}$/);
    expect(number).toHaveLength(27);
    expect(invoiceRelateNumber(ORDER)).toBe(number);
    expect(invoiceRelateNumber(ORDER.toUpperCase())).toBe(number);
  });

  it('gives different orders different numbers, even at the ends of the range', () => {
    const lowest = invoiceRelateNumber('00000000-0000-0000-0000-000000000000');
    const highest = invoiceRelateNumber('ffffffff-ffff-ffff-ffff-ffffffffffff');
    expect(lowest).toBe(`JY${'0'.repeat(25)}`);
    expect(highest).toHaveLength(27);
    expect(new Set([lowest, highest, invoiceRelateNumber(ORDER)]).size).toBe(3);
  });

  it('reads the order back from its number', () => {
    expect(orderIdOfRelateNumber(invoiceRelateNumber(ORDER))).toBe(ORDER);
    expect(orderIdOfRelateNumber(invoiceRelateNumber('ffffffff-ffff-ffff-ffff-ffffffffffff'))).toBe(
      'ffffffff-ffff-ffff-ffff-ffffffffffff',
    );
  });

  it('refuses what is not an order and numbers that are not ours', () => {
    expect(() => invoiceRelateNumber('order-1')).toThrow(/not an order id/);
    expect(orderIdOfRelateNumber('JYTEST1')).toBeNull();
    expect(orderIdOfRelateNumber(`XX${'0'.repeat(25)}`)).toBeNull();
    expect(orderIdOfRelateNumber(`JY${'Z'.repeat(25)}`)).toBeNull();
  });
});
