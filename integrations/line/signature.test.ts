import { createHmac } from 'node:crypto';
import { validateSignature } from '@line/bot-sdk';
import { describe, expect, it } from 'vitest';
import { signLineBody, verifyLineSignature } from './signature.ts';

const secret = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const body = Buffer.from('{"destination":"U0123456789abcdef0123456789abcdef","events":[]}', 'utf8');

describe('signLineBody', () => {
  it('is base64 HMAC-SHA256 of the raw body keyed with the channel secret', () => {
    const expected = createHmac('sha256', secret).update(body).digest('base64');
    expect(signLineBody(body, secret)).toBe(expected);
    expect(signLineBody(body.toString('utf8'), secret)).toBe(expected);
  });

  it("agrees with the SDK's validateSignature", () => {
    expect(validateSignature(body, secret, signLineBody(body, secret))).toBe(true);
  });
});

describe('verifyLineSignature', () => {
  it('accepts the right signature', () => {
    expect(verifyLineSignature(body, secret, signLineBody(body, secret))).toBe(true);
  });

  it('rejects a signature made with another secret', () => {
    expect(verifyLineSignature(body, secret, signLineBody(body, 'another-secret'))).toBe(false);
  });

  it('rejects a missing or empty header', () => {
    expect(verifyLineSignature(body, secret, undefined)).toBe(false);
    expect(verifyLineSignature(body, secret, '')).toBe(false);
  });

  it('rejects malformed headers without throwing', () => {
    const good = signLineBody(body, secret);
    for (const bad of ['not base64 at all!', good.slice(0, -2), good + 'AAAA', 'YWJj', `${good} `, 'ü'.repeat(44)]) {
      expect(verifyLineSignature(body, secret, bad)).toBe(false);
    }
  });

  it('rejects a tampered body', () => {
    const sig = signLineBody(body, secret);
    const tampered = Buffer.from(body.toString('utf8').replace('"events":[]', '"events":[{}]'));
    expect(verifyLineSignature(tampered, secret, sig)).toBe(false);
  });

  it('works on the raw bytes of unicode/emoji bodies, and only on those bytes', () => {
    // LINE escapes emoji as surrogate pairs; parsing and re-serialising yields different bytes
    const raw = Buffer.from('{"events":[{"message":{"text":"+1 草莓 \\uD83E\\uDD28"}}],"destination":"U1"}', 'utf8');
    const sig = signLineBody(raw, secret);
    expect(verifyLineSignature(raw, secret, sig)).toBe(true);
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(raw.toString('utf8'))), 'utf8');
    expect(reserialised.toString('utf8')).toContain('🤨');
    expect(verifyLineSignature(reserialised, secret, sig)).toBe(false);

    const literal = Buffer.from('{"text":"訂購 +1 🍓"}', 'utf8');
    expect(verifyLineSignature(literal, secret, signLineBody(literal, secret))).toBe(true);
    expect(verifyLineSignature(literal, secret, signLineBody(Buffer.from('{"text":"訂購 +2 🍓"}'), secret))).toBe(
      false,
    );
  });

  it('rejects everything when the channel secret is empty', () => {
    expect(verifyLineSignature(body, '', signLineBody(body, ''))).toBe(false);
  });
});
