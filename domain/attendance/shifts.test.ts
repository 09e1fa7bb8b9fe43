import { describe, expect, it } from 'vitest';
import { checkCorrection, minutesToHours, shiftDay, shiftMinutes, shiftState, totalsByPerson } from './shifts.ts';

const at = (iso: string) => new Date(iso);

describe('shifts across midnight in Asia/Taipei', () => {
  // 22:00 on 12/01 to 02:30 on 12/02, Taipei time.
  const night = { staffId: 'a', clockInAt: at('2026-12-01T14:00:00Z'), clockOutAt: at('2026-12-01T18:30:00Z') };

  it('counts a night shift whole, on the Taipei day it started', () => {
    expect(shiftMinutes(night)).toBe(270);
    expect(minutesToHours(270)).toBe(4.5);
    expect(shiftDay(night)).toBe('20261201');
  });

  it('puts a shift that starts after Taipei midnight on the next day, though UTC still says the day before', () => {
    expect(shiftDay({ clockInAt: at('2026-12-01T16:30:00Z'), clockOutAt: null })).toBe('20261202');
  });

  it('totals per person: days worked, minutes of closed shifts, forgotten clock-outs', () => {
    const now = at('2026-12-05T04:00:00Z');
    const shifts = [
      night,
      // 12/02 09:00-17:15
      { staffId: 'a', clockInAt: at('2026-12-02T01:00:00Z'), clockOutAt: at('2026-12-02T09:15:00Z') },
      // 12/03 09:00, never clocked out: flagged, no hours
      { staffId: 'a', clockInAt: at('2026-12-03T01:00:00Z'), clockOutAt: null },
      // someone at work right now
      { staffId: 'b', clockInAt: at('2026-12-05T01:00:00Z'), clockOutAt: null },
    ];
    expect(totalsByPerson(shifts, now)).toEqual([
      { staffId: 'a', shifts: 2, minutes: 270 + 495, days: 3, missingClockOuts: 1 },
      { staffId: 'b', shifts: 0, minutes: 0, days: 1, missingClockOuts: 0 },
    ]);
    expect(shiftState(shifts[2]!, now)).toBe('missing_clock_out');
    expect(shiftState(shifts[3]!, now)).toBe('working');
    expect(shiftState(night, now)).toBe('closed');
  });
});

describe('a manager’s correction', () => {
  const now = at('2026-12-05T04:00:00Z');
  it('accepts a night shift and an open one', () => {
    expect(
      checkCorrection({ clockInAt: at('2026-12-01T14:00:00Z'), clockOutAt: at('2026-12-01T18:00:00Z') }, now),
    ).toBeNull();
    expect(checkCorrection({ clockInAt: at('2026-12-05T01:00:00Z'), clockOutAt: null }, now)).toBeNull();
  });
  it('refuses out before in, more than a day, and the future', () => {
    const inAt = at('2026-12-01T14:00:00Z');
    expect(checkCorrection({ clockInAt: inAt, clockOutAt: inAt }, now)).toBe('out_before_in');
    expect(checkCorrection({ clockInAt: inAt, clockOutAt: at('2026-12-02T14:00:01Z') }, now)).toBe('too_long');
    expect(checkCorrection({ clockInAt: inAt, clockOutAt: at('2026-12-06T00:00:00Z') }, now)).toBe('in_future');
  });
});
