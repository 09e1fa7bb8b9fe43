import { describe, expect, it } from 'vitest';
import { refundableAmount, refundRequestSchema } from './refunds.ts';

describe('refundableAmount', () => {
  it('is what came by card and has not gone back', () => {
    expect(refundableAmount({ method: 'card', status: 'paid', amount: 500, refundedAmount: 120 })).toBe(380);
    expect(refundableAmount({ method: 'card', status: 'refunded', amount: 500, refundedAmount: 500 })).toBe(0);
    expect(refundableAmount({ method: 'card', status: 'unpaid', amount: 500, refundedAmount: 0 })).toBe(0);
    expect(refundableAmount({ method: 'transfer', status: 'paid', amount: 500, refundedAmount: 0 })).toBe(0);
  });
});

describe('refundRequestSchema', () => {
  const requestId = '0190a0a0-0000-7000-8000-000000000000';
  it('takes whole dollars with a reason', () => {
    expect(refundRequestSchema.parse({ amount: 70, reason: ' 珍珠奶茶缺貨 ', requestId })).toEqual({
      amount: 70,
      reason: '珍珠奶茶缺貨',
      requestId,
    });
  });
  it('refuses cents, nothing, no reason and extra fields, naming the field', () => {
    const issues = (body: unknown) => refundRequestSchema.safeParse(body).error?.issues.map((i) => i.path.join('.'));
    expect(issues({ amount: 10.5, reason: 'x', requestId })).toEqual(['amount']);
    expect(issues({ amount: 0, reason: 'x', requestId })).toEqual(['amount']);
    expect(issues({ amount: 10, reason: '  ', requestId })).toEqual(['reason']);
    expect(issues({ amount: 10, reason: 'x', requestId, extra: 1 })).toEqual(['']);
  });
});
