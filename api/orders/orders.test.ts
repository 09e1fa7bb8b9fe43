import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEnv } from '../../config/env.ts';
import { createDb, type Db } from '../../db/client.ts';
import { applyMigrations } from '../../db/migrate.ts';
import { scratchDatabases } from '../../test/support/scratch-database.ts';
import { createSecretBox } from '../../db/secret-box.ts';
import type { ServerDeps } from '../deps.ts';
import { createOrderChangeListener } from './order-change-listener.ts';
import { buildServer } from '../server.ts';
import { authPlugin } from '../plugins/auth.ts';
import { tenantScope } from '../tenant-scope.ts';
import { createMember, createSession } from '../../test/support/auth.ts';
import { decodeCursor, encodeCursor } from '../page-cursor.ts';
import { adminOrdersRoutes, MAX_STREAMS_PER_SESSION, type AdminOrder, type AdminOrderPage } from './orders.ts';

/**
 * The admin order API against a real PostgreSQL: a scratch database with every migration,
 * two shops with orders inserted through Prisma, the real server from buildServer.
 * (These routes never touch Temporal, so `temporal` is a stub.)
 */

const scratch = scratchDatabases('admin_orders');
const log = pino({ level: 'silent' });
let databaseUrl: string;
let db: Db;
let deps: ServerDeps;
let app: Awaited<ReturnType<typeof buildServer>>;
/** A signed-in owner of both shops (the API needs a member's session: api/plugins/auth.ts). */
let owner: Record<string, string>;

interface Seeded {
  tenantId: string;
  slug: string;
  prefix: string;
  /** Order ids, newest first, as the API must list them. */
  orderIds: string[];
  productId: string;
  customerId: string;
}
let shopA: Seeded;
let shopB: Seeded;
let tick = 0;

const T0 = Date.parse('2026-01-08T01:00:00.000Z'); // 2026/01/08 09:00 in Taipei

async function createShop(slug: string, orderPrefix: string, name: string): Promise<Seeded> {
  const tenant = await db.tenant.create({ data: { slug, name, orderPrefix } });
  const customer = await db.customer.create({
    data: {
      tenantId: tenant.id,
      lineUserId: `U${randomBytes(16).toString('hex')}`,
      displayName: `${name} 的顧客`,
      pictureUrl: 'https://profile.line-scdn.net/example.jpg',
    },
  });
  const product = await db.product.create({
    data: { tenantId: tenant.id, code: '260108001', name: '草莓蛋糕', price: 500, stock: -1 },
  });
  return {
    tenantId: tenant.id,
    slug,
    prefix: orderPrefix,
    orderIds: [],
    productId: product.id,
    customerId: customer.id,
  };
}

async function createOrder(
  shop: Seeded,
  opts: { at: Date; requested?: number; allocated?: number; status?: AdminOrder['status'] },
): Promise<string> {
  tick += 1;
  const requested = opts.requested ?? 1;
  const allocated = opts.allocated ?? requested;
  const order = await db.order.create({
    data: {
      tenantId: shop.tenantId,
      number: `${shop.prefix}-20260108-${String(tick).padStart(4, '0')}`,
      customerId: shop.customerId,
      status: opts.status ?? 'pending',
      total: allocated * 500,
      sourceEventId: `evt-${tick}-${randomBytes(4).toString('hex')}`,
      workflowId: `order/${shop.slug}/evt ${tick}`,
      createdAt: opts.at,
      items: {
        create: {
          tenantId: shop.tenantId,
          productId: shop.productId,
          productCode: '260108001',
          productName: '草莓蛋糕',
          unitPrice: 500,
          requestedQuantity: requested,
          allocatedQuantity: allocated,
        },
      },
    },
  });
  return order.id;
}

