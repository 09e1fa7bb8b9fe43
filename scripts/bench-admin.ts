import { randomBytes } from 'node:crypto';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { httpTimer } from '../bench/http-timing.ts';
import { round } from '../bench/stats.ts';
import { createDb } from '../db/client.ts';
import { applyMigrations } from '../db/migrate.ts';
import { authConfigOf, signedInMember } from '../test/support/auth.ts';
import { startTemporalDevServer } from '../temporal/dev-server.ts';
import { freePort, httpReady, startNodeProcess } from './process-group.ts';
import { writeBenchResult } from '../bench/results-file.ts';

/**
 * `npm run bench:admin [-- --orders 100000 --products 10000 --customers 20000 --runs 50]`
 * A shop of merchant scale, seeded with set-based SQL, and the admin API timed through real
 * HTTP against the real server process: p50/p95/p99 per endpoint, and the CSV export of every
 * order with the server's peak memory, against a tenth of the data to show it stays flat.
 */
const { values: opts } = parseArgs({
  options: {
    orders: { type: 'string', default: '100000' },
    products: { type: 'string', default: '10000' },
    customers: { type: 'string', default: '20000' },
    runs: { type: 'string', default: '50' },
  },
});
const size = { orders: Number(opts.orders), products: Number(opts.products), customers: Number(opts.customers) };
const runs = Number(opts.runs);
const HEAP_CAP_MB = 64;
const root = fileURLToPath(new URL('..', import.meta.url));
const say = (line: string) => console.log(`[bench:admin] ${line}`);

const adminUrl = 'postgresql://postgres@127.0.0.1:5432/postgres';
const dbName = `jiayi_bench_admin_${randomBytes(3).toString('hex')}`;
const databaseUrl = adminUrl.replace(/\/[^/]*$/, `/${dbName}`);
await applyMigrations(databaseUrl);
const sql = new pg.Client({ connectionString: databaseUrl });
await sql.connect();

async function seedShop(slug: string, prefix: string, n: typeof size): Promise<void> {
  const started = performance.now();
  const {
    rows: [tenant],
  } = await sql.query<{ id: string }>(
    `INSERT INTO tenants (id, slug, name, order_prefix, updated_at) VALUES (gen_random_uuid(), $1, $1, $2, now()) RETURNING id`,
    [slug, prefix],
  );
  const t = tenant!.id;
  await sql.query(
    `INSERT INTO products (id, tenant_id, code, name, price, stock, is_public, created_at, updated_at)
     SELECT gen_random_uuid(), $1, lpad(g::text, 9, '0'), '商品 ' || g, 100 + g % 900, (g % 50) - 1, g % 7 <> 0,
            now() - (g || ' minutes')::interval, now()
     FROM generate_series(1, $2) g`,
    [t, n.products],
  );
  await sql.query(
    `INSERT INTO customers (id, tenant_id, line_user_id, display_name, created_at, updated_at)
     SELECT gen_random_uuid(), $1, 'U' || md5(g::text), (ARRAY['王','陳','林','黃','張','李'])[1 + g % 6] || '顧客' || g,
            now() - (g || ' hours')::interval, now()
     FROM generate_series(1, $2) g`,
    [t, n.customers],
  );
  await sql.query(
    `WITH c AS (SELECT id, row_number() OVER () AS rn FROM customers WHERE tenant_id = $1),
          p AS (SELECT id, code, name, price, row_number() OVER () AS rn FROM products WHERE tenant_id = $1),
          o AS (
            INSERT INTO orders (id, tenant_id, number, customer_id, status, total, source_event_id, workflow_id, created_at, updated_at)
            SELECT gen_random_uuid(), $1, $4 || '-' || to_char(now() - (g || ' minutes')::interval, 'YYYYMMDD') || '-' || lpad(g::text, 6, '0'),
                   c.id, (ARRAY['pending','confirmed','cancelled','paid','shipped','needs_attention'])[1 + g % 6]::order_status,
                   0, 'bench-' || g, 'bench-' || g, now() - (g || ' minutes')::interval, now()
            FROM generate_series(1, $2) g JOIN c ON c.rn = 1 + (g * 7919) % $3
            RETURNING id, created_at)
     INSERT INTO order_items (id, tenant_id, order_id, product_id, product_code, product_name, unit_price, requested_quantity, allocated_quantity)
     SELECT gen_random_uuid(), $1, o.id, p.id, p.code, p.name, p.price, 2, 2
     FROM (SELECT id, row_number() OVER () AS rn FROM o) o JOIN p ON p.rn = 1 + (o.rn * 104729) % $5`,
    [t, n.orders, n.customers, prefix, n.products],
  );
  await sql.query(
    `UPDATE orders o SET total = i.unit_price * i.allocated_quantity FROM order_items i WHERE i.order_id = o.id AND o.tenant_id = $1`,
    [t],
  );
  await sql.query('ANALYZE');
  say(`seeded ${slug}: ${JSON.stringify(n)} in ${round((performance.now() - started) / 1000)} s`);
}

const small = { orders: Math.round(size.orders / 10), products: size.products, customers: size.customers };
await seedShop('big', 'BIGS', size);
await seedShop('small', 'SMAL', small);

