import { describe, expect, it } from 'vitest';
import { slotsByDay, soonestFree } from './slot-days.ts';

const slot = (start: string, full = false) => ({ start, end: start, full, left: full ? 0 : 3 });

describe('the slot picker', () => {
  it('groups slots by Taipei day, counting the free ones, and 盡快 skips full slots', () => {
    // 15:30Z is 23:30 in Taipei; 16:00Z is the next Taipei day.
    const slots = [
      slot('2026-12-08T15:00:00.000Z', true),
      slot('2026-12-08T15:30:00.000Z'),
      slot('2026-12-08T16:00:00.000Z'),
      slot('2026-12-09T03:00:00.000Z', true),
    ];
    expect(slotsByDay(slots).map((d) => [d.day, d.slots.length, d.free])).toEqual([
      ['20261208', 2, 1],
      ['20261209', 2, 1],
    ]);
    expect(soonestFree(slots)?.start).toBe('2026-12-08T15:30:00.000Z');
    expect(soonestFree([slot('2026-12-08T15:00:00.000Z', true)])).toBeNull();
  });
});
