import { describe, expect, it } from 'vitest';
import { lineSettingsSchema, quotaStatus, tokenTail } from './line-settings.ts';

describe('LINE settings input', () => {
  const good = {
    channelId: '2001234567',
    channelSecret: 'ABCDEF0123456789abcdef0123456789',
    channelAccessToken: 'x',
    liffId: '',
  };

  it('accepts digits, 32 hex characters, a token without spaces, a LIFF ID like 123-abc', () => {
    expect(lineSettingsSchema.safeParse(good).success).toBe(true);
    expect(lineSettingsSchema.safeParse({ ...good, liffId: '1657000000-AbCd_Ef' }).success).toBe(true);
    // Blank secret and token: keep the stored ones.
    expect(lineSettingsSchema.parse({ channelId: ' 123 ' })).toEqual({
      channelId: '123',
      channelSecret: '',
      channelAccessToken: '',
      liffId: '',
    });
  });

  it.each([
    [{ channelId: '２００１' }, /只能是數字/],
    [{ channelId: '1'.repeat(21) }, /最多 20 位/],
    [{ channelSecret: 'abc' }, /32 個英數字/],
    [{ channelSecret: 'g'.repeat(32) }, /32 個英數字/],
    [{ channelSecret: 'a'.repeat(33) }, /32 個英數字/],
    [{ channelAccessToken: 'a b' }, /不能包含空白/],
    [{ liffId: '1657000000' }, /LIFF ID 的格式/],
    [{ liffId: 'abc-def' }, /LIFF ID 的格式/],
  ])('refuses %j', (change, message) => {
    const result = lineSettingsSchema.safeParse({ ...good, ...change });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(message);
  });
});

describe('quota status', () => {
  it('warns from 80% and says when it is used up', () => {
    expect(quotaStatus(1000, 799)).toMatchObject({ percent: 79, nearLimit: false, exhausted: false });
    expect(quotaStatus(1000, 800)).toMatchObject({ percent: 80, nearLimit: true, exhausted: false });
    expect(quotaStatus(1000, 1200)).toMatchObject({ percent: 100, nearLimit: true, exhausted: true });
    expect(quotaStatus(0, 0)).toMatchObject({ nearLimit: true, exhausted: true });
    expect(quotaStatus(null, 5000)).toEqual({
      limit: null,
      used: 5000,
      percent: null,
      nearLimit: false,
      exhausted: false,
    });
  });

  it('shows only the last 4 characters of a token', () => {
    expect(tokenTail('abcdefWXYZ')).toBe('WXYZ');
  });
});
