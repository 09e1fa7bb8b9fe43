import { describe, expect, it } from 'vitest';
import { invoiceSettingsSchema, issueTrigger, keysToStore } from './invoice-settings.ts';

const base = {
  enabled: true,
  merchantId: '2000132',
  hashKey: 'ejCk326UnaZWKisg',
  hashIv: 'q9jcZX8Ib9LM8wYk',
  issueOn: 'payment',
  defaultLoveCode: '',
};
const message = (value: unknown) => {
  const result = invoiceSettingsSchema.safeParse(value);
  return result.success ? null : result.error.issues[0]?.message;
};

describe('invoiceSettingsSchema', () => {
  it('takes ECPay’s credentials and a love code', () => {
    expect(message(base)).toBeNull();
    expect(message({ ...base, defaultLoveCode: '8585' })).toBeNull();
    expect(message({ ...base, hashKey: '', hashIv: '' })).toBeNull();
  });
  it('refuses what ECPay would', () => {
    expect(message({ ...base, merchantId: 'abc' })).toMatch(/特店編號/);
    expect(message({ ...base, hashKey: 'short' })).toBe('HashKey 是 16 個字元');
    expect(message({ ...base, defaultLoveCode: '12' })).toMatch(/愛心碼/);
    expect(message({ ...base, issueOn: 'never' })).toBe('請選擇開立時機');
  });
  it('needs the keys the first time only', () => {
    const empty = invoiceSettingsSchema.parse({ ...base, hashKey: '', hashIv: '' });
    expect(keysToStore(empty, false)).toMatchObject({ ok: false, field: 'hashKey' });
    expect(keysToStore(empty, true)).toEqual({ ok: true });
  });
});

describe('issueTrigger', () => {
  it('issues on payment only what is paid in advance; cash at completion', () => {
    expect(issueTrigger('payment', true)).toBe('paid');
    expect(issueTrigger('payment', false)).toBe('completed');
    expect(issueTrigger('completion', true)).toBe('completed');
  });
});
