import { describe, expect, it } from 'vitest';
import { mapUberCart, uberOrderSchema, uberOrderSlot } from './uber-order.ts';

const order = (extra: Record<string, unknown> = {}) =>
  uberOrderSchema.parse({
    id: 'u1',
    display_id: 'AB12C',
    current_state: 'CREATED',
    store: { id: 's1' },
    cart: {
      items: [
        {
          id: 'i1',
          title: '珍珠奶茶',
          external_data: 'p-tea',
          quantity: 2,
          selected_modifier_groups: [
            { title: '甜度', external_data: 'g-sweet', selected_items: [{ title: '半糖', external_data: 'c-half' }] },
          ],
        },
        { id: 'i2', title: '神秘飲料', external_data: 'p-gone', quantity: 1 },
      ],
    },
    ...extra,
  });

const at = (hhmm: string) => new Date(`2026-12-05T${hhmm}:00+08:00`);
const slots = [
  { start: at('11:00'), end: at('11:15') },
  { start: at('11:15'), end: at('11:30') },
  { start: at('18:00'), end: at('18:15') },
];

describe('an Uber Eats order read onto the branch', () => {
  it('maps items and options by Jiayi’s IDs and names what it cannot', () => {
    const menu = [
      {
        id: 'p-tea',
        name: '珍珠奶茶',
        price: 60,
        soldOut: false,
        groups: [
          {
            id: 'g-sweet',
            name: '甜度',
            minSelect: 1,
            maxSelect: 1,
            choices: [{ id: 'c-half', name: '半糖', priceDelta: 0 }],
          },
        ],
      },
    ];
    expect(mapUberCart(order(), menu)).toEqual({
      lines: [{ productId: 'p-tea', quantity: 2, choices: { 'g-sweet': ['c-half'] }, note: undefined }],
      unknown: ['神秘飲料'],
    });
  });

  it('takes the first open slot when ASAP, and a scheduled order’s own slot', () => {
    expect(uberOrderSlot(order(), slots)).toBe(slots[0]);
    expect(uberOrderSlot(order({ estimated_ready_for_pickup_at: '2026-12-05T18:10:00+08:00' }), slots)).toBe(slots[2]);
    expect(uberOrderSlot(order({ estimated_ready_for_pickup_at: '2026-12-05T11:15:00+08:00' }), slots)).toBe(slots[1]);
    // After the day's last slot: none takes it (the order is denied as outside the hours).
    expect(uberOrderSlot(order({ estimated_ready_for_pickup_at: '2026-12-05T22:00:00+08:00' }), slots)).toBeNull();
  });
});
