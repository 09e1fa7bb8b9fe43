import { describe, expect, it } from 'vitest';
import { invoiceLines } from './invoice-items.ts';

describe('invoiceLines', () => {
  it('lists the items and the delivery fee when they add up', () => {
    const lines = invoiceLines({
      total: 190,
      deliveryFee: 30,
      items: [
        { name: '珍珠奶茶', quantity: 2, unitPrice: 60 },
        { name: '雞排', quantity: 1, unitPrice: 40 },
      ],
    });
    expect(lines).toEqual([
      { name: '珍珠奶茶', count: 2, word: '份', price: 60 },
      { name: '雞排', count: 1, word: '份', price: 40 },
      { name: '外送費', count: 1, word: '趟', price: 30 },
    ]);
  });

  it('is one line for the whole order when a discount breaks the sum', () => {
    expect(invoiceLines({ total: 100, deliveryFee: 0, items: [{ name: '便當', quantity: 1, unitPrice: 120 }] })).toEqual([
      { name: '餐點', count: 1, word: '式', price: 100 },
    ]);
  });
});
