import { generateKeyPairSync, randomBytes, sign, verify, type JsonWebKey, type KeyObject } from 'node:crypto';

/**
 * LINE's ES256 signing key for the ID tokens LIFF (and the native SDKs) receive. Its public
 * half is a JWKS at /oauth2/v2.1/certs, where the LIFF SDK and servers verify tokens with the
 * header's `kid`. A new key per sandbox start, like a rotated key.
 */
export class IdTokenKeys {
  readonly kid = randomBytes(16).toString('hex');
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;

  constructor() {
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    this.privateKey = pair.privateKey;
    this.publicKey = pair.publicKey;
  }

  /** The JWKS document. */
  jwks(): { keys: JsonWebKey[] } {
    return { keys: [{ ...this.publicKey.export({ format: 'jwk' }), kid: this.kid, alg: 'ES256', use: 'sig' }] };
  }

  sign(payload: Record<string, unknown>): string {
    const head = `${b64(JSON.stringify({ typ: 'JWT', alg: 'ES256', kid: this.kid }))}.${b64(JSON.stringify(payload))}`;
    // JWS wants the raw r||s signature, not DER.
    const signature = sign('sha256', Buffer.from(head), { key: this.privateKey, dsaEncoding: 'ieee-p1363' });
    return `${head}.${signature.toString('base64url')}`;
  }

  /** Whether this key signed the token (the claims are the caller's to check). */
  verify(token: string): boolean {
    const [header, payload, signature] = token.split('.');
    if (!header || !payload || !signature) return false;
    try {
      const head = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as { alg?: unknown; kid?: unknown };
      if (head.alg !== 'ES256' || head.kid !== this.kid) return false;
      return verify(
        'sha256',
        Buffer.from(`${header}.${payload}`),
        { key: this.publicKey, dsaEncoding: 'ieee-p1363' },
        Buffer.from(signature, 'base64url'),
      );
    } catch {
      return false;
    }
  }
}

const b64 = (text: string) => Buffer.from(text).toString('base64url');
