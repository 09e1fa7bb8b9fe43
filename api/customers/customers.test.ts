import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadEnv } from '../../config/env.ts';
import { createDb, type Db } from '../../db/client.ts';
import type { CustomerDetail, CustomerSummary } from '../../db/customers/customers.ts';
import { createSecretBox } from '../../db/secret-box.ts';
import { buildServer } from '../server.ts';
import { ownerOfEveryShop } from '../../test/support/auth.ts';

let db: Db;
let app: Awaited<ReturnType<typeof buildServer>>;
const suffix = randomBytes(3).toString('hex');
const shop = { id: uuidv7(), slug: `cust-${suffix}` };
const other = { id: uuidv7(), slug: `cust-other-${suffix}` };
const ids: Record<string, string> = {};
let orderNo = 0;

async function customer(tenantId: string, name: string, joined: Date) {
  const id = uuidv7();
  await db.customer.create({
    data: { id, tenantId, lineUserId: `U${randomBytes(8).toString('hex')}`, displayName: name, createdAt: joined },
  });
  ids[name] = id;
  return id;
}
async function order(
  tenantId: string,
  customerId: string,
  at: string,
  total: number,
  status: 'confirmed' | 'cancelled' = 'confirmed',
) {
  const number = `CUST-20260101-${String(++orderNo).padStart(4, '0')}`;
  const productId = (await db.product.findFirstOrThrow({ where: { tenantId } })).id;
  await db.order.create({
    data: {
      id: uuidv7(),
      tenantId,
      number,
      customerId,
      status,
      total,
      sourceEventId: number,
      workflowId: number,
      createdAt: new Date(at),
      items: {
        create: {
          id: uuidv7(),
          tenantId,
          productId,
          productCode: '260101001',
          productName: '布丁',
          unitPrice: total,
          requestedQuantity: 1,
          allocatedQuantity: 1,
        },
      },
    },
  });
  return number;
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
  await db.tenant.create({ data: { id: shop.id, slug: shop.slug, name: '顧客店', orderPrefix: 'CUST' } });
  await db.tenant.create({ data: { id: other.id, slug: other.slug, name: '別家', orderPrefix: 'CUSO' } });
  for (const t of [shop.id, other.id]) {
    await db.product.create({
      data: { id: uuidv7(), tenantId: t, code: '260101001', name: '布丁', price: 100, stock: -1 },
    });
  }
  const long = new Date('2025-06-01T00:00:00Z');
  const vip = await customer(shop.id, '常客阿珠', long);
  for (let i = 0; i < 10; i++) await order(shop.id, vip, `2026-01-${String(i + 1).padStart(2, '0')}T02:00:00Z`, 200);
  await order(shop.id, vip, '2026-01-20T02:00:00Z', 5000, 'cancelled');
  const once = await customer(shop.id, '買過一次的小林', long);
  ids.onceOrder = await order(shop.id, once, '2026-01-05T02:00:00Z', 350);
  await customer(shop.id, '只逛不買的阿明', long);
  await customer(shop.id, '本月新朋友', new Date());
  const stranger = await customer(other.id, '別家的常客阿珠', long);
  for (let i = 0; i < 12; i++) await order(other.id, stranger, '2026-01-02T02:00:00Z', 100);
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
const names = async (query: string) =>
  (await get(`/api/t/${shop.slug}/customers${query}`))
    .json<{ customers: CustomerSummary[] }>()
    .customers.map((c) => c.displayName);

describe('customers', () => {
  it('lists a shop’s customers, newest first, with their purchase figures', async () => {
    const response = await get(`/api/t/${shop.slug}/customers`);
    expect(response.statusCode).toBe(200);
    const list = response.json<{ customers: CustomerSummary[] }>().customers;
    expect(list.map((c) => c.displayName)).toHaveLength(4);
    expect(list[0]!.displayName).toBe('本月新朋友');
    const vip = list.find((c) => c.displayName === '常客阿珠')!;
    expect(vip).toMatchObject({ orderCount: 10, totalSpent: 2000, averageOrder: 200, vip: true });
    expect(vip.lastPurchaseAt).toBe('2026-01-10T02:00:00.000Z'); // the cancelled order is no purchase
  });

  it('says who blocked the shop on LINE (blockedAt), in the list and the detail', async () => {
    const blockedAt = new Date('2026-01-15T03:00:00.000Z');
    const id = ids['只逛不買的阿明']!;
    await db.customer.update({ where: { id }, data: { blockedAt } });
    try {
      const list = (await get(`/api/t/${shop.slug}/customers`)).json<{ customers: CustomerSummary[] }>().customers;
      expect(list.find((c) => c.id === id)!.blockedAt).toBe(blockedAt.toISOString());
      expect(list.filter((c) => c.id !== id).every((c) => c.blockedAt === null)).toBe(true);
      expect((await get(`/api/t/${shop.slug}/customers/${id}`)).json<CustomerDetail>().blockedAt).toBe(
        blockedAt.toISOString(),
      );
    } finally {
      await db.customer.update({ where: { id }, data: { blockedAt: null } });
    }
  });

  it('filters: 有購買記錄, 本月新加入, VIP', async () => {
    expect((await names('?filter=purchased')).sort()).toEqual(['常客阿珠', '買過一次的小林'].sort());
    expect(await names('?filter=new_this_month')).toEqual(['本月新朋友']);
    expect(await names('?filter=vip')).toEqual(['常客阿珠']);
  });

  it('searches by part of the LINE name or by an order number, and never finds another shop’s customers', async () => {
    expect(await names(`?q=${encodeURIComponent('阿珠')}`)).toEqual(['常客阿珠']);
    expect(await names(`?q=${ids.onceOrder!.toLowerCase()}`)).toEqual(['買過一次的小林']);
    expect(await names(`?q=${encodeURIComponent('%')}`)).toEqual([]);
    expect(await names(`?q=${encodeURIComponent('別家')}`)).toEqual([]);
  });

  it('pages with a cursor without repeats', async () => {
    const first = (await get(`/api/t/${shop.slug}/customers?limit=3`)).json<{
      customers: CustomerSummary[];
      nextCursor: string;
    }>();
    expect(first.customers).toHaveLength(3);
    const second = (await get(`/api/t/${shop.slug}/customers?limit=3&cursor=${first.nextCursor}`)).json<{
      customers: CustomerSummary[];
      nextCursor: string | null;
    }>();
    expect(second.customers).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    expect(new Set([...first.customers, ...second.customers].map((c) => c.id)).size).toBe(4);
  });

  it('a customer’s detail: history, most bought, purchase frequency', async () => {
    const response = await get(`/api/t/${shop.slug}/customers/${ids['常客阿珠']}`);
    const detail = response.json<CustomerDetail>();
    expect(detail.orders).toHaveLength(11);
    expect(detail.orders[0]).toMatchObject({ status: 'cancelled', total: 5000, items: '布丁 × 1' });
    expect(detail.topProducts).toEqual([{ productCode: '260101001', productName: '布丁', units: 10 }]);
    expect(detail.purchaseEveryDays).toBe(1);
  });

  it('refuses bad input, unknown shops and other shops’ customers', async () => {
    expect((await get(`/api/t/${shop.slug}/customers?filter=rich`)).statusCode).toBe(400);
    expect((await get(`/api/t/${shop.slug}/customers?limit=0`)).statusCode).toBe(400);
    expect((await get(`/api/t/${shop.slug}/customers?cursor=bogus`)).statusCode).toBe(400);
    expect((await get(`/api/t/${shop.slug}/customers?q=${'x'.repeat(101)}`)).statusCode).toBe(400);
    expect((await get(`/api/t/nope-${suffix}/customers`)).statusCode).toBe(404);
    expect((await get(`/api/t/${shop.slug}/customers/${ids['別家的常客阿珠']}`)).statusCode).toBe(404);
    expect((await get(`/api/t/${other.slug}/customers/${ids['常客阿珠']}`)).statusCode).toBe(404);
  });
});
