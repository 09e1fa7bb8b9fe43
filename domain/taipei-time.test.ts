import { describe, expect, it } from 'vitest';
import { daysInMonth, formatTaipeiDateTime, isDayKey, taipeiDayKey, taipeiDayRange } from './taipei-time.ts';

describe('taipeiDayKey', () => {
  it.each([
    ['2026-01-07T15:59:59.999Z', '20260107'],
    ['2026-01-07T16:00:00.000Z', '20260108'], // midnight in Taipei
    ['2026-01-08T15:59:59.999Z', '20260108'],
    ['2026-01-08T00:00:00.000Z', '20260108'],
    ['2025-12-31T15:59:59.999Z', '20251231'],
    ['2025-12-31T16:00:00.000Z', '20260101'], // year boundary
    ['2028-02-28T16:00:00.000Z', '20280229'], // leap day
    ['2027-02-28T16:00:00.000Z', '20270301'],
    ['2026-03-08T18:00:00.000Z', '20260309'], // US/EU DST changes do not move Taipei
    ['2026-10-25T01:30:00.000Z', '20261025'],
    ['1970-01-01T00:00:00.000Z', '19700101'],
  ])('%s → %s', (iso, expected) => {
    expect(taipeiDayKey(new Date(iso))).toBe(expected);
  });

  it('does not depend on the machine time zone', () => {
    // An instant built from local fields would drift with TZ; this one is absolute.
    expect(taipeiDayKey(new Date(Date.UTC(2026, 0, 7, 16)))).toBe('20260108');
  });

  it('rejects an invalid Date', () => {
    expect(() => taipeiDayKey(new Date('nonsense'))).toThrow(RangeError);
  });

  it('rejects years that do not fit four digits', () => {
    expect(() => taipeiDayKey(new Date('+010000-01-01T00:00:00Z'))).toThrow(RangeError);
    expect(taipeiDayKey(new Date('9999-12-31T15:59:59Z'))).toBe('99991231');
    expect(() => taipeiDayKey(new Date('9999-12-31T16:00:00Z'))).toThrow(RangeError);
  });
});

describe('formatTaipeiDateTime', () => {
  it.each([
    ['2026-01-07T16:00:00.000Z', '2026/01/08 00:00'],
    ['2026-01-07T15:59:59.999Z', '2026/01/07 23:59'],
    ['2026-01-08T05:05:59.000Z', '2026/01/08 13:05'], // seconds are dropped, not rounded
    ['2025-12-31T16:00:00.000Z', '2026/01/01 00:00'],
    ['2026-07-01T03:09:00.000Z', '2026/07/01 11:09'],
  ])('%s → %s', (iso, expected) => {
    expect(formatTaipeiDateTime(new Date(iso))).toBe(expected);
  });

  it('rejects an invalid Date', () => {
    expect(() => formatTaipeiDateTime(new Date(Number.NaN))).toThrow(RangeError);
  });
});

describe('isDayKey', () => {
  it.each(['20260108', '20280229', '20000229', '20261231', '19991231'])('accepts %s', (key) => {
    expect(isDayKey(key)).toBe(true);
  });

  it.each([
    '20270229', // not a leap year
    '21000229', // century, not a leap year
    '20260230',
    '20260431',
    '20261301',
    '20260001',
    '20260100',
    '2026018',
    '202601080',
    '2026-01-08',
    ' 20260108',
    '２０２６０１０８',
    '',
  ])('rejects %j', (key) => {
    expect(isDayKey(key)).toBe(false);
  });
});

describe('daysInMonth', () => {
  it('knows month lengths and the leap-year rule', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((m) => daysInMonth(2026, m))).toEqual([
      31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31,
    ]);
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2000, 2)).toBe(29);
    expect(daysInMonth(1900, 2)).toBe(28);
  });
});

describe('taipeiDayRange', () => {
  it('spans Taipei midnight to midnight', () => {
    const { start, end } = taipeiDayRange('20260108');
    expect(start.toISOString()).toBe('2026-01-07T16:00:00.000Z');
    expect(end.toISOString()).toBe('2026-01-08T16:00:00.000Z');
  });

  it('agrees with taipeiDayKey at both edges', () => {
    const { start, end } = taipeiDayRange('20260101');
    expect(taipeiDayKey(start)).toBe('20260101');
    expect(taipeiDayKey(new Date(end.getTime() - 1))).toBe('20260101');
    expect(taipeiDayKey(end)).toBe('20260102');
  });

  it('handles leap days and two-digit years', () => {
    expect(taipeiDayRange('20280229').start.toISOString()).toBe('2028-02-28T16:00:00.000Z');
    expect(taipeiDayRange('00500102').start.getUTCFullYear()).toBe(50);
  });

  it('rejects invalid day keys', () => {
    expect(() => taipeiDayRange('20260230')).toThrow(RangeError);
    expect(() => taipeiDayRange('2026-01-08')).toThrow(RangeError);
  });
});
