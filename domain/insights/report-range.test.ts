import { describe, expect, it } from 'vitest';
import {
  dayKeyToIsoDate,
  isoDateToDayKey,
  niceCeiling,
  reportRangeFromQuery,
  reportRangeQuery,
  shortDay,
  weekdayOfDayKey,
} from './report-range.ts';

// 2026-01-08 14:05 in Taipei.
const NOW = new Date('2026-01-08T06:05:00.000Z');

describe('reportRangeFromQuery', () => {
  it('defaults to the last 30 Taipei days, today included', () => {
    expect(reportRangeFromQuery({}, NOW)).toEqual({ preset: 30, from: '20251210', to: '20260108' });
  });

  it('takes the presets 7 and 90, and nothing else as a preset', () => {
    expect(reportRangeFromQuery({ days: '7' }, NOW)).toEqual({ preset: 7, from: '20260102', to: '20260108' });
    expect(reportRangeFromQuery({ days: '90' }, NOW).from).toBe('20251011');
    expect(reportRangeFromQuery({ days: '12' }, NOW).preset).toBe(30);
    expect(reportRangeFromQuery({ days: 'abc' }, NOW).preset).toBe(30);
  });

  it('takes a custom from/to in order, else falls back to the preset', () => {
    expect(reportRangeFromQuery({ from: '2025-12-01', to: '2025-12-31', days: '7' }, NOW)).toEqual({
      preset: null,
      from: '20251201',
      to: '20251231',
    });
    expect(reportRangeFromQuery({ from: '2025-12-31', to: '2025-12-01' }, NOW).preset).toBe(30);
    expect(reportRangeFromQuery({ from: '2026-02-30', to: '2026-03-01' }, NOW).preset).toBe(30);
    expect(reportRangeFromQuery({ from: '2020-01-01', to: '2026-01-01' }, NOW).preset).toBe(30);
    expect(reportRangeFromQuery({ from: '2025-12-01' }, NOW).preset).toBe(30);
  });

  it('round-trips through the URL query', () => {
    const custom = reportRangeFromQuery({ from: '2025-12-01', to: '2025-12-31' }, NOW);
    expect(reportRangeQuery(custom)).toEqual({ from: '2025-12-01', to: '2025-12-31' });
    expect(reportRangeFromQuery(reportRangeQuery(custom), NOW)).toEqual(custom);
    expect(reportRangeQuery(reportRangeFromQuery({ days: '7' }, NOW))).toEqual({ days: '7' });
  });
});

describe('day keys', () => {
  it('convert between the URL form and day keys', () => {
    expect(isoDateToDayKey('2026-01-08')).toBe('20260108');
    expect(isoDateToDayKey('20260108')).toBeNull();
    expect(isoDateToDayKey('2026-13-01')).toBeNull();
    expect(isoDateToDayKey(null)).toBeNull();
    expect(dayKeyToIsoDate('20260108')).toBe('2026-01-08');
  });

  it('label days for axes and tooltips', () => {
    expect(shortDay('20260108')).toBe('1/8');
    expect(shortDay('20261231')).toBe('12/31');
    expect(weekdayOfDayKey('20260108')).toBe(4); // a Thursday
    expect(weekdayOfDayKey('20260111')).toBe(0);
  });
});

describe('niceCeiling', () => {
  it('rounds an axis top up to 1, 2, 2.5 or 5 times a power of ten', () => {
    expect(niceCeiling(0)).toBe(1);
    expect(niceCeiling(-5)).toBe(1);
    expect(niceCeiling(1)).toBe(1);
    expect(niceCeiling(1050)).toBe(2000);
    expect(niceCeiling(2100)).toBe(2500);
    expect(niceCeiling(2600)).toBe(5000);
    expect(niceCeiling(7000)).toBe(10000);
    expect(niceCeiling(0.3)).toBe(0.5);
  });
});
