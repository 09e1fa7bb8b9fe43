import { describe, expect, it, vi } from 'vitest';
import { ULID_PATTERN } from './ulid.ts';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const decodeTime = (id: string) => [...id.slice(0, 10)].reduce((t, c) => t * 32 + ALPHABET.indexOf(c), 0);

describe('ulid', () => {
  it('is 26 Crockford base32 characters encoding the time', async () => {
    // A module of its own: the ULIDs made earlier in this process are later than this time.
    vi.resetModules();
    const { ulid } = await import('./ulid.ts');
    const id = ulid(1_469_918_176_385);
    expect(id).toMatch(ULID_PATTERN);
    expect(id.slice(0, 10)).toBe('01ARYZ6S41');
    expect(decodeTime(ulid())).toBeLessThanOrEqual(Date.now());
  });

  it('is strictly increasing, even within one millisecond', async () => {
    const { ulid } = await import('./ulid.ts');
    const t = Date.now() + 60_000;
    const ids = Array.from({ length: 1000 }, () => ulid(t));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
