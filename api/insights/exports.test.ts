import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadEnv } from '../../config/env.ts';
import { createDb, type Db } from '../../db/client.ts';
import { EXPORT_BATCH } from '../../db/insights/exports.ts';
import { createSecretBox } from '../../db/secret-box.ts';
import { buildServer } from '../server.ts';
import { ownerOfEveryShop } from '../../test/support/auth.ts';

/** The CSV exports against the run's real PostgreSQL, through the real server (inject). */

let db: Db;
let app: Awaited<ReturnType<typeof buildServer>>;
const suffix = randomBytes(3).toString('hex');
const shopA = { id: uuidv7(), slug: `csv-a-${suffix}` };
const shopB = { id: uuidv7(), slug: `csv-b-${suffix}` };

beforeAll(async () => {
  const env = loadEnv({ DATABASE_URL: inject('databaseUrl'), SECRETS_KEY: randomBytes(32).toString('base64') });
  db = createDb(env.DATABASE_URL, { poolSize: 4 });
  app = await buildServer({
    env,
    db,
    temporal: {} as never, // exports never touch Temporal
    secrets: createSecretBox(env.SECRETS_KEY),
    log: pino({ level: 'silent' }),
  });
  const prefix = () => Array.from(randomBytes(4), (b) => 'ABCDEFGHJKLMNPQRSTUVWXYZ'[b % 24]).join('');
  await db.tenant.create({ data: { id: shopA.id, slug: shopA.slug, name: '甲店', orderPrefix: prefix() } });
  await db.tenant.create({ data: { id: shopB.id, slug: shopB.slug, name: '乙店', orderPrefix: prefix() } });

  const soap = await db.product.create({
    data: {
      id: uuidv7(),
      tenantId: shopA.id,
      code: '260108001',
      name: '手工皂, 薰衣草',
      price: 280,
      stock: 12,
      description: '說 "香"\n第二行',
    },
  });
  await db.product.create({
    data: { id: uuidv7(), tenantId: shopA.id, code: '260108002', name: '=1+1', price: 100, stock: -1, isPublic: false },
  });
  await db.product.create({
    data: { id: uuidv7(), tenantId: shopB.id, code: '260108001', name: '乙店的秘密商品', price: 1, stock: 1 },
  });

  const customer = await db.customer.create({
    data: { id: uuidv7(), tenantId: shopA.id, lineUserId: 'Uaaaa', displayName: '王小明' },
  });
  const orderId = uuidv7();
  await db.order.create({
    data: {
      id: orderId,
      tenantId: shopA.id,
      number: 'BXAB-20260108-0001',
      customerId: customer.id,
      status: 'shipped',
      total: 560,
      trackingNumber: 'TW123',
      memo: '請放管理室,謝謝',
      sourceEventId: 'evt-1',
      workflowId: 'wf-1',
      createdAt: new Date('2026-01-08T01:00:00Z'),
      items: {
        create: {
          id: uuidv7(),
          tenantId: shopA.id,
          productId: soap.id,
          productCode: soap.code,
          productName: soap.name,
          unitPrice: 280,
          requestedQuantity: 3,
          allocatedQuantity: 2,
        },
      },
    },
  });
});
afterAll(async () => {
  await app?.close();
  await db?.$disconnect();
});

// A signed-in owner of whichever shop the URL names (test/support/auth.ts).
let asOwner: ((url: string) => Promise<Record<string, string>>) | undefined;
const get = async (url: string) => {
  asOwner ??= ownerOfEveryShop(db, app.jiayiAuth.config);
  return app.inject({ method: 'GET', url, headers: await asOwner(url) });
};

