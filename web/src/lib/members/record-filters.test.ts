import { describe, expect, it } from 'vitest';
import { readRecordFilters, recordApiUrl, recordPageQuery } from './record-filters.ts';

describe('點數 / 發券記錄 filters in the URL', () => {
  it('reads only what the API takes, a backwards range forwards', () => {
    const read = readRecordFilters(
      new URLSearchParams('tab=coupons&q= 王 &kind=gift&status=used&from=2026-03-09&to=2026-03-01'),
    );
    expect(read).toEqual({ tab: 'coupons', q: '王', kind: '', status: 'used', from: '2026-03-01', to: '2026-03-09' });
    expect(readRecordFilters(new URLSearchParams('tab=nope&from=3/1'))).toMatchObject({ tab: 'points', from: '' });
  });

  it("asks the tab's list with the tab's own filter, and its CSV with the same filters unpaged", () => {
    const points = readRecordFilters(new URLSearchParams('kind=earn&status=used&from=2026-03-01'));
    expect(recordApiUrl('demo', points, 'page', { cursor: 'abc' })).toBe(
      '/api/t/demo/members/records/points?kind=earn&from=2026-03-01&limit=50&cursor=abc',
    );
    expect(recordApiUrl('demo', points, 'csv')).toBe(
      '/api/t/demo/members/records/points.csv?kind=earn&from=2026-03-01',
    );
    expect(recordApiUrl('demo', { ...points, tab: 'coupons' }, 'csv')).toBe(
      '/api/t/demo/members/records/coupons.csv?status=used&from=2026-03-01',
    );
    expect(recordPageQuery({ ...points, tab: 'coupons' })).toBe('tab=coupons&status=used&from=2026-03-01');
  });
});
