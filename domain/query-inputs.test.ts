import { describe, expect, it } from 'vitest';
import { businessDaySchema, printableTextSchema, searchTextSchema } from './query-inputs.ts';

const messages = (result: { error?: { issues: { message: string }[] } }) => result.error?.issues.map((i) => i.message);

describe('search text', () => {
  it('trims and keeps what a merchant types, wildcards included', () => {
    expect(searchTextSchema.parse('  王小明 50%_ ')).toBe('王小明 50%_');
  });
  it.each(['\u0000', 'a\u0000b', '\u001F', '\u007F'])('refuses the control character in %j', (text) => {
    expect(messages(searchTextSchema.safeParse(text))).toEqual(['搜尋文字不能包含控制字元（例如 NUL）']);
  });
  it('refuses more than 100 characters', () => {
    expect(searchTextSchema.safeParse('字'.repeat(101)).success).toBe(false);
  });
  it('refuses a NUL in a path part', () => {
    expect(printableTextSchema(40).safeParse('ABCD-20261204-0001').success).toBe(true);
    expect(printableTextSchema(40).safeParse('\u0000').success).toBe(false);
  });
});

describe('business day', () => {
  it('reads both spellings as the day key', () => {
    expect(businessDaySchema.parse('2026-12-04')).toBe('20261204');
    expect(businessDaySchema.parse('20240229')).toBe('20240229');
  });
  it.each([
    ['00000101', '日期請在 2000 到 2100 年之間'],
    ['00001231', '日期請在 2000 到 2100 年之間'],
    ['20230229', '沒有這一天，請確認日期'],
    ['2026-13-01', '沒有這一天，請確認日期'],
    ['tomorrow', '日期請用 YYYY-MM-DD'],
  ])('refuses %j', (text, message) => {
    expect(messages(businessDaySchema.safeParse(text))).toEqual([message]);
  });
});
