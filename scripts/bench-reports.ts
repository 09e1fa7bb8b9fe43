import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { httpTimer } from '../bench/http-timing.ts';
import { round } from '../bench/stats.ts';
import { createDb } from '../db/client.ts';
import { applyMigrations } from '../db/migrate.ts';
import { lastTaipeiDays, MAX_REPORT_DAYS } from '../domain/insights/day-series.ts';
import { dayKeyToIsoDate } from '../domain/insights/report-range.ts';
import { authConfigOf, signedInMember } from '../test/support/auth.ts';
import { startTemporalDevServer } from '../temporal/dev-server.ts';
import { freePort, httpReady, startNodeProcess } from './process-group.ts';
import { writeBenchResult } from '../bench/results-file.ts';

/**
 * `npm run bench:reports [-- --orders 1000000 --runs 50]`
 * A restaurant with three branches and a million orders over two years (1.5 items each, a third
 * with an option), bulk-loaded without triggers and its rollups built once with report_rebuild();
 * then every report timed over real HTTP for ranges of 1 day to two years placed at random,
 * each CSV streamed from a server with a 128 MB heap while its memory is sampled, and the cost
 * the rollup triggers add to writing an order.
 */
const { values: opts } = parseArgs({
  options: { orders: { type: 'string', default: '1000000' }, runs: { type: 'string', default: '50' } },
});
const ORDERS = Number(opts.orders);
const runs = Number(opts.runs);
const DAYS = MAX_REPORT_DAYS - 1;
// The server needs ~100 MB of heap to start; a CSV that kept its rows would need far more.
const HEAP_CAP_MB = 128;
const TARGET_P95_MS = 200;
const root = fileURLToPath(new URL('..', import.meta.url));
const say = (line: string) => console.log(`[bench:reports] ${line}`);

const adminUrl = 'postgresql://postgres@127.0.0.1:5432/postgres';
const dbName = `jiayi_bench_reports_${randomBytes(3).toString('hex')}`;
const databaseUrl = adminUrl.replace(/\/[^/]*$/, `/${dbName}`);
await applyMigrations(databaseUrl);
const sql = new pg.Client({ connectionString: databaseUrl });
await sql.connect();

const seedStarted = performance.now();
// Stable IDs to join on, shaped as version 4 UUIDs (the API accepts no other shape).
await sql.query(`CREATE FUNCTION bench_uuid(seed TEXT) RETURNS UUID LANGUAGE sql IMMUTABLE AS
  $$ SELECT overlay(overlay(md5(seed) PLACING '4' FROM 13) PLACING '8' FROM 17)::uuid $$`);