const temporalServer = await startTemporalDevServer({ port: freePort, headless: true });
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const apiEnv = {
  NODE_ENV: 'development',
  LOG_LEVEL: 'warn',
  DATABASE_URL: databaseUrl,
  TEMPORAL_ADDRESS: temporalServer.address,
  SECRETS_KEY: randomBytes(32).toString('base64'),
  PORT: String(port),
  PUBLIC_BASE_URL: base,
};
let api = await startNodeProcess({
  name: 'api',
  script: join(root, 'api/main.ts'),
  env: apiEnv,
  ready: httpReady(`${base}/healthz`),
});

// The admin API is for signed-in members: time it as the shop's owner, with a real session.
const prisma = createDb(databaseUrl, { poolSize: 2 });
const owner = await signedInMember(
  prisma,
  authConfigOf(apiEnv),
  (await prisma.tenant.findUniqueOrThrow({ where: { slug: 'big' } })).id,
  {
    role: 'owner',
  },
);
const smallOwner = await signedInMember(
  prisma,
  authConfigOf(apiEnv),
  (await prisma.tenant.findUniqueOrThrow({ where: { slug: 'small' } })).id,
  {
    role: 'owner',
  },
);
const sessionFor = (path: string) => (path.startsWith('/api/t/small/') ? smallOwner : owner).headers;
const { get, measure: timed, downloadWithMemory } = httpTimer(base, sessionFor, say);
const measure = (name: string, path: () => string | Promise<string>) => timed(name, runs, path);

const deepCursor = await (async () => {
  let cursor: string | null = null;
  for (let page = 0; page < 20; page++) {
    const body = (await (await get(`/api/t/big/orders?limit=100${cursor ? `&cursor=${cursor}` : ''}`)).json()) as {
      nextCursor: string | null;
    };
    cursor = body.nextCursor;
  }
  return cursor!;
})();

const latency = {
  orderListFirstPage: await measure('order list, first page', () => '/api/t/big/orders?limit=50'),
  orderListPage21: await measure(
    'order list, page 21 (cursor)',
    () => `/api/t/big/orders?limit=50&cursor=${deepCursor}`,
  ),
  orderSearchNumber: await measure(
    'order search (number part)',
    () => `/api/t/big/orders?q=${String(10000 + Math.floor(Math.random() * 89999))}`,
  ),
  orderSearchName: await measure(
    'order search (customer name)',
    () => `/api/t/big/orders?q=${encodeURIComponent('顧客1234')}`,
  ),
  orderStatusFilter: await measure('orders, status filter', () => '/api/t/big/orders?status=paid'),
  customerList: await measure('customer list', () => '/api/t/big/customers?limit=50'),
  customerSearch: await measure(
    'customer search (name)',
    () => `/api/t/big/customers?q=${encodeURIComponent('顧客1234')}`,
  ),
  customerSearchOrderNo: await measure('customer search (order no.)', async () => {
    const { rows } = await sql.query<{ number: string }>(
      `SELECT number FROM orders WHERE tenant_id = (SELECT id FROM tenants WHERE slug='big') OFFSET floor(random()*1000) LIMIT 1`,
    );
    return `/api/t/big/customers?q=${rows[0]!.number}`;
  }),
  customerVipFilter: await measure('customers, VIP filter', () => '/api/t/big/customers?filter=vip&limit=50'),
  dashboard30Days: await measure('dashboard, 30 days', () => '/api/t/big/dashboard'),
};

// Exports run on a server whose JS heap is capped on purpose: an export that kept its rows
// (instead of streaming them) would run out of memory there. Latency above had no cap.
await api.stop();
api = await startNodeProcess({
  name: 'api (heap capped)',
  script: join(root, 'api/main.ts'),
  env: { ...apiEnv, NODE_OPTIONS: `--max-old-space-size=${HEAP_CAP_MB}` },
  ready: httpReady(`${base}/healthz`),
});

const exportWithMemory = (slug: string) =>
  downloadWithMemory(`CSV export of ${slug}`, `/api/t/${slug}/exports/orders.csv`, api.child.pid!);
await (await get('/api/t/small/exports/orders.csv')).arrayBuffer(); // warm-up: code paths, pools, JIT
const exportSmall = await exportWithMemory('small');
const exportBig = await exportWithMemory('big');
// Once more: memory the first export left behind (heap, Prisma's WASM) is reused, not added to,
// if the export streams in bounded memory.
const exportBigAgain = await exportWithMemory('big');

const result = {
  benchmark: 'admin',
  at: new Date().toISOString(),
  machine: { cpus: cpus().length, node: process.version },
  size,
  runsPerEndpoint: runs,
  latencyMs: latency,
  targets: { listAndSearchP95Ms: 100 },
  csvExport: {
    serverOldSpaceCapMb: HEAP_CAP_MB,
    tenthOfTheOrders: exportSmall,
    orders: exportBig,
    ordersAgain: exportBigAgain,
  },
};
const file = writeBenchResult('admin', result);
say(`written to ${file}`);

await prisma.$disconnect();
await api.stop();
await temporalServer.stop();
await sql.end();
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
await admin.end();
