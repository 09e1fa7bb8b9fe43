import { describe, expect, it } from 'vitest';
import { customerCookieName, liffChannelId } from './customer-session.ts';

describe('customer sessions', () => {
  it('gives each shop its own cookie, host-locked over HTTPS', () => {
    expect(customerCookieName('tea-house', true)).toBe('__Host-jiayi_customer_tea-house');
    expect(customerCookieName('tea-house', false)).toBe('jiayi_customer_tea-house');
    expect(customerCookieName('a', false)).not.toBe(customerCookieName('b', false));
  });

  it('reads the LINE Login channel from a LIFF ID and refuses what is not one', () => {
    expect(liffChannelId('1657123456-AbCdEf12')).toBe('1657123456');
    expect(liffChannelId('AbCdEf12')).toBeNull();
    expect(liffChannelId('1657123456-')).toBeNull();
    expect(liffChannelId('16571-23456-ab')).toBeNull();
  });
});