describe('CSV exports', () => {
  it('products: UTF-8 with BOM, RFC 4180 quoting, formulas defused, one shop only', async () => {
    const response = await get(`/api/t/${shopA.slug}/exports/products.csv`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="products-csv-a-/);
    expect(response.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const lines = response.body.slice(1).split('\r\n');
    expect(lines[0]).toBe('code,name,description,category,price,stock,is_public,image_url,created_at');
    expect(lines[1]).toMatch(
      /^260108001,"手工皂, 薰衣草","說 ""香""\n第二行",,280,12,true,,\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}$/,
    );
    expect(lines[2]).toMatch(/^260108002,'=1\+1,,,100,-1,false,,/);
    expect(lines[3]).toBe('');
    expect(response.body).not.toContain('乙店的秘密商品');
  });

  it('orders: one row per item with tracking_number and memo, times in Asia/Taipei', async () => {
    const response = await get(`/api/t/${shopA.slug}/exports/orders.csv`);
    expect(response.statusCode).toBe(200);
    const [header, row] = response.body.slice(1).split('\r\n');
    expect(header).toBe(
      'order_number,created_at,status,status_label,customer_name,customer_line_user_id,product_code,product_name,' +
        'unit_price,requested_quantity,allocated_quantity,line_total,order_total,tracking_number,memo',
    );
    expect(row).toBe(
      'BXAB-20260108-0001,2026/01/08 09:00,shipped,已出貨,王小明,Uaaaa,260108001,"手工皂, 薰衣草",280,3,2,560,560,TW123,"請放管理室,謝謝"',
    );
  });

  it('an unknown shop gets 404, another shop sees only its own rows', async () => {
    expect((await get(`/api/t/no-such-shop-${suffix}/exports/orders.csv`)).statusCode).toBe(404);
    const b = await get(`/api/t/${shopB.slug}/exports/orders.csv`);
    expect(b.body.slice(1).split('\r\n').filter(Boolean)).toHaveLength(1); // the header only
  });

  it('is refused without a session (401), wherever the request comes from', async () => {
    const response = await app.inject({
      method: 'GET',
      url: `/api/t/${shopA.slug}/exports/orders.csv`,
      remoteAddress: '127.0.0.1',
    });
    expect(response.statusCode).toBe(401);
  });

  it(`streams past one batch (${EXPORT_BATCH} rows) without losing or repeating a row`, async () => {
    const shop = { id: uuidv7(), slug: `csv-big-${suffix}` };
    await db.tenant.create({ data: { id: shop.id, slug: shop.slug, name: '大店', orderPrefix: 'BIGZ' } });
    const count = EXPORT_BATCH + 137;
    await db.product.createMany({
      data: Array.from({ length: count }, (_, i) => ({
        id: uuidv7(),
        tenantId: shop.id,
        code: `2601${String(i).padStart(6, '0')}`,
        name: `商品 ${i}`,
        price: i,
        stock: 1,
      })),
    });
    const customer = await db.customer.create({
      data: { id: uuidv7(), tenantId: shop.id, lineUserId: 'Ubig', displayName: '常客' },
    });
    const base = Date.parse('2026-01-01T00:00:00Z');
    await db.order.createMany({
      data: Array.from({ length: count }, (_, i) => ({
        id: uuidv7(),
        tenantId: shop.id,
        number: `BIGZ-20260101-${String(i + 1).padStart(4, '0')}`,
        customerId: customer.id,
        status: 'confirmed' as const,
        total: i,
        sourceEventId: `e${i}`,
        workflowId: `w${i}`,
        // Orders come in pairs that share a timestamp: its timestamp with the next: the (created_at, id) cursor must hold.
        createdAt: new Date(base + Math.floor(i / 2) * 1000),
      })),
    });
    const products = (await get(`/api/t/${shop.slug}/exports/products.csv`)).body
      .slice(1)
      .split('\r\n')
      .filter(Boolean);
    expect(products).toHaveLength(count + 1);
    expect(new Set(products).size).toBe(count + 1);
    const orders = (await get(`/api/t/${shop.slug}/exports/orders.csv`)).body.slice(1).split('\r\n').filter(Boolean);
    expect(orders).toHaveLength(count + 1);
    const numbers = orders.slice(1).map((line) => line.split(',')[0]);
    expect(new Set(numbers).size).toBe(count);
  });
  it('orders: the list’s filters (status, part of an order number or of a name) narrow the file', async () => {
    const shop = { id: uuidv7(), slug: `csv-filter-${suffix}` };
    await db.tenant.create({ data: { id: shop.id, slug: shop.slug, name: '篩選店', orderPrefix: 'FLTR' } });
    const people = await Promise.all(
      ['王小明', '陳美玲', '王大同'].map((displayName, i) =>
        db.customer.create({ data: { id: uuidv7(), tenantId: shop.id, lineUserId: `Uf${i}`, displayName } }),
      ),
    );
    const statuses = ['shipped', 'confirmed', 'confirmed'] as const;
    for (const [i, customer] of people.entries()) {
      await db.order.create({
        data: {
          id: uuidv7(),
          tenantId: shop.id,
          number: `FLTR-20260110-000${i + 1}`,
          customerId: customer.id,
          status: statuses[i]!,
          total: 100,
          sourceEventId: `f${i}`,
          workflowId: `wf${i}`,
        },
      });
    }
    const numbersOf = async (query: string) => {
      const response = await get(`/api/t/${shop.slug}/exports/orders.csv?${query}`);
      expect(response.statusCode).toBe(200);
      return response.body
        .slice(1)
        .split('\r\n')
        .filter(Boolean)
        .slice(1)
        .map((line) => line.split(',')[0]);
    };
    expect(await numbersOf('')).toHaveLength(3);
    expect(await numbersOf('status=confirmed')).toEqual(['FLTR-20260110-0002', 'FLTR-20260110-0003']);
    expect(await numbersOf(`q=${encodeURIComponent('王')}`)).toEqual(['FLTR-20260110-0001', 'FLTR-20260110-0003']);
    expect(await numbersOf(`q=${encodeURIComponent('王')}&status=confirmed`)).toEqual(['FLTR-20260110-0003']);
    // Full-width, as a phone keyboard may type it; and LIKE's wildcards are plain characters.
    expect(await numbersOf(`q=${encodeURIComponent('－０００２')}`)).toEqual(['FLTR-20260110-0002']);
    expect(await numbersOf(`q=${encodeURIComponent('%')}`)).toEqual([]);
    const bad = await get(`/api/t/${shop.slug}/exports/orders.csv?status=lost`);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('沒有這個訂單狀態');
  });
});
