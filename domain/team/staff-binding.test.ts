import { describe, expect, it } from 'vitest';
import { parseChatCommand } from '../line-chat/chat-command.ts';
import { bindingReply, formatBindingCode, parseBindingCode } from './staff-binding.ts';

describe('parseBindingCode', () => {
  it.each([
    ['123456', '123456'],
    [' 000042 ', '000042'],
    ['１２３４５６', '123456'],
    ['12\u200B3456', '123456'],
    ['\u3000987654\n', '987654'],
  ])('%j is the code %s', (text, code) => {
    expect(parseBindingCode(text)).toBe(code);
    // …and never an order
    expect(parseChatCommand(text)).toBeNull();
  });

  it.each(['12345', '1234567', '261122001', '123 456', '123456+1', '+123456', 'a123456', '123456。', '', ' '])(
    '%j is no code',
    (text) => {
      expect(parseBindingCode(text)).toBeNull();
    },
  );

  it('rejects over-long input before work', () => {
    expect(parseBindingCode('1'.repeat(10_000))).toBeNull();
  });
});

describe('formatBindingCode', () => {
  it('pads to six digits', () => {
    expect(formatBindingCode(42)).toBe('000042');
    expect(formatBindingCode(999_999)).toBe('999999');
  });
  it('refuses out-of-range numbers', () => {
    expect(() => formatBindingCode(1_000_000)).toThrow(RangeError);
    expect(() => formatBindingCode(-1)).toThrow(RangeError);
    expect(() => formatBindingCode(1.5)).toThrow(RangeError);
  });
});

describe('bindingReply', () => {
  it('says 綁定成功 with the member’s name', () => {
    expect(bindingReply({ kind: 'bound', staffName: '阿美' })).toMatch(/^綁定成功！.*「阿美」/);
  });
  it('explains a wrong code, too many attempts and a LINE account bound to someone else', () => {
    expect(bindingReply({ kind: 'invalid' })).toContain('綁定碼錯誤或已過期');
    expect(bindingReply({ kind: 'too_many_attempts', retryAfterMinutes: 7 })).toContain('7 分鐘後');
    expect(bindingReply({ kind: 'bound_to_other', staffName: '小王' })).toContain('「小王」');
  });
});
