import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { createLocalDiskStorage } from '../local-disk.ts';
import { ImageRejectedError, storeProductImage } from './product-images.ts';

const root = mkdtempSync(join(tmpdir(), 'jiayi-images-'));
const storage = createLocalDiskStorage(root);
afterAll(() => rmSync(root, { recursive: true, force: true }));

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A valid grey PNG of width × height whose rows are all zero: tiny on disk, huge when decoded. */
function zeroPng(width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale
  const rows = Buffer.alloc((width + 1) * height); // filter byte 0 + the pixels, per row
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const stored = () => readdirSync(root, { recursive: true }).filter((name) => String(name).endsWith('.jpg'));
const ids = { tenantId: 't1', productId: 'p1' };

describe('storeProductImage', () => {
  it('refuses a 1 × 49,000,000 px PNG by its header, before decoding it, and stores nothing', async () => {
    const bomb = zeroPng(1, 49_000_000);
    expect(bomb.length).toBeLessThan(200_000);
    const refused = await storeProductImage(storage, ids, bomb).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ImageRejectedError);
    expect(refused).toMatchObject({ code: 'image_too_large', message: expect.stringContaining('1 × 49000000') });
    expect(stored()).toEqual([]);
  });

  it('refuses a strip far longer than wide, and a sound header over broken pixels', async () => {
    await expect(storeProductImage(storage, ids, zeroPng(20, 2_000))).rejects.toMatchObject({
      code: 'image_too_large',
      message: expect.stringContaining('長寬比'),
    });
    const good = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#c00' } })
      .png()
      .toBuffer();
    const broken = Buffer.concat([good.subarray(0, 60), Buffer.alloc(200, 7)]);
    await expect(storeProductImage(storage, ids, broken)).rejects.toMatchObject({ code: 'not_an_image' });
    expect(stored()).toEqual([]);
  });

  it('stores a phone photo in every size, several at once', async () => {
    const photo = await sharp({ create: { width: 1600, height: 1200, channels: 3, background: '#3a7' } })
      .jpeg()
      .toBuffer();
    const bases = await Promise.all(
      [1, 2, 3].map((n) => storeProductImage(storage, { ...ids, productId: `p${n}` }, photo)),
    );
    expect(new Set(bases).size).toBe(3);
    expect(stored()).toHaveLength(9);
  });
});