beforeAll(async () => {
  databaseUrl = scratch.url('api');
  await applyMigrations(databaseUrl);
  db = createDb(databaseUrl, { poolSize: 4 });

  shopA = await createShop('shop-a', 'ABCD', '小明商店');
  shopB = await createShop('shop-b', 'BCDE', '小華商店');

  // Shop A: five orders; two share a created_at so the id breaks the tie.
  const a1 = await createOrder(shopA, { at: new Date(T0) });
  const a2 = await createOrder(shopA, { at: new Date(T0 + 60_000), requested: 3, allocated: 2, status: 'confirmed' });
  const a3 = await createOrder(shopA, { at: new Date(T0 + 120_000), status: 'paid' });
  const a4 = await createOrder(shopA, { at: new Date(T0 + 120_000), status: 'shipped' });
  const a5 = await createOrder(shopA, { at: new Date(T0 + 180_000), requested: 2, status: 'needs_attention' });
  const [tieNewer, tieOlder] = a3 > a4 ? [a3, a4] : [a4, a3];
  shopA.orderIds = [a5, tieNewer, tieOlder, a2, a1];

  // Shop B: newer than all of A's, so a leak would show up first.
  shopB.orderIds = [await createOrder(shopB, { at: new Date(T0 + 3_600_000), status: 'cancelled' })];

  const env = loadEnv({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: databaseUrl,
    SECRETS_KEY: randomBytes(32).toString('base64'),
    TEMPORAL_UI_URL: 'http://127.0.0.1:8233/',
    TEMPORAL_NAMESPACE: 'jiayi-test',
  });
  deps = { env, db, temporal: {} as never, secrets: createSecretBox(env.SECRETS_KEY), log };
  app = await buildServer(deps);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const member = await createMember(db, shopA.tenantId, { role: 'owner', displayName: '兩家店的店主' });
  await db.staff.create({
    data: { tenantId: shopB.tenantId, userId: member.userId, displayName: '兩家店的店主', role: 'owner' },
  });
  owner = (await createSession(db, app.jiayiAuth.config, member.userId)).headers;
}, 120_000);

afterAll(async () => {
  await app?.close();
  await db?.$disconnect();
  await scratch.dropAll();
});

async function list(slug: string, query = ''): Promise<{ status: number; body: AdminOrderPage & { code?: string } }> {
  const res = await app.inject({ method: 'GET', url: `/api/t/${slug}/orders${query}`, headers: owner });
  return { status: res.statusCode, body: res.json() };
}

