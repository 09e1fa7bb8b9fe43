import { describe, expect, it } from 'vitest';
import { uberMenu, type UberMenuSource } from './uber-menu.ts';

const sweetness = {
  id: 'g-sweet',
  name: '甜度',
  minSelect: 1,
  maxSelect: 1,
  choices: [
    { id: 'c-half', name: '半糖', priceDelta: 0 },
    { id: 'c-none', name: '無糖', priceDelta: 0, soldOut: true },
  ],
};
const source: UberMenuSource = {
  shopName: '茶飲小舖',
  categories: [
    {
      id: 'cat-drinks',
      name: '飲料',
      items: [
        {
          id: 'p-tea',
          name: '珍珠奶茶',
          description: '招牌',
          imageUrl: 'https://shop.example/tea.jpg',
          price: 60,
          soldOut: false,
          groups: [sweetness],
        },
        {
          id: 'p-black',
          name: '紅茶',
          description: null,
          imageUrl: null,
          price: 35,
          soldOut: true,
          groups: [sweetness],
        },
      ],
    },
    { id: null, name: '其他', items: [] },
  ],
  week: [
    [],
    [
      { start: '11:00', end: '14:00' },
      { start: '17:00', end: '01:30' },
    ],
    [],
    [],
    [],
    [],
    [],
  ],
  suspendUntil: 1_800_000_000,
};

describe('the menu pushed to Uber Eats', () => {
  const menu = uberMenu(source);

  it('names every item, group and option by Jiayi’s ID, in hundredths of NT$', () => {
    const tea = menu.items.find((i) => i.external_data === 'p-tea');
    expect(tea).toMatchObject({
      id: 'item-p-tea',
      price_info: { price: 6000 },
      image_url: 'https://shop.example/tea.jpg',
      modifier_group_ids: { ids: ['group-g-sweet'] },
    });
    expect(menu.modifier_groups).toEqual([
      expect.objectContaining({
        external_data: 'g-sweet',
        quantity_info: { quantity: { min_permitted: 1, max_permitted: 1 } },
        modifier_options: [
          { id: 'choice-c-half', type: 'ITEM' },
          { id: 'choice-c-none', type: 'ITEM' },
        ],
      }),
    ]);
    // A group two items share is sent once; its options are items too.
    expect(menu.items.filter((i) => i.external_data === 'c-half')).toHaveLength(1);
  });

  it('suspends what is sold out today until the given time, and leaves out empty categories', () => {
    const suspension = {
      suspension_info: { suspension: { suspend_until: 1_800_000_000, reason: '今日售完或暫停供應' } },
    };
    expect(menu.items.find((i) => i.external_data === 'p-black')).toMatchObject(suspension);
    expect(menu.items.find((i) => i.external_data === 'c-none')).toMatchObject(suspension);
    expect(menu.items.find((i) => i.external_data === 'p-tea')).not.toHaveProperty('suspension_info');
    expect(menu.categories.map((c) => c.id)).toEqual(['cat-drinks']);
    expect(menu.menus[0]!.category_ids).toEqual(['cat-drinks']);
  });

  it('opens in the weekly hours, a period past midnight split across the two days', () => {
    expect(menu.menus[0]!.service_availability).toEqual([
      {
        day_of_week: 'monday',
        time_periods: [
          { start_time: '11:00', end_time: '14:00' },
          { start_time: '17:00', end_time: '23:59' },
        ],
      },
      { day_of_week: 'tuesday', time_periods: [{ start_time: '00:00', end_time: '01:30' }] },
    ]);
  });
});
