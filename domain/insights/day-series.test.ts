import { describe, expect, it } from 'vitest';
import { lastTaipeiDays, MAX_REPORT_DAYS, taipeiDaySeries } from './day-series.ts';

describe('taipeiDaySeries', () => {
  it('lists every day, both ends included, across month and year ends', () => {
    expect(taipeiDaySeries('20261230', '20270102')).toEqual(['20261230', '20261231', '20270101', '20270102']);
    expect(taipeiDaySeries('20280228', '20280301')).toEqual(['20280228', '20280229', '20280301']);
    expect(taipeiDaySeries('20260108', '20260108')).toEqual(['20260108']);
  });
  it('refuses bad keys, reversed and over-long ranges', () => {
    expect(() => taipeiDaySeries('2026-01-08', '20260109')).toThrow(RangeError);
    expect(() => taipeiDaySeries('20260230', '20260301')).toThrow(RangeError);
    expect(() => taipeiDaySeries('20260109', '20260108')).toThrow(RangeError);
    expect(() => taipeiDaySeries('20200101', '20261231')).toThrow(`at most ${MAX_REPORT_DAYS} days`);
  });
});

describe('lastTaipeiDays', () => {
  it('ends on the Taipei day of now, whatever the UTC date', () => {
    // 2026-01-07T16:30Z is 2026-01-08 00:30 in Taipei.
    expect(lastTaipeiDays(new Date('2026-01-07T16:30:00Z'), 30)).toEqual({ from: '20251210', to: '20260108' });
    expect(lastTaipeiDays(new Date('2026-01-07T15:59:00Z'), 1)).toEqual({ from: '20260107', to: '20260107' });
  });
});
