import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import sharp from 'sharp';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { loadEnv } from '../../config/env.ts';
import { createDb, type Db } from '../../db/client.ts';
import { createSecretBox } from '../../db/secret-box.ts';
import { freePort } from '../../scripts/process-group.ts';
import { startLocalS3Server, type LocalS3Server } from '../../storage/s3-server.ts';
import { authConfigOf, signedInMember, type TestSession } from '../../test/support/auth.ts';
import { buildServer } from '../server.ts';

/**
 * Two API servers (two machines in production) with STORAGE_DRIVER=s3 against a real
 * S3-compatible server: a photo uploaded through one is served by the other.
 */
const dir = mkdtempSync(join(tmpdir(), 'jiayi-s3-photos-'));
let s3: LocalS3Server;
let db: Db;
let servers: Awaited<ReturnType<typeof buildServer>>[] = [];
let owner: TestSession;
const shop = { id: uuidv7(), slug: `s3-${randomBytes(3).toString('hex')}` };

beforeAll(async () => {
  s3 = await startLocalS3Server({ port: await freePort(), dir, buckets: ['jiayi-photos'] });
  const raw = {
    DATABASE_URL: inject('databaseUrl'),
    SECRETS_KEY: randomBytes(32).toString('base64'),
    STORAGE_DRIVER: 's3',
    S3_BUCKET: 'jiayi-photos',
    S3_ENDPOINT: s3.endpoint,
    S3_REGION: s3.region,
    S3_FORCE_PATH_STYLE: 'true',
    S3_ACCESS_KEY_ID: s3.accessKeyId,
    S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
    // Each server's own disk: a photo must not be found there.
    STORAGE_DIR: join(dir, `disk-${randomBytes(2).toString('hex')}`),
  };
  const env = loadEnv(raw);
  db = createDb(env.DATABASE_URL, { poolSize: 4 });
  servers = await Promise.all(
    [1, 2].map((n) =>
      buildServer({
        env: { ...env, STORAGE_DIR: join(dir, `disk-${n}`) },
        db,
        temporal: {} as never,
        secrets: createSecretBox(env.SECRETS_KEY),
        log: pino({ level: 'silent' }),
      }),
    ),
  );
  await db.tenant.create({ data: { id: shop.id, slug: shop.slug, name: 'S3 商店', orderPrefix: 'SSSS' } });
  owner = await signedInMember(db, authConfigOf(raw), shop.id, { role: 'owner' });
}, 30_000);
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await db?.$disconnect();
  await s3?.stop();
  rmSync(dir, { recursive: true, force: true });
});

it('a photo uploaded through one API server is served by another, from the bucket', async () => {
  const [first, second] = servers as [(typeof servers)[0], (typeof servers)[0]];
  const created = await first.inject({
    method: 'POST',
    url: `/api/t/${shop.slug}/products`,
    headers: owner.headers,
    payload: { name: '雲端照片商品', price: 300 },
  });
  expect(created.statusCode, created.body).toBe(201);
  const product = created.json<{ id: string }>();
  const photo = await sharp({ create: { width: 1200, height: 900, channels: 3, background: '#F5A623' } })
    .png()
    .toBuffer();
  const uploaded = await first.inject({
    method: 'PUT',
    url: `/api/t/${shop.slug}/products/${product.id}/image`,
    headers: { ...owner.headers, 'content-type': 'image/png' },
    payload: photo,
  });
  expect(uploaded.statusCode, uploaded.body).toBe(200);
  const { image } = uploaded.json<{ image: { thumb: string; card: string; full: string } }>();

  for (const url of [image.thumb, image.card, image.full]) {
    const file = await second.inject({ method: 'GET', url });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/jpeg');
    expect((await sharp(file.rawPayload).metadata()).format).toBe('jpeg');
  }
  const missing = await second.inject({ method: 'GET', url: image.full.replace(product.id, uuidv7()) });
  expect(missing.statusCode).toBe(404);
});
