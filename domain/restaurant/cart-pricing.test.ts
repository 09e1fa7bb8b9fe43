import { describe, expect, it } from 'vitest';
import { priceCart, type PricedMenuItem } from './cart-pricing.ts';
import { DEFAULT_PICKUP_METHODS, deliveryQuote } from './pickup-methods.ts';

const SWEET = '00000000-0000-4000-8000-0000000000a1';
const HALF = '00000000-0000-4000-8000-0000000000a2';
const FULL = '00000000-0000-4000-8000-0000000000a3';
const ADDON = '00000000-0000-4000-8000-0000000000b1';
const EGG = '00000000-0000-4000-8000-0000000000b2';
const CHEESE = '00000000-0000-4000-8000-0000000000b3';
const TEA = '00000000-0000-4000-8000-000000000001';
const RICE = '00000000-0000-4000-8000-000000000002';
const FOREIGN = '00000000-0000-4000-8000-000000000099';

const menu: PricedMenuItem[] = [
  {
    id: TEA,
    name: '珍珠奶茶',
    price: 60,
    soldOut: false,
    groups: [
      {
        id: SWEET,
        name: '甜度',
        minSelect: 1,
        maxSelect: 1,
        choices: [
          { id: HALF, name: '半糖', priceDelta: 0 },
          { id: FULL, name: '全糖', priceDelta: 0 },
        ],
      },
      {
        id: ADDON,
        name: '加購',
        minSelect: 0,
        maxSelect: 2,
        choices: [
          { id: EGG, name: '加蛋', priceDelta: 15 },
          { id: CHEESE, name: '起司', priceDelta: 20, soldOut: true },
        ],
      },
    ],
  },
  { id: RICE, name: '滷肉飯', price: 45, soldOut: true, unavailable: 'paused', groups: [] },
];

describe('priceCart', () => {
  it('prices each line as the branch price plus chosen deltas, times quantity', () => {
    const cart = priceCart(
      menu,
      [{ productId: TEA, quantity: 2, choices: { [SWEET]: [HALF], [ADDON]: [EGG] }, note: ' 少冰 ' }],
      {
        method: 'pickup',
      },
    );
    expect(cart.problems).toEqual([]);
    expect(cart.lines).toEqual([
      {
        productId: TEA,
        name: '珍珠奶茶',
        quantity: 2,
        unitPrice: 75,
        lineTotal: 150,
        note: '少冰',
        choices: [
          { groupId: SWEET, choiceId: HALF, groupName: '甜度', name: '半糖', priceDelta: 0 },
          { groupId: ADDON, choiceId: EGG, groupName: '加購', name: '加蛋', priceDelta: 15 },
        ],
      },
    ]);
    expect(cart).toMatchObject({ subtotal: 150, deliveryFee: 0, total: 150 });
  });

  it('names every reason the cart cannot be ordered', () => {
    const cart = priceCart(
      menu,
      [
        { productId: TEA, quantity: 1, choices: { [ADDON]: [CHEESE] } },
        { productId: RICE, quantity: 100, choices: {} },
        { productId: FOREIGN, quantity: 1, choices: {} },
      ],
      { method: 'pickup' },
    );
    expect(cart.problems.map((p) => [p.line, p.code])).toEqual([
      [0, 'invalid_options'],
      [0, 'choice_unavailable'],
      [1, 'quantity'],
      [1, 'paused'],
      [2, 'unknown_item'],
    ]);
    expect(cart.problems[0]!.message).toBe('「珍珠奶茶」：請選擇「甜度」');
    expect(cart.problems[3]!.message).toBe('「滷肉飯」暫停供應');
  });

  it('refuses an empty cart', () => {
    expect(priceCart(menu, [], { method: 'pickup' }).problems).toEqual([
      { code: 'empty_cart', message: '購物車是空的' },
    ]);
  });

  it('adds the delivery fee from the quote of the subtotal, or says why it cannot deliver', () => {
    const settings = { ...DEFAULT_PICKUP_METHODS, deliveryEnabled: true, deliveryMinimumOrder: 100, deliveryFee: 50 };
    const branch = { latitude: 25.033, longitude: 121.5654 };
    const near = { coords: { latitude: 25.034, longitude: 121.5654 } };
    const line = { productId: TEA, quantity: 2, choices: { [SWEET]: [FULL] } };
    const ok = priceCart(menu, [line], {
      method: 'delivery',
      deliveryQuote: (subtotal) => deliveryQuote(settings, branch, near, subtotal),
    });
    expect(ok).toMatchObject({ subtotal: 120, deliveryFee: 50, total: 170, problems: [] });
    const short = priceCart(menu, [{ ...line, quantity: 1 }], {
      method: 'delivery',
      deliveryQuote: (subtotal) => deliveryQuote(settings, branch, near, subtotal),
    });
    expect(short.problems).toEqual([{ code: 'delivery_below_minimum', message: '外送低消 NT$100，還差一點點喔' }]);
    expect(short.total).toBe(60);
  });

  it('charges no delivery fee for pickup even when a quote is given', () => {
    const cart = priceCart(menu, [{ productId: TEA, quantity: 1, choices: { [SWEET]: [HALF] } }], {
      method: 'pickup',
      deliveryQuote: { ok: true, fee: 60, distanceMetres: 10, zone: null, minimumOrder: 0 },
    });
    expect(cart.total).toBe(60);
  });
});
