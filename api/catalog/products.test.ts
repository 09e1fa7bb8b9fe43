import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import sharp from 'sharp';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadEnv } from '../../config/env.ts';
import { createDb, type Db } from '../../db/client.ts';
import { createSecretBox } from '../../db/secret-box.ts';
import { authConfigOf, signedInMember, type TestSession } from '../../test/support/auth.ts';
import { buildServer } from '../server.ts';

/** Products through the real server (inject) on the run's PostgreSQL, as signed-in members. */

let db: Db;
let app: Awaited<ReturnType<typeof buildServer>>;
let owner: TestSession;
let viewer: TestSession;
let stranger: TestSession;
const storageDir = mkdtempSync(join(tmpdir(), 'jiayi-media-'));
const suffix = randomBytes(3).toString('hex');
const shop = { id: uuidv7(), slug: `prod-${suffix}` };
const other = { id: uuidv7(), slug: `prod-other-${suffix}` };

beforeAll(async () => {
  const raw = {
    DATABASE_URL: inject('databaseUrl'),
    SECRETS_KEY: randomBytes(32).toString('base64'),
    STORAGE_DIR: storageDir,
  };
  const env = loadEnv(raw);
  db = createDb(env.DATABASE_URL, { poolSize: 4 });
  app = await buildServer({
    env,
    db,
    temporal: {} as never,
    secrets: createSecretBox(env.SECRETS_KEY),
    log: pino({ level: 'silent' }),
  });
  await db.tenant.create({ data: { id: shop.id, slug: shop.slug, name: '商品店', orderPrefix: 'PROD' } });
  await db.tenant.create({ data: { id: other.id, slug: other.slug, name: '別家', orderPrefix: 'PROO' } });
  const config = authConfigOf(raw);
  owner = await signedInMember(db, config, shop.id, { role: 'owner' });
  viewer = await signedInMember(db, config, shop.id, { role: 'staff' }); // staff: products view only
  stranger = await signedInMember(db, config, other.id, { role: 'owner' });
});
afterAll(async () => {
  await app?.close();
  await db?.$disconnect();
  rmSync(storageDir, { recursive: true, force: true });
});

const call = (
  who: TestSession,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT',
  url: string,
  payload?: unknown,
  headers = {},
) =>
  app.inject({
    method,
    url: `/api/t/${shop.slug}${url}`,
    headers: { ...who.headers, ...headers },
    ...(payload === undefined ? {} : Buffer.isBuffer(payload) ? { payload } : { payload: payload as object }),
  });

async function create(body: Record<string, unknown>) {
  const response = await call(owner, 'POST', '/products', body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ id: string; code: string; name: string; stock: number; lowStock: boolean }>();
}

