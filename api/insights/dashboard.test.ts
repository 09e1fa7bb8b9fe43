import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { loadEnv } from '../../config/env.ts';
import { createDb, type Db } from '../../db/client.ts';
import { createSecretBox } from '../../db/secret-box.ts';
import type { Dashboard } from '../../db/insights/dashboard.ts';
import { buildServer } from '../server.ts';
import { ownerOfEveryShop } from '../../test/support/auth.ts';

let db: Db;
let app: Awaited<ReturnType<typeof buildServer>>;
const suffix = randomBytes(3).toString('hex');
const shop = { id: uuidv7(), slug: `dash-${suffix}` };
const other = { id: uuidv7(), slug: `dash-other-${suffix}` };

async function order(
  tenantId: string,
  customerId: string,
  at: string,
  status: 'confirmed' | 'cancelled' | 'paid',
  items: { productId: string; code: string; name: string; price: number; qty: number }[],
) {
  const id = uuidv7();
  await db.order.create({
    data: {
      id,
      tenantId,
      number: `DASH-${id.slice(-8)}`,
      customerId,
      status,
      total: items.reduce((sum, i) => sum + i.price * i.qty, 0),
      sourceEventId: id,
      workflowId: id,
      createdAt: new Date(at),
      items: {
        create: items.map((i) => ({
          id: uuidv7(),
          tenantId,
          productId: i.productId,
          productCode: i.code,
          productName: i.name,
          unitPrice: i.price,
          requestedQuantity: i.qty,
          allocatedQuantity: i.qty,
        })),
      },
    },
  });
}

beforeAll(async () => {
  const env = loadEnv({ DATABASE_URL: inject('databaseUrl'), SECRETS_KEY: randomBytes(32).toString('base64') });
  db = createDb(env.DATABASE_URL, { poolSize: 4 });
  app = await buildServer({
    env,
    db,
    temporal: {} as never,
    secrets: createSecretBox(env.SECRETS_KEY),
    log: pino({ level: 'silent' }),
  });
  await db.tenant.create({ data: { id: shop.id, slug: shop.slug, name: '儀表板店', orderPrefix: 'DASH' } });
  await db.tenant.create({ data: { id: other.id, slug: other.slug, name: '別家', orderPrefix: 'OTHR' } });
  const mk = (tenantId: string, code: string, name: string, price: number, stock: number, isPublic = true) =>
    db.product
      .create({ data: { id: uuidv7(), tenantId, code, name, price, stock, isPublic } })
      .then((p) => ({ productId: p.id, code, name, price }));
  const tea = await mk(shop.id, '260101001', '烏龍茶', 300, 50);
  const cake = await mk(shop.id, '260101002', '鳳梨酥', 450, 3);
  await mk(shop.id, '260101003', '停售商品', 100, 0, false);
  await mk(shop.id, '260101004', '無限商品', 100, -1);
  const theirs = await mk(other.id, '260101001', '別家的茶', 999, 5);

  const alice = (
    await db.customer.create({ data: { id: uuidv7(), tenantId: shop.id, lineUserId: 'Ua', displayName: '阿美' } })
  ).id;
  const bob = (
    await db.customer.create({ data: { id: uuidv7(), tenantId: shop.id, lineUserId: 'Ub', displayName: '阿明' } })
  ).id;
  const stranger = (
    await db.customer.create({ data: { id: uuidv7(), tenantId: other.id, lineUserId: 'Uc', displayName: '路人' } })
  ).id;

  // 2026-01-07T16:30Z is already 2026-01-08 in Taipei.
  await order(shop.id, alice, '2026-01-07T16:30:00Z', 'confirmed', [{ ...tea, qty: 2 }]);
  await order(shop.id, bob, '2026-01-08T03:00:00Z', 'paid', [
    { ...tea, qty: 1 },
    { ...cake, qty: 2 },
  ]);
  await order(shop.id, bob, '2026-01-08T05:00:00Z', 'cancelled', [{ ...cake, qty: 5 }]);
  await order(shop.id, alice, '2026-01-10T02:00:00Z', 'confirmed', [{ ...cake, qty: 1 }]);
  // Outside the range, and another shop's: neither may count.
  await order(shop.id, alice, '2026-01-07T15:59:00Z', 'confirmed', [{ ...tea, qty: 9 }]);
  await order(other.id, stranger, '2026-01-08T03:00:00Z', 'confirmed', [{ ...theirs, qty: 7 }]);
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

it('sums a range of Asia/Taipei days: cancelled orders earn nothing, other shops never count', async () => {
  const response = await get(`/api/t/${shop.slug}/dashboard?from=2026-01-08&to=2026-01-10`);
  expect(response.statusCode).toBe(200);
  const d = response.json<Dashboard>();
  expect(d.range).toEqual({ from: '20260108', to: '20260110' });
  expect(d.totals).toEqual({ orders: 4, revenue: 600 + 1200 + 450, customers: 2 });
  expect(d.products).toEqual({ total: 4, onSale: 3, lowStock: 1, soldOut: 1 });
  expect(d.revenueByDay).toEqual([
    { day: '20260108', orders: 3, revenue: 1800 },
    { day: '20260109', orders: 0, revenue: 0 },
    { day: '20260110', orders: 1, revenue: 450 },
  ]);
  // Ranked by units sold; a tie goes to the one that earned more.
  expect(d.bestSellers).toEqual([
    { productCode: '260101002', productName: '鳳梨酥', units: 3, revenue: 1350 },
    { productCode: '260101001', productName: '烏龍茶', units: 3, revenue: 900 },
  ]);
  expect(d.recentOrders).toHaveLength(5);
  expect(d.recentOrders[0]).toMatchObject({ customerName: '阿美', total: 450, status: 'confirmed' });
  expect(JSON.stringify(d)).not.toContain('別家');
});

it('defaults to the last 30 days and refuses nonsense ranges', async () => {
  const d = (await get(`/api/t/${shop.slug}/dashboard`)).json<Dashboard>();
  expect(d.revenueByDay).toHaveLength(30);
  expect((await get(`/api/t/${shop.slug}/dashboard?from=2026-01-10&to=2026-01-08`)).statusCode).toBe(400);
  expect((await get(`/api/t/${shop.slug}/dashboard?from=2026-02-30&to=2026-03-01`)).statusCode).toBe(400);
  expect((await get(`/api/t/${shop.slug}/dashboard?from=yesterday&to=today`)).statusCode).toBe(400);
  expect((await get(`/api/t/no-such-${suffix}/dashboard`)).statusCode).toBe(404);
});
