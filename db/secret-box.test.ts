import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SecretBoxError, createSecretBox } from './secret-box.ts';

const KEY = randomBytes(32).toString('base64');
const OTHER_KEY = randomBytes(32).toString('base64');
const box = createSecretBox(KEY);

/** Re-encodes one part of a sealed value after `change` altered its bytes. */
function tamperPart(sealed: string, index: 1 | 2 | 3, change: (bytes: Buffer) => void): string {
  const parts = sealed.split('.');
  const bytes = Buffer.from(parts[index]!, 'base64url');
  change(bytes);
  parts[index] = bytes.toString('base64url');
  return parts.join('.');
}

describe('createSecretBox', () => {
  it('round-trips a LINE channel secret and access token', () => {
    const secret = '0123456789abcdef0123456789abcdef';
    const token = 'eyJhbGciOiJIUzI1NiJ9.' + 'x'.repeat(160) + '/+=';
    expect(box.open(box.seal(secret))).toBe(secret);
    expect(box.open(box.seal(token))).toBe(token);
  });

  it('writes v1.<iv>.<tag>.<ciphertext> in base64url with a fresh 12-byte IV each time', () => {
    const a = box.seal('same');
    const b = box.seal('same');
    expect(a).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]*$/);
    expect(a).not.toBe(b);
    expect(a.split('.')[1]).not.toBe(b.split('.')[1]);
    expect(Buffer.from(a.split('.')[1]!, 'base64url')).toHaveLength(12);
    expect(Buffer.from(a.split('.')[2]!, 'base64url')).toHaveLength(16);
    expect(a).not.toContain('same');
  });

  it('round-trips unicode and the empty string', () => {
    for (const plain of ['', '嘉義雞肉飯 🍗', 'emoji 👩🏽‍🍳 and ZWJ', 'line\nbreaks\tand "quotes"', 'a'.repeat(10_000)]) {
      expect(box.open(box.seal(plain))).toBe(plain);
    }
  });

  it('rejects a tampered IV, tag or ciphertext', () => {
    const sealed = box.seal('channel-secret');
    for (const index of [1, 2, 3] as const) {
      const tampered = tamperPart(sealed, index, (bytes) => {
        bytes[0] = bytes[0]! ^ 0x01;
      });
      expect(() => box.open(tampered)).toThrow(SecretBoxError);
      expect(() => box.open(tampered)).toThrow(/wrong key, or the value was tampered with/);
    }
    // Truncated or extended ciphertext.
    expect(() => box.open(tamperPart(sealed, 3, () => {}).slice(0, -2))).toThrow(SecretBoxError);
    expect(() => box.open(`${sealed}AA`)).toThrow(SecretBoxError);
  });

  it('rejects a value sealed with another key', () => {
    const sealed = createSecretBox(OTHER_KEY).seal('channel-secret');
    expect(() => box.open(sealed)).toThrow(/wrong key, or the value was tampered with/);
  });

  it('rejects malformed and unknown-version input clearly', () => {
    const sealed = box.seal('x');
    expect(() => box.open('')).toThrow(/Malformed sealed secret/);
    expect(() => box.open('plain text secret')).toThrow(/Malformed sealed secret/);
    expect(() => box.open(sealed.split('.').slice(0, 3).join('.'))).toThrow(/Malformed sealed secret/);
    expect(() => box.open(sealed.replace(/^v1\./, 'v2.'))).toThrow(/Unsupported sealed secret version "v2"/);
    expect(() => box.open(sealed.replace(/^v1\.[^.]+/, 'v1.AAAA'))).toThrow(/IV must be 12 bytes/);
    expect(() => box.open(sealed.replace(/^(v1\.[^.]+\.)[^.]+/, '$1AAAA'))).toThrow(/tag must be 16 bytes/);
    expect(() => box.open(sealed.replace(/^(v1\.)/, '$1*'))).toThrow(/IV is not base64url/);
  });

  it('rejects keys that are not 32 bytes of base64', () => {
    expect(() => createSecretBox(randomBytes(16).toString('base64'))).toThrow(/must be 32 bytes.*decodes to 16 bytes/);
    expect(() => createSecretBox(randomBytes(33).toString('base64'))).toThrow(/decodes to 33 bytes/);
    expect(() => createSecretBox('')).toThrow(/decodes to 0 bytes/);
    expect(() => createSecretBox('not base64 at all!')).toThrow(/not base64/);
    // The same 32 bytes in URL-safe base64 (no padding) are the same key.
    const raw = randomBytes(32);
    const sealed = createSecretBox(raw.toString('base64')).seal('k');
    expect(createSecretBox(raw.toString('base64url')).open(sealed)).toBe('k');
  });

  it('never puts the key or the plaintext into error messages', () => {
    const sealed = createSecretBox(OTHER_KEY).seal('super-secret-token');
    try {
      box.open(sealed);
      expect.unreachable();
    } catch (error) {
      expect(String(error)).not.toContain('super-secret-token');
      expect(String(error)).not.toContain(KEY);
    }
  });
});
