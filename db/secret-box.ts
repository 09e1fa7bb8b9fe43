import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Encryption at rest for tenant secrets (LINE channel secret and access token): AES-256-GCM with
 * a random 12-byte IV per value and a 16-byte authentication tag.
 *
 * Sealed format: `v1.<iv>.<tag>.<ciphertext>`, each part base64url without padding. The version
 * prefix names the format and key generation; it is also bound into the tag (as additional
 * authenticated data), so a value cannot be passed off as another version. Rotating keys later
 * means adding `v2` (new key) to `open` while `seal` writes v2, then re-sealing stored values.
 */
export interface SecretBox {
  /** Encrypts a UTF-8 string. Sealing the same value twice gives different outputs. */
  seal(plain: string): string;
  /** Decrypts a value made by `seal` with the same key; throws SecretBoxError otherwise. */
  open(sealed: string): string;
}

export class SecretBoxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretBoxError';
  }
}

const VERSION = 'v1';
const ALGORITHM = 'aes-256-gcm';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const AAD = Buffer.from(`jiayi-secret-box:${VERSION}`, 'utf8');

/** `keyBase64`: 32 random bytes, base64 (standard or URL-safe), e.g. `openssl rand -base64 32`. */
export function createSecretBox(keyBase64: string): SecretBox {
  const key = decodeKey(keyBase64);

  return {
    seal(plain: string): string {
      if (typeof plain !== 'string') throw new TypeError('SecretBox.seal expects a string');
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(AAD);
      const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [VERSION, iv.toString('base64url'), tag.toString('base64url'), ciphertext.toString('base64url')].join('.');
    },

    open(sealed: string): string {
      if (typeof sealed !== 'string') throw new SecretBoxError('Sealed secret must be a string');
      const parts = sealed.split('.');
      if (parts.length !== 4) {
        throw new SecretBoxError('Malformed sealed secret: expected v1.<iv>.<tag>.<ciphertext>');
      }
      const [version, ivPart, tagPart, ciphertextPart] = parts as [string, string, string, string];
      if (version !== VERSION) {
        throw new SecretBoxError(
          `Unsupported sealed secret version "${version.slice(0, 16)}" (this build reads ${VERSION})`,
        );
      }
      const iv = decodePart(ivPart, 'IV');
      const tag = decodePart(tagPart, 'tag');
      const ciphertext = decodePart(ciphertextPart, 'ciphertext');
      if (iv.length !== IV_BYTES) throw new SecretBoxError(`Malformed sealed secret: IV must be ${IV_BYTES} bytes`);
      if (tag.length !== TAG_BYTES) throw new SecretBoxError(`Malformed sealed secret: tag must be ${TAG_BYTES} bytes`);

      let plain: Buffer;
      try {
        const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
        decipher.setAAD(AAD);
        decipher.setAuthTag(tag);
        plain = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
      } catch {
        throw new SecretBoxError('Cannot open sealed secret: wrong key, or the value was tampered with');
      }
      return plain.toString('utf8');
    },
  };
}

function decodeKey(keyBase64: string): Buffer {
  if (typeof keyBase64 !== 'string') throw new SecretBoxError('Secret key must be a base64 string');
  const text = keyBase64.trim();
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) && !/^[A-Za-z0-9_-]*={0,2}$/.test(text)) {
    throw new SecretBoxError('Secret key is not base64 (expected 32 random bytes, base64-encoded)');
  }
  const key = Buffer.from(text, text.includes('-') || text.includes('_') ? 'base64url' : 'base64');
  if (key.length !== KEY_BYTES) {
    throw new SecretBoxError(
      `Secret key must be ${KEY_BYTES} bytes, base64-encoded; it decodes to ${key.length} bytes`,
    );
  }
  return key;
}

/** Strict base64url: no stray characters, and the canonical encoding of what it decodes to. */
function decodePart(part: string, what: string): Buffer {
  if (!/^[A-Za-z0-9_-]*$/.test(part)) throw new SecretBoxError(`Malformed sealed secret: ${what} is not base64url`);
  const bytes = Buffer.from(part, 'base64url');
  if (bytes.toString('base64url') !== part)
    throw new SecretBoxError(`Malformed sealed secret: ${what} is not base64url`);
  return bytes;
}
