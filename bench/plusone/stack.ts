import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { mapConcurrent } from '../stats.ts';
import { createDb, type Db } from '../../db/client.ts';
import { applyMigrations } from '../../db/migrate.ts';
import { createSecretBox } from '../../db/secret-box.ts';
import { startTemporalDevServer, type DevServer } from '../../temporal/dev-server.ts';
import { freePort, httpReady, startNodeProcess, type ManagedProcess } from '../../scripts/process-group.ts';
import { startRoundRobinProxy } from './round-robin-proxy.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const ADMIN_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';

export interface BenchStack {
  databaseUrl: string;
  temporal: DevServer;
  apiUrl: string;
  secretsKey: string;
  /** SIGKILLs one process of a kind and starts it again (the chaos run). */
  kill(kind: 'api' | 'worker' | 'temporal', index?: number): Promise<void>;
  sandboxUrl: string;
  channelId: string;
  tenantId: string;
  db: Db;
  userIds: string[];
  /** Stops everything; answers what each API server measured of itself (server-probe.ts). */
  stop(): Promise<ServerProbe[]>;
}

export interface ServerProbe {
  webhookMs: number[];
  eventLoopDelayMs: { p50: number; p99: number; max: number } | null;
}

/**
 * The production shape on one machine: `servers` API servers behind a round-robin balancer
 * and `servers` workers, one Temporal dev server, one PostgreSQL database, the LINE sandbox;
 * a shop with one product of `stock` units and `customers` LINE users who are its friends.
 */
