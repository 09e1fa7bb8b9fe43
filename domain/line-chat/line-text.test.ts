import { describe, expect, it } from 'vitest';
import { singleLine, truncateText } from './line-text.ts';

describe('truncateText', () => {
  it('leaves short text alone', () => {
    expect(truncateText('草莓大福', 4)).toBe('草莓大福');
  });

  it('cuts long text and marks the cut', () => {
    expect(truncateText('草莓大福禮盒', 4)).toBe('草莓大…');
  });

  it('never splits an emoji', () => {
    // '🍓' is two UTF-16 units; cutting after its first unit would leave a lone surrogate.
    const cut = truncateText('ab🍓cd', 4);
    expect(cut).toBe('ab…');
    expect(cut).not.toMatch(/[\uD800-\uDFFF]/);
    expect(truncateText('ab🍓cd', 5)).toBe('ab🍓…');
  });

  it('rejects a limit below 1', () => {
    expect(() => truncateText('abc', 0)).toThrow(RangeError);
  });
});

describe('singleLine', () => {
  it('folds line breaks and runs of white space into one space', () => {
    expect(singleLine('  草莓\n大福\t\t禮盒  ', 50)).toBe('草莓 大福 禮盒');
  });

  it('then truncates', () => {
    expect(singleLine('a\nb\nc\nd', 4)).toBe('a b…');
  });
});
