import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../scripts/process-group.ts';
import type { FileStorage } from './file-storage.ts';
import { createLocalDiskStorage } from './local-disk.ts';
import { createS3Storage } from './s3.ts';
import { startLocalS3Server, type LocalS3Server } from './s3-server.ts';

const dir = mkdtempSync(join(tmpdir(), 'jiayi-storage-'));
let s3: LocalS3Server;
const drivers: Record<string, () => FileStorage> = {};

beforeAll(async () => {
  s3 = await startLocalS3Server({ port: await freePort(), dir: join(dir, 's3'), buckets: ['photos'] });
  drivers['local disk'] = () => createLocalDiskStorage(join(dir, 'disk'));
  drivers['S3 (versitygw)'] = () =>
    createS3Storage({
      bucket: 'photos',
      region: s3.region,
      endpoint: s3.endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
    });
}, 30_000);
afterAll(async () => {
  await s3?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function read(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

/** Every driver keeps the same promises: the product's code cannot tell them apart. */
describe.each(['local disk', 'S3 (versitygw)'])('file storage: %s', (name) => {
  const storage = () => drivers[name]!();

  it('gives back what was put, with its type and size, and overwrites in place', async () => {
    const store = storage();
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    await store.put('tenant-a/products/p1/photo.png', png, 'image/png');
    const got = await store.get('tenant-a/products/p1/photo.png');
    expect(got).toMatchObject({ contentType: 'image/png', size: png.length });
    expect(await read(got!.stream)).toEqual(png);

    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 9]);
    await store.put('tenant-a/products/p1/photo.png', jpeg, 'image/png');
    expect(await read((await store.get('tenant-a/products/p1/photo.png'))!.stream)).toEqual(jpeg);
  });

  it('answers null for a missing key or an unsafe one, never throws', async () => {
    const store = storage();
    expect(await store.get('tenant-a/products/none/photo.png')).toBeNull();
    expect(await store.get('../etc/passwd')).toBeNull();
    expect(await store.get('Tenant/UPPER.png')).toBeNull();
  });

  it('refuses to write an unsafe key', async () => {
    await expect(storage().put('../outside.png', Buffer.from('x'), 'image/png')).rejects.toThrow(/unsafe/);
  });

  it('deletes everything under a prefix and nothing beside it', async () => {
    const store = storage();
    await store.put('tenant-b/products/p2/a.png', Buffer.from('a'), 'image/png');
    await store.put('tenant-b/products/p2/b.png', Buffer.from('b'), 'image/png');
    await store.put('tenant-b/products/p22/c.png', Buffer.from('c'), 'image/png');
    await store.deletePrefix('tenant-b/products/p2');
    expect(await store.get('tenant-b/products/p2/a.png')).toBeNull();
    expect(await store.get('tenant-b/products/p2/b.png')).toBeNull();
    expect(await store.get('tenant-b/products/p22/c.png')).not.toBeNull();
  });
});