const tenantId = (
  await sql.query<{ id: string }>(
    `INSERT INTO tenants (id, slug, name, order_prefix, kind, updated_at)
   VALUES (gen_random_uuid(), 'bench', '報表測速餐廳', 'BNCH', 'restaurant', now()) RETURNING id`,
  )
).rows[0]!.id;
const branchIds = (
  await sql.query<{ id: string }>(
    `INSERT INTO branches (id, tenant_id, name, address, phone, updated_at)
     SELECT gen_random_uuid(), $1, n, '台北市', '0223456789', now() FROM unnest(ARRAY['信義店','大安店','板橋店']) n RETURNING id`,
    [tenantId],
  )
).rows.map((r) => r.id);
await sql.query(
  `INSERT INTO products (id, tenant_id, code, name, price, stock, created_at, updated_at)
   SELECT bench_uuid('p' || k), $1, lpad(k::text, 9, '0'), '餐點 ' || k, 60 + k * 5, -1, now(), now() FROM generate_series(1, 40) k`,
  [tenantId],
);
await sql.query(
  `INSERT INTO customers (id, tenant_id, line_user_id, display_name, created_at, updated_at)
   SELECT bench_uuid('c' || k), $1, 'U' || md5(k::text), '顧客' || k, now(), now() FROM generate_series(1, 5000) k`,
  [tenantId],
);
// Bulk load without triggers (session_replication_role), then one set-based rebuild, as a
// migration of an existing shop would; the triggers' own cost is measured separately below.
const price = (k: string) => `(60 + (${k}) * 5)`;
const k1 = '(1 + g % 40)';
const k2 = '(1 + (g * 7) % 40)';
const orderSql = (triggers: boolean, from: number, count: number) => `
  ${triggers ? '' : 'SET LOCAL session_replication_role = replica;'}
  INSERT INTO orders (id, tenant_id, number, customer_id, status, total, delivery_fee, branch_id, pickup_method, pickup_number,
                      source_event_id, workflow_id, created_at, updated_at)
  SELECT bench_uuid('o' || g), '${tenantId}', 'BNCH-' || g, bench_uuid('c' || (1 + g % 5000)),
         (CASE WHEN g % 20 = 0 THEN 'cancelled' WHEN g % 20 = 1 THEN 'rejected' WHEN g % 50 = 2 THEN 'pending' ELSE 'completed' END)::order_status,
         (${price(k1)} + CASE WHEN g % 3 = 0 THEN 10 ELSE 0 END) * (1 + g % 3) + CASE WHEN g % 2 = 0 THEN ${price(k2)} ELSE 0 END
           + CASE WHEN (g / 3) % 3 = 1 THEN 50 ELSE 0 END,
         CASE WHEN (g / 3) % 3 = 1 THEN 50 ELSE 0 END,
         (ARRAY['${branchIds.join("','")}']::uuid[])[1 + g % 3],
         (ARRAY['pickup','delivery','dine_in'])[1 + (g / 3) % 3]::pickup_method, lpad((g % 300)::text, 3, '0'),
         'bench-' || g, 'bench-' || g,
         now() - interval '${DAYS} days' + (g::float8 / ${ORDERS}) * interval '${DAYS} days', now()
  FROM generate_series(${from}, ${from + count - 1}) g;
  INSERT INTO order_items (id, tenant_id, order_id, product_id, product_code, product_name, unit_price, requested_quantity,
                           allocated_quantity, choices)
  SELECT gen_random_uuid(), '${tenantId}', bench_uuid('o' || g), bench_uuid('p' || k), lpad(k::text, 9, '0'), '餐點 ' || k,
         ${price('k')} + CASE WHEN line = 1 AND g % 3 = 0 THEN 10 ELSE 0 END, CASE WHEN line = 1 THEN 1 + g % 3 ELSE 1 END,
         CASE WHEN line = 1 THEN 1 + g % 3 ELSE 1 END,
         CASE WHEN line = 1 AND g % 3 = 0
           THEN '[{"groupId":"size","choiceId":"big","groupName":"大小","name":"大份","priceDelta":10}]'::jsonb END
  FROM generate_series(${from}, ${from + count - 1}) g
  CROSS JOIN LATERAL (SELECT 1 AS line, ${k1} AS k UNION ALL SELECT 2, ${k2} WHERE g % 2 = 0) l;`;
const BATCH = 100_000;
for (let from = 1; from <= ORDERS; from += BATCH) {
  await sql.query(`BEGIN; ${orderSql(false, from, Math.min(BATCH, ORDERS - from + 1))} COMMIT;`);
  say(`loaded ${Math.min(ORDERS, from + BATCH - 1)} orders`);
}
// Half the cancelled orders had been paid: refunds.
await sql.query(
  `INSERT INTO order_events (id, tenant_id, order_id, type, from_status, to_status, actor, created_at)
   SELECT gen_random_uuid(), $1, bench_uuid('o' || g), 'status_changed', 'confirmed', 'paid', 'system', now()
   FROM generate_series(40, $2, 40) g`,
  [tenantId, ORDERS],
);
await sql.query('ANALYZE');
const rebuildStarted = performance.now();
await sql.query('SELECT report_rebuild($1)', [tenantId]);
const rebuildSeconds = round((performance.now() - rebuildStarted) / 1000);
await sql.query('ANALYZE');
const seedSeconds = round((performance.now() - seedStarted) / 1000);
say(`seeded ${ORDERS} orders in ${seedSeconds} s (rollups rebuilt in ${rebuildSeconds} s)`);