describe('products', () => {
  it('creates with a generated code (YYMMDDSEQ, Asia/Taipei) and defaults', async () => {
    const soap = await create({ name: '手工皂', price: 280, stock: 20 });
    expect(soap.code).toMatch(/^\d{9}$/);
    const next = await create({ name: '毛巾', price: 150 });
    expect(Number(next.code)).toBe(Number(soap.code) + 1);
    expect(next).toMatchObject({ stock: -1, lowStock: false });
  });

  it('refuses bad input with the reason, and writes nothing', async () => {
    const before = await db.product.count({ where: { tenantId: shop.id } });
    for (const [body, reason] of [
      [{ name: '', price: 1 }, '請輸入商品名稱'],
      [{ name: '杯子', price: 99.5 }, '價格必須是整數'],
      [{ name: '杯子', price: 100, stock: -3 }, '庫存不能小於 -1'],
      [{ name: 'x'.repeat(101), price: 100 }, '商品名稱最多 100 個字'],
      [{ name: '杯子', price: 100, code: '260101999' }, 'code'],
    ] as const) {
      const response = await call(owner, 'POST', '/products', body);
      expect(response.statusCode).toBe(400);
      expect(response.json<{ message: string }>().message).toContain(reason);
    }
    expect(await db.product.count({ where: { tenantId: shop.id } })).toBe(before);
  });

  it('edits anything but the code', async () => {
    const cup = await create({ name: '馬克杯', price: 480, stock: 15 });
    const edited = await call(owner, 'PATCH', `/products/${cup.id}`, { price: 420, stock: 5, isPublic: false });
    expect(edited.json()).toMatchObject({ price: 420, stock: 5, isPublic: false, lowStock: true, code: cup.code });
    const refused = await call(owner, 'PATCH', `/products/${cup.id}`, { code: '999999999' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json<{ message: string }>().message).toContain('商品代碼由系統產生，不能修改');
    expect((await db.product.findUniqueOrThrow({ where: { id: cup.id } })).code).toBe(cup.code);
  });

  it('lists with instant search and the filters 全部/銷售中/已停止/庫存不足', async () => {
    await create({ name: '限量福袋', price: 999, stock: 3 });
    const names = async (query: string) =>
      (await call(owner, 'GET', `/products${query}`))
        .json<{ products: { name: string }[] }>()
        .products.map((p) => p.name);
    expect(await names(`?q=${encodeURIComponent('福袋')}`)).toEqual(['限量福袋']);
    expect(await names('?filter=low_stock')).toEqual(expect.arrayContaining(['限量福袋', '馬克杯']));
    expect(await names('?filter=low_stock')).not.toContain('毛巾'); // unlimited is never low
    expect(await names('?filter=stopped')).toEqual(['馬克杯']);
    expect(await names('?filter=on_sale')).not.toContain('馬克杯');
    expect((await call(owner, 'GET', '/products?filter=cheap')).statusCode).toBe(400);
  });

  it('deleting a product with orders hides it instead, and says so', async () => {
    const ordered = await create({ name: '已有訂單的商品', price: 100, stock: 10 });
    const customer = await db.customer.create({
      data: { id: uuidv7(), tenantId: shop.id, lineUserId: `U${suffix}`, displayName: '顧客' },
    });
    await db.order.create({
      data: {
        id: uuidv7(),
        tenantId: shop.id,
        number: `PROD-20260101-0001`,
        customerId: customer.id,
        status: 'confirmed',
        total: 100,
        sourceEventId: 'e1',
        workflowId: 'w1',
        items: {
          create: {
            id: uuidv7(),
            tenantId: shop.id,
            productId: ordered.id,
            productCode: ordered.code,
            productName: ordered.name,
            unitPrice: 100,
            requestedQuantity: 1,
            allocatedQuantity: 1,
          },
        },
      },
    });
    const hidden = await call(owner, 'DELETE', `/products/${ordered.id}`);
    expect(hidden.json()).toEqual({ outcome: 'hidden', message: '這個商品已有訂單，無法完全刪除，已改為非公開' });
    expect(await db.product.findUniqueOrThrow({ where: { id: ordered.id } })).toMatchObject({
      isPublic: false,
      deletedAt: null,
    });

    const unused = await create({ name: '沒人買的商品', price: 100 });
    expect((await call(owner, 'DELETE', `/products/${unused.id}`)).json()).toMatchObject({ outcome: 'deleted' });
    expect((await call(owner, 'GET', `/products/${unused.id}`)).statusCode).toBe(404);
  });

  it('stores a photo in three JPEG sizes, checked by its bytes, upright and without metadata', async () => {
    const product = await create({ name: '有照片的商品', price: 100 });
    const photo = await sharp({ create: { width: 2400, height: 1600, channels: 3, background: '#06C755' } })
      .png()
      .toBuffer();
    const response = await call(owner, 'PUT', `/products/${product.id}/image`, photo, { 'content-type': 'image/png' });
    expect(response.statusCode, response.body).toBe(200);
    const image = response.json<{ image: { thumb: string; card: string; full: string } }>().image;
    for (const [url, size] of [
      [image.thumb, 240],
      [image.card, 480],
      [image.full, 1080],
    ] as const) {
      const file = await app.inject({ method: 'GET', url });
      expect(file.statusCode).toBe(200);
      expect(file.headers['content-type']).toBe('image/jpeg');
      const meta = await sharp(file.rawPayload).metadata();
      expect(meta).toMatchObject({ format: 'jpeg', width: size, height: Math.round((size * 2) / 3) });
      expect(meta.exif).toBeUndefined();
    }
  });

  it('refuses disguised, broken and oversized uploads with a clear message', async () => {
    const product = await create({ name: '照片測試', price: 100 });
    const put = (bytes: Buffer) =>
      call(owner, 'PUT', `/products/${product.id}/image`, bytes, { 'content-type': 'image/jpeg' });
    const exe = await put(Buffer.from('MZ\x90\x00\x03 pretending to be photo.jpg'));
    expect(exe.statusCode).toBe(400);
    expect(exe.json()).toMatchObject({ code: 'not_an_image', message: '只接受 JPG 或 PNG 圖片' });
    const broken = await put(Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(2000)]));
    expect(broken.json()).toMatchObject({ code: 'not_an_image' });
    const huge = await put(Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(5 * 1024 * 1024)]));
    expect(huge.json()).toMatchObject({ code: 'image_too_large', message: '圖片不能超過 5MB' });
    expect((await db.product.findUniqueOrThrow({ where: { id: product.id } })).imageUrl).toBeNull();
  });

  it('staff without products:manage can look but not change; other shops get 404', async () => {
    const product = await create({ name: '權限測試', price: 100 });
    expect((await call(viewer, 'GET', `/products/${product.id}`)).statusCode).toBe(200);
    expect((await call(viewer, 'PATCH', `/products/${product.id}`, { price: 1 })).statusCode).toBe(403);
    expect((await call(viewer, 'DELETE', `/products/${product.id}`)).statusCode).toBe(403);
    expect((await call(stranger, 'GET', `/products/${product.id}`)).statusCode).toBe(404);
    const theirs = await app.inject({
      method: 'PATCH',
      url: `/api/t/${other.slug}/products/${product.id}`,
      headers: stranger.headers,
      payload: { price: 1 },
    });
    expect(theirs.statusCode).toBe(404);
    expect((await db.product.findUniqueOrThrow({ where: { id: product.id } })).price).toBe(100);
  });
});
