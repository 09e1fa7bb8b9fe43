import { describe, expect, it } from 'vitest';
import { addToCart, readStoredCart, sameLine, setQuantity } from './cart-lines.ts';

const P = '0b9c2d4e-1f3a-4b5c-8d7e-9f0a1b2c3d4e';
const G = '1b9c2d4e-1f3a-4b5c-8d7e-9f0a1b2c3d4e';
const C1 = '2b9c2d4e-1f3a-4b5c-8d7e-9f0a1b2c3d4e';
const C2 = '3b9c2d4e-1f3a-4b5c-8d7e-9f0a1b2c3d4e';
let n = 0;
const key = () => `k${++n}`;

describe('the cart', () => {
  it('merges the same item with the same options and note, whatever the order of the picks', () => {
    let lines = addToCart([], { productId: P, quantity: 1, choices: { [G]: [C1, C2] } }, key);
    lines = addToCart(lines, { productId: P, quantity: 2, choices: { [G]: [C2, C1] } }, key);
    expect(lines.map((l) => l.quantity)).toEqual([3]);
    lines = addToCart(lines, { productId: P, quantity: 1, choices: { [G]: [C1] } }, key);
    lines = addToCart(lines, { productId: P, quantity: 1, choices: { [G]: [C1, C2] }, note: '去冰' }, key);
    expect(lines.map((l) => l.quantity)).toEqual([3, 1, 1]);
    expect(
      sameLine({ productId: P, quantity: 1, choices: {} }, { productId: P, quantity: 5, choices: { [G]: [] } }),
    ).toBe(true);
  });

  it('never goes past 99 of a line, and a quantity of 0 removes it', () => {
    let lines = addToCart([], { productId: P, quantity: 98, choices: {} }, key);
    lines = addToCart(lines, { productId: P, quantity: 5, choices: {} }, key);
    expect(lines[0]!.quantity).toBe(99);
    expect(setQuantity(lines, lines[0]!.key, 0)).toEqual([]);
    expect(setQuantity(lines, lines[0]!.key, 120)[0]!.quantity).toBe(99);
  });

  it('reads back only the lines and fields that are still valid', () => {
    const stored = JSON.stringify({
      lines: [
        { key: 'a', productId: P, quantity: 2, choices: { [G]: [C1] }, note: '少冰' },
        { key: 'b', productId: 'not-a-uuid', quantity: 1, choices: {} },
        { key: 'c', productId: P, quantity: 0, choices: {} },
      ],
      draft: { method: 'teleport', customerName: '王小明', phone: 42 },
    });
    const cart = readStoredCart(stored);
    expect(cart.lines.map((l) => l.key)).toEqual(['a']);
    expect(cart.draft).toMatchObject({ method: null, customerName: '王小明', phone: '' });
    expect(readStoredCart('{broken').lines).toEqual([]);
    expect(readStoredCart(null).draft.method).toBeNull();
  });
});