/** What the rollups add to writing orders: the same 2,000 orders written with and without triggers, rolled back. */
async function writeCost(triggers: boolean): Promise<number> {
  const started = performance.now();
  await sql.query(`BEGIN; ${orderSql(triggers, ORDERS + 1, 2000)} ROLLBACK;`);
  return (performance.now() - started) / 2000;
}
await writeCost(true);
const writeMsPerOrder = {
  withoutTriggers: round(await writeCost(false), 3),
  withTriggers: round(await writeCost(true), 3),
};
say(`write cost per order: ${JSON.stringify(writeMsPerOrder)}`);

const rollupsMatch = (
  await sql.query<{ same: boolean }>(
    `SELECT (SELECT (count(*), sum(total)) FROM orders WHERE tenant_id = $1)
          = (SELECT (sum(orders), sum(amount)) FROM report_daily_sales WHERE tenant_id = $1)
       AND (SELECT (count(*), sum(total)) FROM orders WHERE tenant_id = $1)
          = (SELECT (sum(orders), sum(amount)) FROM report_monthly_sales WHERE tenant_id = $1)
       AND (SELECT (sum(quantity), sum(amount)) FROM report_daily_items WHERE tenant_id = $1)
          = (SELECT (sum(quantity), sum(amount)) FROM report_monthly_items WHERE tenant_id = $1) AS same`,
    [tenantId],
  )
).rows[0]!.same;

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
const startApi = (heapCapped: boolean) =>
  startNodeProcess({
    name: heapCapped ? 'api (heap capped)' : 'api',
    script: join(root, 'api/main.ts'),
    env: heapCapped ? { ...apiEnv, NODE_OPTIONS: `--max-old-space-size=${HEAP_CAP_MB}` } : apiEnv,
    ready: httpReady(`${base}/healthz`),
  });
let api = await startApi(false);
const prisma = createDb(databaseUrl, { poolSize: 2 });
const owner = await signedInMember(prisma, authConfigOf(apiEnv), tenantId, { role: 'owner' });
const { get, measure, downloadWithMemory } = httpTimer(base, () => owner.headers, say);

/** A range of `days` Taipei days placed at random within the two years, as a query. */
const today = lastTaipeiDays(new Date(), 1).to;
function randomRange(days: number): string {
  const back = Math.floor(Math.random() * (DAYS - days + 1));
  const end = lastTaipeiDays(new Date(Date.now() - back * 86_400_000), days);
  return `from=${dayKeyToIsoDate(end.from)}&to=${dayKeyToIsoDate(end.to)}`;
}
const all = () => {
  const r = lastTaipeiDays(new Date(), MAX_REPORT_DAYS);
  return `from=${dayKeyToIsoDate(r.from)}&to=${dayKeyToIsoDate(r.to)}`;
};
const report =
  (path: string, days: number, extra = '') =>
  () =>
    `/api/t/bench/reports/${path}?${randomRange(days)}${extra}`;
const deepCursor = await (async () => {
  let cursor: string | null = null;
  for (let page = 0; page < 20; page++) {
    const response = await get(`/api/t/bench/reports/transactions?${all()}${cursor ? `&cursor=${cursor}` : ''}`);
    if (!response.ok) throw new Error(`交易明細 page ${page + 1}: HTTP ${response.status} ${await response.text()}`);
    cursor = ((await response.json()) as { next: string | null }).next;
  }
  return cursor!;
})();
const filters = `&branch=${branchIds[1]}&pickup=delivery&status=completed`;

