import { createDecipheriv } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openData, phpUrlencode, sealData } from './envelope.ts';

// ECPay's published staging keys.
const keys = { hashKey: 'ejCk326UnaZWKisg', hashIv: 'q9jcZX8Ib9LM8wYk' };

describe('the ECPay e-invoice envelope', () => {
  it('URL-encodes as PHP does', () => {
    expect(phpUrlencode(`a b!'()*~-_.`)).toBe('a+b%21%27%28%29%2A%7E-_.');
    expect(phpUrlencode('珍珠奶茶')).toBe('%E7%8F%8D%E7%8F%A0%E5%A5%B6%E8%8C%B6');
  });

  it('seals JSON as AES-128-CBC of its PHP URL-encoding, and opens it again', () => {
    const data = { MerchantID: '2000132', RelateNumber: 'JY20261204A1', Items: [{ ItemName: '珍珠奶茶 大杯' }] };
    const sealed = sealData(data, keys);
    // Opened by hand the way ECPay's PHP SDK does: decrypt, then urldecode.
    const decipher = createDecipheriv('aes-128-cbc', Buffer.from(keys.hashKey), Buffer.from(keys.hashIv));
    const plain = Buffer.concat([decipher.update(Buffer.from(sealed, 'base64')), decipher.final()]).toString();
    expect(plain).toBe(phpUrlencode(JSON.stringify(data)));
    expect(plain).toContain('%E7%8F%8D%E7%8F%A0%E5%A5%B6%E8%8C%B6+%E5%A4%A7%E6%9D%AF');
    expect(openData(sealed, keys)).toEqual(data);
  });

  it('cannot be opened with other keys', () => {
    const sealed = sealData({ RtnCode: 1 }, keys);
    expect(() => openData(sealed, { hashKey: 'AAAAAAAAAAAAAAAA', hashIv: keys.hashIv })).toThrow();
    expect(() => sealData({}, { hashKey: 'short', hashIv: keys.hashIv })).toThrow(RangeError);
  });
});
