import { describe, expect, it } from 'vitest';
import { pauseEndLabel, sectionsOf } from './daily-ops-view.ts';

const categories = [
  { id: 'c1', name: '麵食' },
  { id: 'c2', name: '飲料' },
];
const items = [
  { id: 'a', name: '紅燒牛肉麵', categoryId: 'c1' },
  { id: 'b', name: '珍珠奶茶', categoryId: 'c2' },
  { id: 'c', name: '滷蛋', categoryId: null },
  { id: 'd', name: '牛肉捲餅', categoryId: 'gone' },
];

describe('sectionsOf', () => {
  it('groups by category in menu order, the rest last under 其他, and drops empty ones', () => {
    expect(sectionsOf(categories, items, '', '其他').map((s) => [s.name, s.items.map((i) => i.id)])).toEqual([
      ['麵食', ['a']],
      ['飲料', ['b']],
      ['其他', ['c', 'd']],
    ]);
  });

  it('keeps only what the search matches', () => {
    expect(sectionsOf(categories, items, ' 牛肉 ', '其他').map((s) => [s.name, s.items.map((i) => i.id)])).toEqual([
      ['麵食', ['a']],
      ['其他', ['d']],
    ]);
  });
});

describe('pauseEndLabel', () => {
  // 2026-12-04 13:30 in Taipei.
  const now = new Date('2026-12-04T05:30:00Z');

  it('says until resumed, for today, a time today, or a day and time', () => {
    expect(pauseEndLabel(null, now)).toEqual({ kind: 'resume', time: '' });
    expect(pauseEndLabel('2026-12-04T16:00:00.000Z', now)).toEqual({ kind: 'today', time: '' });
    expect(pauseEndLabel('2026-12-04T07:00:00.000Z', now)).toEqual({ kind: 'time', time: '15:00' });
    expect(pauseEndLabel('2026-12-05T03:00:00.000Z', now)).toEqual({ kind: 'time', time: '12/05 11:00' });
  });
});