const latencyMs = {
  daily1Day: await measure('日營收總覽, 1 day', runs, report('daily', 1)),
  daily31Days: await measure('日營收總覽, 31 days', runs, report('daily', 31)),
  daily365Days: await measure('日營收總覽, 365 days', runs, report('daily', 365)),
  daily731Days: await measure('日營收總覽, 731 days', runs, report('daily', MAX_REPORT_DAYS)),
  dailyFiltered731Days: await measure(
    '日營收總覽, 731 days, branch+filters',
    runs,
    report('daily', MAX_REPORT_DAYS, filters),
  ),
  products31Days: await measure('產品銷售統計, 31 days', runs, report('products', 31)),
  products731Days: await measure('產品銷售統計, 731 days', runs, report('products', MAX_REPORT_DAYS)),
  productsOneBranch731Days: await measure(
    '分店產品銷售統計, 731 days, 1 branch',
    runs,
    report('products', MAX_REPORT_DAYS, `&branch=${branchIds[0]}`),
  ),
  transactions1Day: await measure('交易明細, 1 day', runs, report('transactions', 1)),
  transactions731Days: await measure('交易明細, 731 days', runs, report('transactions', MAX_REPORT_DAYS)),
  transactionsFiltered731Days: await measure(
    '交易明細, 731 days, branch+filters',
    runs,
    report('transactions', MAX_REPORT_DAYS, filters),
  ),
  transactionsRefunds731Days: await measure(
    '交易明細, 731 days, cancelled only',
    runs,
    report('transactions', MAX_REPORT_DAYS, '&status=cancelled'),
  ),
  transactionsPage21: await measure(
    '交易明細, page 21 (cursor)',
    runs,
    () => `/api/t/bench/reports/transactions?${all()}&cursor=${deepCursor}`,
  ),
};
const loadWhileTimed = loadavg().map((l) => round(l, 2));
const slowest = Math.max(...Object.values(latencyMs).map((f) => f.p95));

// CSVs from a server whose JS heap is capped: one that kept its rows would run out of memory.
await api.stop();
api = await startApi(true);
const csv = (name: string, path: string) => downloadWithMemory(name, path, api.child.pid!);
await (await get(`/api/t/bench/reports/daily.csv?${randomRange(7)}`)).arrayBuffer(); // warm-up
const tenth = lastTaipeiDays(new Date(), Math.round(MAX_REPORT_DAYS / 10));
const csvExports = {
  transactionsTenthOfTheRange: await csv(
    '交易明細 CSV, 73 days',
    `/api/t/bench/reports/transactions.csv?from=${dayKeyToIsoDate(tenth.from)}&to=${dayKeyToIsoDate(tenth.to)}`,
  ),
  transactionsHalfTheRange: await csv(
    '交易明細 CSV, 365 days',
    `/api/t/bench/reports/transactions.csv?${randomRange(365)}`,
  ),
  daily: await csv('日營收總覽 CSV, 731 days', `/api/t/bench/reports/daily.csv?${all()}`),
  products: await csv('產品銷售統計 CSV, 731 days', `/api/t/bench/reports/products.csv?${all()}`),
};

const result = {
  benchmark: 'reports',
  at: new Date().toISOString(),
  today,
  // Other work on the machine slows every figure: its load while the reports were timed.
  machine: { cpus: cpus().length, node: process.version, loadAverage: loadWhileTimed },
  size: { orders: ORDERS, days: MAX_REPORT_DAYS, branches: 3, products: 40, itemsPerOrder: 1.5 },
  approach:
    'day rollups (report_daily_sales/items/choices) kept by row triggers on orders and order_items in the same transaction, and month rollups (report_monthly_sales/items/choices) plus per-day totals (report_daily_totals) kept by triggers on the day rollups; a range sums whole months from the month rollups and only its edge days from the day rollups; 交易明細 pages by keyset on the orders index (tenant_id, created_at), its totals from the rollups; its CSV streams one Taipei day at a time (keyset batches of 5,000 within a day)',
  seed: { seconds: seedSeconds, rollupRebuildSeconds: rebuildSeconds, rollupsMatchOrders: rollupsMatch },
  writeMsPerOrder,
  runsPerReport: runs,
  latencyMs,
  targets: { reportP95Ms: TARGET_P95_MS, slowestP95Ms: slowest, met: slowest < TARGET_P95_MS },
  csvExport: { serverOldSpaceCapMb: HEAP_CAP_MB, ...csvExports },
};
const file = writeBenchResult('reports', result);
say(`written to ${file}`);

await prisma.$disconnect();
await api.stop();
await temporalServer.stop();
await sql.end();
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
await admin.end();
