import { describe, expect, it } from 'vitest';
import { parseProviderDate, refusalReason, throttleWaitMs, undoAction } from './invoice-life.ts';

describe('parseProviderDate', () => {
  it('reads ECPay’s Taipei date and time', () => {
    expect(parseProviderDate('2026-12-04 12:30:05').toISOString()).toBe('2026-12-04T04:30:05.000Z');
    expect(parseProviderDate('2026/01/01 00:10:00').toISOString()).toBe('2025-12-31T16:10:00.000Z');
    expect(() => parseProviderDate('yesterday')).toThrow(RangeError);
  });
});

describe('undoAction', () => {
  it('voids inside the period and the days to the 13th after it, and allows after', () => {
    expect(undoAction('2026-12-04 12:00:00', new Date('2026-12-20T00:00:00Z'))).toBe('void');
    expect(undoAction('2026-12-04 12:00:00', new Date('2027-01-12T15:59:59Z'))).toBe('void');
    expect(undoAction('2026-12-04 12:00:00', new Date('2027-01-12T16:00:00Z'))).toBe('allowance');
    expect(undoAction('2026-09-30 23:00:00', new Date('2026-12-04T04:00:00Z'))).toBe('allowance');
  });
});

describe('throttleWaitMs', () => {
  it('waits ECPay’s 30 minutes, then longer, never more than two hours', () => {
    expect(throttleWaitMs(1)).toBe(30 * 60_000);
    expect(throttleWaitMs(2)).toBe(60 * 60_000);
    expect(throttleWaitMs(20)).toBe(120 * 60_000);
  });
});

describe('refusalReason', () => {
  it('tells the merchant what to do', () => {
    expect(refusalReason('發票字軌已用完')).toMatch(/新增字軌/);
    expect(refusalReason('查無可用發票', 5070350)).toMatch(/新增字軌/);
    expect(refusalReason('手機條碼不存在')).toMatch(/向顧客確認載具/);
    expect(refusalReason('')).toMatch(/發票平台拒絕開立/);
  });
});
