import { describe, expect, it } from 'vitest';
import { taipeiDaySeries } from './day-series.ts';
import { rollupSpans } from './month-spans.ts';

/** Every day the spans cover, months expanded, in order. */
function covered(from: string, to: string): string[] {
  const { days, months } = rollupSpans(from, to);
  const all = days.flatMap(([a, b]) => taipeiDaySeries(a, b));
  if (months) all.push(...taipeiDaySeries(`${months[0]}01`, to).filter((d) => d.slice(0, 6) <= months[1]));
  return all.sort();
}

describe('rollupSpans', () => {
  it('reads whole months from the month rollup and the edge days from the day rollup', () => {
    expect(rollupSpans('20250115', '20250410')).toEqual({
      days: [
        ['20250115', '20250131'],
        ['20250401', '20250410'],
      ],
      months: ['202502', '202503'],
    });
    expect(rollupSpans('20250101', '20251231')).toEqual({ days: [], months: ['202501', '202512'] });
    expect(rollupSpans('20241201', '20250228')).toEqual({ days: [], months: ['202412', '202502'] });
  });

  it('keeps a range without a whole month in days', () => {
    expect(rollupSpans('20250105', '20250120')).toEqual({ days: [['20250105', '20250120']], months: null });
    expect(rollupSpans('20250115', '20250214')).toEqual({ days: [['20250115', '20250214']], months: null });
    expect(rollupSpans('20250301', '20250330')).toEqual({ days: [['20250301', '20250330']], months: null });
  });

  it('covers every day of any range exactly once (leap Februaries and year ends too)', () => {
    for (const [from, to] of [
      ['20240115', '20260114'],
      ['20240201', '20240229'],
      ['20231231', '20240301'],
      ['20250131', '20250201'],
      ['20241130', '20251201'],
      ['20250601', '20250601'],
    ] as const)
      expect(covered(from, to)).toEqual(taipeiDaySeries(from, to));
  });
});
