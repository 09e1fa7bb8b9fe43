import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { mapConcurrent, percentile, round } from '../bench/stats.ts';
import { createDb } from '../db/client.ts';
import { applyMigrations } from '../db/migrate.ts';
import { createSecretBox } from '../db/secret-box.ts';
import { startTemporalDevServer } from '../temporal/dev-server.ts';
import { freePort, httpReady, startNodeProcess } from './process-group.ts';

/**
 * `npm run bench:plusone [-- --customers 1000 --stock 300 --concurrency 200]`
 * A burst of "+1" webhooks from distinct customers against one product with limited stock,
 * through the real API server, worker, Temporal dev server and PostgreSQL, then the same
 * number of bare workflows (one no-op activity) on the same server for comparison.
 */
const { values: opts } = parseArgs({
  options: {
    customers: { type: 'string', default: '1000' },
    stock: { type: 'string', default: '300' },
    concurrency: { type: 'string', default: '200' },
  },
});
const customers = Number(opts.customers);
const stock = Number(opts.stock);
const concurrency = Number(opts.concurrency);
const root = fileURLToPath(new URL('..', import.meta.url));
const say = (line: string) => console.log(`[bench] ${line}`);

const adminUrl = 'postgresql://postgres@127.0.0.1:5432/postgres';
const dbName = `jiayi_bench_${randomBytes(3).toString('hex')}`;
const databaseUrl = adminUrl.replace(/\/[^/]*$/, `/${dbName}`);
const [temporalPort, apiPort, sandboxPort] = [await freePort(), await freePort(), await freePort()];
const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
const apiUrl = `http://127.0.0.1:${apiPort}`;
const secretsKey = randomBytes(32).toString('base64');

say(`database ${dbName}, Temporal on :${temporalPort}`);
await applyMigrations(databaseUrl);
const temporalServer = await startTemporalDevServer({ port: temporalPort, headless: true });
const env = {
  NODE_ENV: 'development',
  LOG_LEVEL: 'warn',
  DATABASE_URL: databaseUrl,
  TEMPORAL_ADDRESS: temporalServer.address,
  SECRETS_KEY: secretsKey,
  LINE_API_BASE_URL: sandboxUrl,
  LINE_DATA_API_BASE_URL: sandboxUrl,
  PORT: String(apiPort),
  SANDBOX_LINE_PORT: String(sandboxPort),
};
const processes = await Promise.all([
  startNodeProcess({ name: 'sandbox', script: join(root, 'sandbox/line/main.ts'), env, ready: httpReady(`${sandboxUrl}/`) }),
  startNodeProcess({ name: 'api', script: join(root, 'api/main.ts'), env, ready: httpReady(`${apiUrl}/healthz`) }),
  startNodeProcess({
    name: 'worker',
    script: join(root, 'temporal/worker.ts'),
    env,
    ready: (out) => out.includes('worker started'),
    timeoutMs: 120_000,
  }),
]);