describe('GET /api/t/:tenant/orders', () => {
  it('lists the shop’s orders newest first, with customer, items and the Temporal link', async () => {
    const { status, body } = await list('shop-a');
    expect(status).toBe(200);
    expect(body.tenant).toEqual({ slug: 'shop-a', name: '小明商店' });
    expect(body.orders.map((o) => o.id)).toEqual(shopA.orderIds);
    expect(body.nextCursor).toBeNull();

    const short = body.orders.find((o) => o.id === shopA.orderIds[3])!;
    expect(short).toEqual({
      id: shopA.orderIds[3],
      number: expect.stringMatching(/^ABCD-20260108-\d{4}$/),
      status: 'confirmed',
      total: 1000,
      createdAt: '2026-01-08T01:01:00.000Z',
      customer: { displayName: '小明商店 的顧客', pictureUrl: 'https://profile.line-scdn.net/example.jpg' },
      items: [
        {
          productCode: '260108001',
          productName: '草莓蛋糕',
          unitPrice: 500,
          requestedQuantity: 3,
          allocatedQuantity: 2,
        },
      ],
      workflowId: expect.stringMatching(/^order\/shop-a\/evt \d+$/),
      workflowUrl: `http://127.0.0.1:8233/namespaces/jiayi-test/workflows/${encodeURIComponent(short.workflowId)}`,
    });
    expect(short.workflowUrl).toContain('order%2Fshop-a%2Fevt%20');
  });

  it('pages with a cursor by (created_at, id), without gaps or repeats', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const { status, body }: Awaited<ReturnType<typeof list>> = await list(
        'shop-a',
        `?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(status).toBe(200);
      expect(body.orders.length).toBeLessThanOrEqual(2);
      seen.push(...body.orders.map((o) => o.id));
      cursor = body.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual(shopA.orderIds);

    // The cursor after the first of the two tied orders still returns the second one.
    const first = await list('shop-a', '?limit=2');
    expect(first.body.orders.map((o) => o.id)).toEqual(shopA.orderIds.slice(0, 2));
    const second = await list('shop-a', `?limit=1&cursor=${first.body.nextCursor}`);
    expect(second.body.orders.map((o) => o.id)).toEqual([shopA.orderIds[2]]);
  });

  it('defaults to 50 and validates limit (1..100) and cursor', async () => {
    for (const bad of ['0', '101', '-1', '1.5', 'abc', '']) {
      const { status, body } = await list('shop-a', `?limit=${bad}`);
      expect(status, `limit=${bad}`).toBe(400);
      expect(body.code).toBe('invalid_query');
    }
    expect((await list('shop-a', '?limit=100')).status).toBe(200);
    expect((await list('shop-a', '?limit=1')).body.orders).toHaveLength(1);

    for (const bad of [
      'nonsense',
      encodeCursor({ createdAt: new Date(), id: 'x' }),
      Buffer.from('[1,2]').toString('base64url'),
    ]) {
      const { status, body } = await list('shop-a', `?cursor=${encodeURIComponent(bad)}`);
      expect(status).toBe(400);
      expect(body.code).toBe('invalid_cursor');
    }
    const round = { createdAt: new Date(T0), id: shopA.orderIds[0]! };
    expect(decodeCursor(encodeCursor(round))).toEqual(round);
  });

  it('finds orders by part of the number or the customer’s name, and filters by status', async () => {
    const ids = async (query: string) => (await list('shop-a', query)).body.orders.map((o) => o.id);
    const [a5, , , a2] = shopA.orderIds;
    const byNumber = await list('shop-a', '?q=0002');
    expect(byNumber.body.orders.map((o) => o.number)).toEqual(['ABCD-20260108-0002']);
    expect(await ids(`?q=${encodeURIComponent('abcd-20260108-0005')}`)).toEqual([a5]);
    expect(await ids(`?q=${encodeURIComponent('小明')}`)).toEqual(shopA.orderIds);
    expect(await ids(`?q=${encodeURIComponent('小華')}`)).toEqual([]); // shop B's customer
    expect(await ids('?status=confirmed')).toEqual([a2]);
    expect(await ids(`?status=needs_attention&q=${encodeURIComponent('小明')}`)).toEqual([a5]);
    expect(await ids('?status=cancelled')).toEqual([]); // shop B's cancelled order stays in shop B
    expect((await list('shop-a', '?status=lost')).status).toBe(400);
    expect((await list('shop-a', `?q=${'x'.repeat(101)}`)).status).toBe(400);

    // Searching pages like the plain list: no gaps, no repeats.
    const first = await list('shop-a', `?q=${encodeURIComponent('小明')}&limit=2`);
    const seen = first.body.orders.map((o) => o.id);
    let cursor = first.body.nextCursor;
    while (cursor) {
      const next = await list('shop-a', `?q=${encodeURIComponent('小明')}&limit=2&cursor=${cursor}`);
      seen.push(...next.body.orders.map((o) => o.id));
      cursor = next.body.nextCursor;
    }
    expect(seen).toEqual(shopA.orderIds);
  });

  it('answers a NUL byte or an impossible date with a clear 400 on every route, and takes % and _ literally', async () => {
    const get = async (url: string) => {
      const res = await app.inject({ method: 'GET', url: `/api/t/shop-a${url}`, headers: owner });
      return { status: res.statusCode, body: res.body };
    };
    for (const url of [
      '/orders?q=%00',
      '/customers?q=%00',
      '/products?q=%00',
      '/exports/orders.csv?q=%00',
      '/dashboard?from=00000101&to=00001231',
      '/dashboard?from=20230229&to=20230301',
    ]) {
      const answer = await get(url);
      expect({ url, status: answer.status }).toEqual({ url, status: 400 });
      expect(answer.body).toMatch(/控制字元|日期|沒有這一天/);
    }
    // No order is named by a control character: not found, as for any other unknown number.
    expect((await get('/orders/%00/detail')).status).toBe(404);
    // One meaning everywhere: the characters themselves, never "anything".
    expect((await list('shop-a', '?q=%25')).body.orders).toEqual([]);
    expect((await list('shop-a', '?q=_')).body.orders).toEqual([]);
    const products = JSON.parse((await get('/products?q=_')).body) as { products: unknown[] };
    expect(products.products).toEqual([]);
    const customers = JSON.parse((await get('/customers?q=%25')).body) as { customers: unknown[] };
    expect(customers.customers).toEqual([]);
    expect((await get('/exports/orders.csv?q=%25')).body.split('\n').filter(Boolean)).toHaveLength(1);
  });

  it('never shows one shop’s orders to another, and 404s unknown shops', async () => {
    const a = await list('shop-a', '?limit=100');
    const b = await list('shop-b', '?limit=100');
    expect(a.body.orders.map((o) => o.id)).toEqual(shopA.orderIds);
    expect(b.body.orders.map((o) => o.id)).toEqual(shopB.orderIds);
    expect(a.body.orders.some((o) => shopB.orderIds.includes(o.id))).toBe(false);

    // A cursor made from B's order, used on A, still only walks A's orders.
    const bOrder = b.body.orders[0]!;
    const crossCursor = encodeCursor({ createdAt: new Date(bOrder.createdAt), id: bOrder.id });
    const crossed = await list('shop-a', `?cursor=${crossCursor}`);
    expect(crossed.body.orders.map((o) => o.id)).toEqual(shopA.orderIds);

    // One order by id: only under its own shop.
    const own = await app.inject({ method: 'GET', url: `/api/t/shop-b/orders/${bOrder.id}`, headers: owner });
    expect(own.statusCode).toBe(200);
    expect(own.json().order.id).toBe(bOrder.id);
    const other = await app.inject({ method: 'GET', url: `/api/t/shop-a/orders/${bOrder.id}`, headers: owner });
    expect(other.statusCode).toBe(404);
    expect(other.json().code).toBe('not_found');

    for (const url of ['/api/t/no-such-shop/orders', '/api/t/no-such-shop/orders/stream', '/api/t/Bad_Slug!/orders']) {
      const res = await app.inject({ method: 'GET', url, headers: owner });
      expect(res.statusCode, url).toBe(404);
      expect(res.json()).toMatchObject({ code: 'not_found', message: expect.any(String) });
    }
  });

  it('answers only signed-in members, from this machine or any other', async () => {
    for (const url of [
      '/api/t/shop-a/orders',
      '/api/t/shop-a/orders/stream',
      `/api/t/shop-a/orders/${shopA.orderIds[0]}`,
    ]) {
      for (const remoteAddress of ['127.0.0.1', '203.0.113.7']) {
        const res = await app.inject({ method: 'GET', url, remoteAddress });
        expect(res.statusCode, url).toBe(401);
        expect(res.json().code).toBe('unauthenticated');
      }
    }
    // Pages send the browser to sign in, and back afterwards, however the path is spelled.
    const page = await app.inject({ method: 'GET', url: '/t/shop-a/admin/orders', remoteAddress: '127.0.0.1' });
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe(`/sign-in?returnTo=${encodeURIComponent('/t/shop-a/admin/orders')}`);
    const sneaky = await app.inject({ method: 'GET', url: '/t/shop-a/%61dmin/orders', remoteAddress: '203.0.113.7' });
    expect(sneaky.statusCode).toBe(303);
  });

  it('keeps unknown /api paths as JSON 404s instead of handing them to the web app', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('not_found');
  });
});

/** Reads Server-Sent Events from a fetch response. */
function eventReader(response: Response) {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const queue: { event: string; data: string; comment?: string }[] = [];

  // One read in flight at a time, kept across timeouts so no chunk is ever dropped.
  let pending: Promise<ReadableStreamReadResult<Uint8Array>> | null = null;

  async function fill(deadline: number): Promise<boolean> {
    const remaining = deadline - Date.now();
    if (remaining <= 0) return false;
    pending ??= reader.read();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), remaining)));
    const chunk = await Promise.race([pending, timeout]);
    clearTimeout(timer);
    if (!chunk) return false;
    pending = null;
    if (chunk.done) return false;
    buffer += decoder.decode(chunk.value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event = 'message';
      const data: string[] = [];
      let comment: string | undefined;
      for (const line of block.split('\n')) {
        if (line.startsWith('event: ')) event = line.slice(7);
        else if (line.startsWith('data: ')) data.push(line.slice(6));
        else if (line.startsWith(':')) comment = line.slice(1).trim();
      }
      if (comment !== undefined && data.length === 0) queue.push({ event: 'comment', data: '', comment });
      else if (data.length > 0) queue.push({ event, data: data.join('\n') });
    }
    return true;
  }

  return {
    /** The next event (comments included as event 'comment'), or null after `ms`. */
    async next(ms = 5_000) {
      const deadline = Date.now() + ms;
      while (queue.length === 0) {
        if (!(await fill(deadline))) return null;
      }
      return queue.shift()!;
    },
    /** The next event named `name`, skipping others, or null after `ms`. */
    async nextNamed(name: string, ms = 5_000) {
      const deadline = Date.now() + ms;
      for (;;) {
        const event = await this.next(Math.max(1, deadline - Date.now()));
        if (!event) return null;
        if (event.event === name) return event;
      }
    },
    async cancel() {
      await reader.cancel().catch(() => {});
    },
  };
}

async function notify(tenantId: string, orderId: string) {
  await db.$executeRaw`SELECT pg_notify('order_changes', ${JSON.stringify({ tenantId, orderId })})`;
}

describe('GET /api/t/:tenant/orders/stream', () => {
  const baseUrl = () => `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

  it('sends this shop’s order changes, and never another shop’s', async () => {
    const aborts = new AbortController();
    const [resA, resB] = await Promise.all([
      fetch(`${baseUrl()}/api/t/shop-a/orders/stream`, { signal: aborts.signal, headers: owner }),
      fetch(`${baseUrl()}/api/t/shop-b/orders/stream`, { signal: aborts.signal, headers: owner }),
    ]);
    expect(resA.status).toBe(200);
    expect(resA.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const a = eventReader(resA);
    const b = eventReader(resB);
    try {
      expect(await a.nextNamed('ready')).not.toBeNull();
      expect(await b.nextNamed('ready')).not.toBeNull();

      await notify(shopA.tenantId, shopA.orderIds[0]!);
      const got = await a.nextNamed('order');
      expect(got && JSON.parse(got.data)).toEqual({ orderId: shopA.orderIds[0] });
      expect(await b.nextNamed('order', 400)).toBeNull();

      // A change committed in a transaction is heard once, after the commit.
      await db.$transaction(async (tx) => {
        await tx.$executeRaw`SELECT pg_notify('order_changes', ${JSON.stringify({ tenantId: shopB.tenantId, orderId: shopB.orderIds[0] })})`;
      });
      const gotB = await b.nextNamed('order');
      expect(gotB && JSON.parse(gotB.data)).toEqual({ orderId: shopB.orderIds[0] });
      expect(await a.nextNamed('order', 400)).toBeNull();

      // Malformed payloads are ignored, the stream keeps going.
      await db.$executeRaw`SELECT pg_notify('order_changes', 'not json')`;
      await notify(shopA.tenantId, shopA.orderIds[1]!);
      const after = await a.nextNamed('order');
      expect(after && JSON.parse(after.data)).toEqual({ orderId: shopA.orderIds[1] });
    } finally {
      aborts.abort();
      await Promise.all([a.cancel(), b.cancel()]);
    }
  });

  it('holds at most a few streams per session: the next is a 429, and a closed one frees its place', async () => {
    const aborts = new AbortController();
    const open = () => fetch(`${baseUrl()}/api/t/shop-a/orders/stream`, { signal: aborts.signal, headers: owner });
    const readers = [];
    try {
      for (let n = 0; n < MAX_STREAMS_PER_SESSION; n += 1) {
        const res = await open();
        expect(res.status).toBe(200);
        readers.push(eventReader(res));
      }
      const refused = await open();
      expect(refused.status).toBe(429);
      expect(((await refused.json()) as { code: string }).code).toBe('too_many_streams');

      await readers.pop()!.cancel();
      await expect
        .poll(async () => {
          const res = await open();
          if (res.status === 200) readers.push(eventReader(res));
          else await res.body?.cancel();
          return res.status;
        })
        .toBe(200);
    } finally {
      aborts.abort();
      await Promise.all(readers.map((r) => r.cancel()));
    }
  });

  it('tells pages to resync after the listener lost its connection, then delivers again', async () => {
    const aborts = new AbortController();
    const res = await fetch(`${baseUrl()}/api/t/shop-a/orders/stream`, { signal: aborts.signal, headers: owner });
    const a = eventReader(res);
    try {
      expect(await a.nextNamed('ready')).not.toBeNull();
      const killed = await db.$queryRaw<{ n: bigint }[]>`
        SELECT count(pg_terminate_backend(pid)) AS n FROM pg_stat_activity
        WHERE application_name = 'jiayi-order-changes' AND datname = current_database()`;
      expect(Number(killed[0]!.n)).toBe(1);
      expect(await a.nextNamed('resync', 10_000)).not.toBeNull();
      await notify(shopA.tenantId, shopA.orderIds[2]!);
      const got = await a.nextNamed('order');
      expect(got && JSON.parse(got.data)).toEqual({ orderId: shopA.orderIds[2] });
    } finally {
      aborts.abort();
      await a.cancel();
    }
  });

  it('sends heartbeats and unsubscribes when the client goes away', async () => {
    // A server of its own, with a fast heartbeat and a listener the test can inspect.
    const listener = createOrderChangeListener({ databaseUrl, log });
    const small = Fastify({ loggerInstance: log });
    await small.register(authPlugin, { deps });
    await tenantScope(small, (shop) => shop.register(adminOrdersRoutes, { deps, listener, heartbeatMs: 100 }));
    await small.listen({ host: '127.0.0.1', port: 0 });
    try {
      const aborts = new AbortController();
      const res = await fetch(
        `http://127.0.0.1:${(small.server.address() as AddressInfo).port}/api/t/shop-a/orders/stream`,
        {
          signal: aborts.signal,
          headers: owner,
        },
      );
      const a = eventReader(res);
      expect(await a.nextNamed('ready')).not.toBeNull();
      expect(listener.subscriberCount()).toBe(1);
      const beat = await a.nextNamed('comment', 2_000);
      expect(beat?.comment).toMatch(/^heartbeat /);
      aborts.abort();
      await a.cancel();
      await expect.poll(() => listener.subscriberCount(), { timeout: 5_000 }).toBe(0);
    } finally {
      await small.close();
      await listener.close();
    }
  });

  it('ends open streams when the server closes', async () => {
    const small = Fastify({ loggerInstance: log });
    await small.register(authPlugin, { deps });
    await tenantScope(small, (shop) => shop.register(adminOrdersRoutes, { deps }));
    await small.listen({ host: '127.0.0.1', port: 0 });
    const res = await fetch(
      `http://127.0.0.1:${(small.server.address() as AddressInfo).port}/api/t/shop-a/orders/stream`,
      { headers: owner },
    );
    const a = eventReader(res);
    expect(await a.nextNamed('ready')).not.toBeNull();
    const started = Date.now();
    await small.close();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await a.next(2_000)).toBeNull();
  });
});