export async function startBenchStack(options: {
  servers: number;
  stock: number;
  customers: number;
  /** Temporal's state in this SQLite file, so it survives a restart of the dev server. */
  temporalDbFile?: string;
  productCode?: string;
}): Promise<BenchStack> {
  const dbName = `jiayi_bench_${randomBytes(3).toString('hex')}`;
  const databaseUrl = ADMIN_URL.replace(/\/[^/]*$/, `/${dbName}`);
  await applyMigrations(databaseUrl);
  const temporalPort = await freePort();
  const startTemporal = () =>
    startTemporalDevServer({
      port: temporalPort,
      headless: true,
      ...(options.temporalDbFile ? { dbFile: options.temporalDbFile } : {}),
    });
  let temporal = await startTemporal();
  const sandboxPort = await freePort();
  const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
  const secretsKey = randomBytes(32).toString('base64');
  const env = {
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: temporal.address,
    SECRETS_KEY: secretsKey,
    LINE_API_BASE_URL: sandboxUrl,
    LINE_DATA_API_BASE_URL: sandboxUrl,
    SANDBOX_LINE_PORT: String(sandboxPort),
  };
  const processes: ManagedProcess[] = [
    await startNodeProcess({
      name: 'sandbox',
      script: join(root, 'sandbox/line/main.ts'),
      // BENCH_SANDBOX_NODE_OPTIONS='--cpu-prof --cpu-prof-dir=/tmp/prof' profiles the LINE sandbox.
      env: {
        ...env,
        ...(process.env.BENCH_SANDBOX_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_SANDBOX_NODE_OPTIONS } : {}),
      },
      ready: httpReady(`${sandboxUrl}/`),
    }),
  ];
  // The API servers' own timing of the webhooks (server-probe.ts), written when they exit.
  const probeDir = mkdtempSync(join(tmpdir(), 'jiayi-bench-probe-'));
  const apiPorts = await Promise.all(Array.from({ length: options.servers }, () => freePort()));
  const apiUrls = apiPorts.map((port) => `http://127.0.0.1:${port}`);
  const startApi = (i: number) =>
    startNodeProcess({
      name: `api-${i + 1}`,
      script: join(root, 'api/main.ts'),
      // BENCH_API_NODE_OPTIONS='--cpu-prof --cpu-prof-dir=/tmp/prof' profiles the API servers.
      env: {
        ...env,
        PORT: String(apiPorts[i]),
        BENCH_PROBE_DIR: probeDir,
        NODE_OPTIONS: [
          `--import=${join(root, 'bench/plusone/server-probe.ts')}`,
          process.env.BENCH_API_NODE_OPTIONS ?? '',
        ]
          .join(' ')
          .trim(),
      },
      ready: httpReady(`${apiUrls[i]}/healthz`),
    });
  const startWorker = (i: number) =>
    startNodeProcess({
      name: `worker-${i + 1}`,
      script: join(root, 'temporal/worker.ts'),
      env,
      ready: (out) => out.includes('worker started'),
      timeoutMs: 120_000,
    });
  const apis = await Promise.all(apiPorts.map((_, i) => startApi(i)));
  const workers = await Promise.all(apiPorts.map((_, i) => startWorker(i)));
  const proxy = apiUrls.length > 1 ? await startRoundRobinProxy(apiUrls, await freePort()) : null;
  const apiUrl = proxy?.url ?? apiUrls[0]!;

  const db = createDb(databaseUrl, { poolSize: 4 });
  const box = createSecretBox(secretsKey);
  const tenantId = uuidv7();
  const channel = {
    channelId: '2000009999',
    channelSecret: randomBytes(16).toString('hex'),
    channelAccessToken: randomUUID(),
  };
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
    data: {
      id: uuidv7(),
      tenantId,
      code: options.productCode ?? '261122001',
      name: '福袋',
      price: 999,
      stock: options.stock,
    },
  });
  await sandboxPost(sandboxUrl, '/_sandbox/channels', {
    ...channel,
    botUserId: `U${randomBytes(16).toString('hex')}`,
    webhookUrl: `${apiUrl}/t/bench/webhook`,
  });
  const userIds = await mapConcurrent(
    Array.from({ length: options.customers }, (_, i) => i),
    50,
    async (i) => String((await sandboxPost(sandboxUrl, '/_sandbox/users', { displayName: `顧客${i + 1}` })).userId),
  );

  return {
    databaseUrl,
    get temporal() {
      return temporal;
    },
    apiUrl,
    secretsKey,
    async kill(kind, index = 0) {
      if (kind === 'temporal') {
        temporal.process.kill('SIGKILL');
        await new Promise((r) => setTimeout(r, 500));
        temporal = await startTemporal();
      } else if (kind === 'api') {
        await apis[index]!.kill('SIGKILL');
        apis[index] = await startApi(index);
      } else {
        await workers[index]!.kill('SIGKILL');
        workers[index] = await startWorker(index);
      }
    },
    sandboxUrl,
    channelId: channel.channelId,
    tenantId,
    db,
    userIds,
    async stop() {
      await db.$disconnect();
      await proxy?.close();
      await Promise.all([...processes, ...apis, ...workers].map((p) => p.stop()));
      await temporal.stop();
      const admin = new pg.Client({ connectionString: ADMIN_URL });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await admin.end();
      const probes = readdirSync(probeDir).map(
        (file) => JSON.parse(readFileSync(join(probeDir, file), 'utf8')) as ServerProbe,
      );
      rmSync(probeDir, { recursive: true, force: true });
      return probes;
    },
  };
}

/** Kept-alive sockets to the sandbox, as LINE's customers' phones keep theirs. */
const sandboxAgent = new http.Agent({ keepAlive: true, maxSockets: 512 });

/**
 * A POST to the sandbox's control API. node:http rather than fetch: the bench shares the
 * machine with what it measures, and a thousand fetches in a second cost more CPU than the
 * API server's handling of the webhooks they cause.
 */
export function sandboxPost(sandboxUrl: string, path: string, body: unknown): Promise<Record<string, unknown>> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const request = http.request(
      `${sandboxUrl}${path}`,
      {
        method: 'POST',
        agent: sandboxAgent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const status = response.statusCode ?? 0;
          if (status < 200 || status >= 300) reject(new Error(`${path}: ${status} ${text}`));
          else resolve(JSON.parse(text) as Record<string, unknown>);
        });
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}