const db = createDb(databaseUrl, { poolSize: 4 });
const box = createSecretBox(secretsKey);
const tenantId = uuidv7();
const channel = { channelId: '2000009999', channelSecret: randomBytes(16).toString('hex'), channelAccessToken: randomUUID() };
await db.tenant.create({
  data: {
    id: tenantId,
    slug: 'bench',
    name: '壓測商店',
    orderPrefix: 'BNCH',
    lineChannelId: channel.channelId,
    lineChannelSecretEnc: box.seal(channel.channelSecret),
    lineChannelTokenEnc: box.seal(channel.channelAccessToken),
  },
});
await db.product.create({
  data: { id: uuidv7(), tenantId, code: '261122001', name: '福袋', price: 999, stock },
});
const post = async (path: string, body: unknown) => {
  const response = await fetch(`${sandboxUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.json() as Promise<Record<string, unknown>>;
};
await post('/_sandbox/channels', { ...channel, botUserId: `U${randomBytes(16).toString('hex')}`, webhookUrl: `${apiUrl}/t/bench/webhook` });
const userIds = await mapConcurrent(Array.from({ length: customers }, (_, i) => i), 50, async (i) =>
  String((await post('/_sandbox/users', { displayName: `顧客${i + 1}` })).userId),
);

say(`burst: ${customers} × "+1" (≤${concurrency} in flight) against stock ${stock}`);
const burstStart = performance.now();
const latencies: number[] = [];
const statuses = new Map<number, number>();
await mapConcurrent(userIds, concurrency, async (userId) => {
  const started = performance.now();
  const delivery = await post(`/_sandbox/channels/${channel.channelId}/messages`, { userId, text: '+1' });
  latencies.push(performance.now() - started);
  statuses.set(Number(delivery.status), (statuses.get(Number(delivery.status)) ?? 0) + 1);
});
const burstMs = performance.now() - burstStart;

const answered = new Set<string>();
const deadline = Date.now() + 10 * 60_000;
while (answered.size < customers && Date.now() < deadline) {
  const response = await fetch(`${sandboxUrl}/_sandbox/channels/${channel.channelId}/sent`);
  const sent = (await response.json()) as { to: string }[] | { messages: { to: string }[] };
  for (const m of Array.isArray(sent) ? sent : sent.messages) answered.add(m.to);
  if (answered.size < customers) await new Promise((r) => setTimeout(r, 200));
}
const allAnsweredMs = performance.now() - burstStart;

const client = new pg.Client({ connectionString: databaseUrl });
await client.connect();
const { rows: [totals] } = await client.query<{ orders: number; allocated: number; stock: number; first: Date; last: Date }>(
  `SELECT (SELECT count(*)::int FROM orders) AS orders,
          (SELECT coalesce(sum(allocated_quantity),0)::int FROM order_items) AS allocated,
          (SELECT stock FROM products) AS stock,
          (SELECT min(created_at) FROM orders) AS first, (SELECT max(created_at) FROM orders) AS last`,
);
await client.end();
const soldOutAnswers = answered.size - Math.min(totals!.orders, answered.size);
const expectedOrders = Math.min(customers, stock);
const oversell = Math.max(0, totals!.allocated - stock) + (totals!.stock < 0 ? -totals!.stock : 0);
const lostOrders = customers - answered.size;

say('baseline: bare workflows (start, one no-op activity, complete) on the same server');
const baseline = await runBareWorkflows(temporalServer.address, customers, concurrency);

const ordersPerSecond = customers / (allAnsweredMs / 1000);
const result = {
  benchmark: 'plusone',
  at: new Date().toISOString(),
  machine: { cpus: (await import('node:os')).cpus().length, node: process.version },
  input: { customers, stock, concurrency },
  webhook: {
    statuses: Object.fromEntries(statuses),
    latencyMs: {
      p50: round(percentile(latencies, 50)),
      p95: round(percentile(latencies, 95)),
      p99: round(percentile(latencies, 99)),
      max: round(Math.max(...latencies)),
    },
    burstMs: round(burstMs),
  },
  orders: {
    created: totals!.orders,
    expected: expectedOrders,
    unitsAllocated: totals!.allocated,
    stockLeft: totals!.stock,
    soldOutAnswers,
    oversell,
    lostOrders,
    customersAnswered: answered.size,
    timeUntilEveryReplyMs: round(allAnsweredMs),
    commandsPerSecond: round(ordersPerSecond),
  },
  bareWorkflow: baseline,
  ratioToBareWorkflow: round(ordersPerSecond / baseline.workflowsPerSecond, 3),
};

mkdirSync(join(root, 'bench', 'results'), { recursive: true });
const file = join(root, 'bench', 'results', `plusone-${result.at.replace(/[:.]/g, '-')}.json`);
writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify(result, null, 2));
say(`written to ${file}`);

await db.$disconnect();
await Promise.all(processes.map((p) => p.stop()));
await temporalServer.stop();
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
await admin.end();
process.exit(oversell === 0 && lostOrders === 0 ? 0 : 1);

async function runBareWorkflows(address: string, count: number, inFlight: number) {
  const connection = await NativeConnection.connect({ address });
  const worker = await Worker.create({
    connection,
    taskQueue: 'bench-noop',
    workflowsPath: fileURLToPath(new URL('../bench/noop-workflow.ts', import.meta.url)),
    activities: { async noop() {} },
  });
  const running = worker.run();
  const clientConnection = await Connection.connect({ address });
  const temporal = new Client({ connection: clientConnection });
  const started = performance.now();
  await mapConcurrent(Array.from({ length: count }, (_, i) => i), inFlight, (i) =>
    temporal.workflow.execute('noopWorkflow', { taskQueue: 'bench-noop', workflowId: `noop-${i}-${randomUUID()}` }),
  );
  const elapsedMs = performance.now() - started;
  worker.shutdown();
  await running;
  await clientConnection.close();
  await connection.close();
  return { workflows: count, elapsedMs: round(elapsedMs), workflowsPerSecond: round(count / (elapsedMs / 1000)) };
}
