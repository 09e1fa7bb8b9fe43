import { describe, expect, it } from 'vitest';
import { joinWaitlistPostbackData, parseWaitlistPostback, waitlistJoinReply } from './waitlist.ts';

describe('the waitlist button', () => {
  it('round-trips the product and quantity, and refuses anything else', () => {
    expect(parseWaitlistPostback(joinWaitlistPostbackData('261122001', 2))).toEqual({ productCode: '261122001', quantity: 2 });
    for (const data of ['waitlist:261122001:0', 'waitlist:261122001:100', 'waitlist:abc:1', 'confirm:X', 42, 'waitlist:1:1 ']) {
      expect(parseWaitlistPostback(data)).toBeNull();
    }
    expect(() => joinWaitlistPostbackData('261122001', 0)).toThrow(RangeError);
  });

  it('answers with the place in line, once', () => {
    expect(waitlistJoinReply({ kind: 'joined', position: 3, productName: '福袋' })).toContain('第 3 位');
    expect(waitlistJoinReply({ kind: 'already_waiting', position: 1, productName: '福袋' })).toContain('不必再排一次');
    expect(waitlistJoinReply({ kind: 'in_stock', productName: '福袋', productCode: '261122001' })).toContain('261122001+1');
  });
});
