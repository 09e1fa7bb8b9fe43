import { createCipheriv, createDecipheriv } from 'node:crypto';

/**
 * ECPay's e-invoice envelope: the request's and the answer's `Data` is the JSON, URL-encoded
 * as PHP's urlencode does (space as "+", and !'()*~ escaped too), encrypted with AES-128-CBC
 * under the merchant's HashKey and HashIV, in base64. There is no signature: only a holder of
 * the key can seal or open it.
 */

export interface EcpayKeys {
  hashKey: string;
  hashIv: string;
}

export function phpUrlencode(text: string): string {
  return encodeURIComponent(text)
    .replace(/[!'()*~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

function phpUrldecode(text: string): string {
  return decodeURIComponent(text.replace(/\+/g, ' '));
}

function keyBytes(keys: EcpayKeys) {
  const key = Buffer.from(keys.hashKey, 'utf8');
  const iv = Buffer.from(keys.hashIv, 'utf8');
  if (key.length !== 16 || iv.length !== 16) throw new RangeError('HashKey and HashIV are 16 characters each');
  return { key, iv };
}

export function sealData(data: unknown, keys: EcpayKeys): string {
  const { key, iv } = keyBytes(keys);
  const cipher = createCipheriv('aes-128-cbc', key, iv);
  return Buffer.concat([cipher.update(phpUrlencode(JSON.stringify(data)), 'utf8'), cipher.final()]).toString('base64');
}

/** The JSON inside `Data`; throws when the keys do not open it (wrong keys or a damaged body). */
export function openData(sealed: string, keys: EcpayKeys): unknown {
  const { key, iv } = keyBytes(keys);
  const decipher = createDecipheriv('aes-128-cbc', key, iv);
  const plain = Buffer.concat([decipher.update(Buffer.from(sealed, 'base64')), decipher.final()]).toString('utf8');
  return JSON.parse(phpUrldecode(plain));
}
