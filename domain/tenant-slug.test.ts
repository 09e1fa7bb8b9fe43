import { describe, expect, it } from 'vitest';
import {
  isValidSlug,
  normalizeSlug,
  RESERVED_SLUGS,
  SLUG_MAX_LENGTH,
  SLUG_MIN_LENGTH,
  SLUG_PATTERN,
  SLUG_PATTERN_SOURCE,
  slugProblem,
  suggestSlug,
} from './tenant-slug.ts';

describe('tenant slugs', () => {
  it('accepts lower-case letters, digits and single inner hyphens, 3 to 40 long', () => {
    for (const ok of ['abc', 'meiling', 'shop-a1', 'a-b-c', 'tea2go', `a${'b'.repeat(39)}`]) {
      expect(slugProblem(ok), ok).toBeNull();
    }
  });

  it('says what is wrong with the others', () => {
    expect(slugProblem('ab')).toBe('too_short');
    expect(slugProblem(`a${'b'.repeat(40)}`)).toBe('too_long');
    for (const bad of ['1shop', '-shop', 'shop-', 'sh--op', 'Shop', 'shop_a', 'shop a', '商店名', 'shop/a']) {
      expect(slugProblem(bad), bad).toBe('invalid_characters');
    }
    expect(slugProblem('admin')).toBe('reserved');
    expect(slugProblem('api')).toBe('reserved');
    expect(RESERVED_SLUGS.has('sign-in')).toBe(true);
  });

  it('normalizes what people type', () => {
    expect(normalizeSlug('  ＭｅｉＬｉｎｇ ')).toBe('meiling');
    expect(isValidSlug(normalizeSlug(' Tea-Time '))).toBe(true);
  });

  it('has an <input pattern> that agrees with the rule', () => {
    const pattern = new RegExp(`^(?:${SLUG_PATTERN_SOURCE})$`, 'v');
    for (const slug of ['abc', 'shop-a1', '1shop', 'shop-', 'sh--op', 'ab', `a${'b'.repeat(40)}`]) {
      expect(pattern.test(slug), slug).toBe(slugProblem(slug) === null || slugProblem(slug) === 'reserved');
    }
  });

  it('has a pattern every shop’s slug fits, reserved words included, within the length limits', () => {
    for (const slug of ['demo', 'admin', 'shop-a1', 'a'.repeat(SLUG_MIN_LENGTH), 'a'.repeat(SLUG_MAX_LENGTH)]) {
      expect(SLUG_PATTERN.test(slug), slug).toBe(true);
    }
    for (const slug of ['a'.repeat(SLUG_MIN_LENGTH - 1), 'a'.repeat(SLUG_MAX_LENGTH + 1), 'Bad_Slug!', '1shop', '']) {
      expect(SLUG_PATTERN.test(slug), slug).toBe(false);
    }
  });

  it('suggests valid slugs from the caller’s randomness', () => {
    let i = 0;
    const slug = suggestSlug((max) => i++ % max);
    expect(slug).toBe('shop-abcdef');
    expect(isValidSlug(suggestSlug(() => 31))).toBe(true);
  });
});
