import { describe, expect, it } from 'vitest';
import {
  isValidEmail,
  isValidName,
  formatPhone,
  isValidPhone,
  normalizeEmail,
  normalizeName,
  normalizePhone,
  passwordProblem,
} from './credentials.ts';

describe('credentials', () => {
  it('normalizes and checks e-mail addresses', () => {
    expect(normalizeEmail('  Mei.Ling@Example.COM ')).toBe('mei.ling@example.com');
    expect(normalizeEmail('ｍｅｉ＠ｅｘａｍｐｌｅ．ｔｗ')).toBe('mei@example.tw');
    expect(isValidEmail('mei@example.tw')).toBe(true);
    for (const bad of [
      '',
      'mei',
      'mei@',
      '@example.tw',
      'mei@example',
      'mei ling@example.tw',
      `${'a'.repeat(250)}@x.tw`,
    ]) {
      expect(isValidEmail(bad), bad).toBe(false);
    }
  });

  it('asks passwords for length only, and not the e-mail again', () => {
    expect(passwordProblem('short')).toBe('too_short');
    expect(passwordProblem('九個字的中文密碼啊啊')).toBeNull(); // 10 characters, counted as characters
    expect(passwordProblem('x'.repeat(201))).toBe('too_long');
    expect(passwordProblem('mei@example.tw', 'MEI@example.tw')).toBe('same_as_email');
    expect(passwordProblem('correct horse battery staple')).toBeNull();
  });

  it('tidies names and rejects empty, over-long and control characters', () => {
    expect(normalizeName('  王   小明 ')).toBe('王 小明');
    expect(isValidName('王小明')).toBe(true);
    expect(isValidName('')).toBe(false);
    expect(isValidName('a'.repeat(61))).toBe(false);
    expect(isValidName('a\u0007b')).toBe(false);
  });

  it('reads Taiwanese phone numbers as people write them', () => {
    for (const ok of ['0912-345-678', '(02) 2345-6789', '+886 912 345 678', '02-2345-6789#123']) {
      expect(isValidPhone(normalizePhone(ok)), ok).toBe(true);
    }
    for (const bad of ['12345', '0912-345', 'phone', '+1 415 555 0100']) {
      expect(isValidPhone(normalizePhone(bad)), bad).toBe(false);
    }
  });

  it('writes a kept phone number the way people read it', () => {
    expect(formatPhone('0912345678')).toBe('0912-345-678');
    expect(formatPhone('0223456789#123')).toBe('02-2345-6789 #123');
    expect(formatPhone('+886912345678')).toBe('0912-345-678');
    // Area codes of other lengths vary: left as they are.
    expect(formatPhone('037123456')).toBe('037123456');
  });
});
