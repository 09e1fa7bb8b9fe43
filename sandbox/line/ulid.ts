import { randomBytes } from 'node:crypto';

/** Crockford base32, as ULID uses (no I, L, O, U). */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

let lastTime = -1;
let lastRandom: number[] = [];

/** 16 base32 digits (80 bits) of fresh randomness. */
function randomDigits(): number[] {
  const bytes = randomBytes(16);
  return Array.from(bytes, (b) => b & 31);
}

/** Add one to the random part (same millisecond), keeping ULIDs strictly increasing. */
function increment(digits: number[]): number[] {
  const next = digits.slice();
  for (let i = next.length - 1; i >= 0; i--) {
    if (next[i]! < 31) {
      next[i]! += 1;
      return next;
    }
    next[i] = 0;
  }
  throw new Error('ULID random part overflowed within one millisecond');
}

/**
 * A monotonic ULID: 10 characters of millisecond time + 16 of randomness, 26 in all
 * (the format of LINE's `webhookEventId`).
 */
export function ulid(now: number = Date.now()): string {
  if (now <= lastTime) {
    lastRandom = increment(lastRandom);
  } else {
    lastTime = now;
    lastRandom = randomDigits();
  }
  let time = '';
  let t = lastTime;
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32]! + time;
    t = Math.floor(t / 32);
  }
  return time + lastRandom.map((d) => ALPHABET[d]).join('');
}

export const ULID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/;
