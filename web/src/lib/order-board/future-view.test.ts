import { describe, expect, it } from 'vitest';
import { futureRange, prepTotals } from './future-view.ts';

describe('prepTotals', () => {
  it('adds up each item with how many come with each option, the most made first', () => {
    const totals = prepTotals([
      { name: '雞腿便當', choices: ['加蛋'], quantity: 5 },
      { name: '雞腿便當', choices: [], quantity: 7 },
      { name: '排骨便當', choices: ['加蛋', '飯少'], quantity: 2 },
      { name: '排骨便當', choices: ['飯少'], quantity: 1 },
    ]);
    expect(totals).toEqual([
      { name: '雞腿便當', quantity: 12, choices: [{ name: '加蛋', quantity: 5 }] },
      {
        name: '排骨便當',
        quantity: 3,
        choices: [
          { name: '飯少', quantity: 3 },
          { name: '加蛋', quantity: 2 },
        ],
      },
    ]);
  });
});

describe('futureRange', () => {
  const now = new Date('2026-12-07T17:00:00Z'); // 12/8 01:00 in Taipei
  it('starts today in Taipei for a week unless the address asks otherwise', () => {
    expect(futureRange(new URLSearchParams(), now)).toEqual({ from: '2026-12-08', days: 7 });
    expect(futureRange(new URLSearchParams('from=2026-12-10&days=3'), now)).toEqual({ from: '2026-12-10', days: 3 });
    expect(futureRange(new URLSearchParams('from=12/10&days=30'), now)).toEqual({ from: '2026-12-08', days: 7 });
  });
});
