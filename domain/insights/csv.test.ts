import { describe, expect, it } from 'vitest';
import { csvField, csvRow, UTF8_BOM } from './csv.ts';

describe('csvField', () => {
  it.each([
    ['plain', 'plain'],
    ['手工皂', '手工皂'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['line1\nline2', '"line1\nline2"'],
    ['cr\rhere', '"cr\rhere"'],
    [' padded ', '" padded "'],
    ['', ''],
  ])('%j becomes %j', (input, output) => {
    expect(csvField(input)).toBe(output);
  });

  it('leaves numbers, booleans and empties alone', () => {
    expect(csvField(1500)).toBe('1500');
    expect(csvField(-1)).toBe('-1');
    expect(csvField(0)).toBe('0');
    expect(csvField(true)).toBe('true');
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
  });

  it('writes dates as ISO 8601', () => {
    expect(csvField(new Date('2026-01-08T01:02:03.004Z'))).toBe('2026-01-08T01:02:03.004Z');
  });

  it('defuses spreadsheet formulas (CSV injection)', () => {
    expect(csvField('=HYPERLINK("http://x","y")')).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
    expect(csvField('+886912345678')).toBe("'+886912345678");
    expect(csvField('-2')).toBe("'-2");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
  });

  it('refuses numbers a spreadsheet cannot hold', () => {
    expect(() => csvField(Number.NaN)).toThrow(RangeError);
    expect(() => csvField(Infinity)).toThrow(RangeError);
  });
});

describe('csvRow', () => {
  it('joins fields and ends with CRLF', () => {
    expect(csvRow(['B2AB-20260108-0001', '王, 小明', 1500, null])).toBe('B2AB-20260108-0001,"王, 小明",1500,\r\n');
  });
  it('the BOM is U+FEFF', () => {
    expect(new TextEncoder().encode(UTF8_BOM)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
  });
});
