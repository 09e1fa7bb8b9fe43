import { describe, expect, it } from 'vitest';
import { jsonbSafe } from './jsonb.ts';

describe('jsonbSafe', () => {
  it('replaces U+0000 and unpaired surrogates with U+FFFD, in keys and values, at any depth', () => {
    const input = { 'a\u0000': ['x\uD800y', { z: '\uDFFF', n: 1, t: true, none: null }], ok: '😀 好' };
    expect(jsonbSafe(input)).toEqual({
      'a\uFFFD': ['x\uFFFDy', { z: '\uFFFD', n: 1, t: true, none: null }],
      ok: '😀 好',
    });
  });

  it('gives back a value that needs nothing as it is', () => {
    const clean = { type: 'message', message: { text: '+1 😀' }, list: [1, 'a', null] };
    expect(jsonbSafe(clean)).toBe(clean);
    expect(jsonbSafe(clean)).toEqual({ type: 'message', message: { text: '+1 😀' }, list: [1, 'a', null] });
  });

  it('keeps a key named __proto__ as data', () => {
    const safe = jsonbSafe(JSON.parse('{"__proto__":{"polluted":1}}') as object);
    expect(Object.keys(safe)).toEqual(['__proto__']);
    expect(({} as { polluted?: number }).polluted).toBeUndefined();
  });
});
