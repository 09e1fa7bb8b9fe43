import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import pg from 'pg';
import { inject } from 'vitest';
import { createDb, type Db } from '../../db/client.ts';
import { createSecretBox, type SecretBox } from '../../db/secret-box.ts';
import { SANDBOX_STRIPE_SECRET_KEY, SANDBOX_STRIPE_WEBHOOK_SECRET } from '../../sandbox/stripe/app.ts';
import { freePort, httpReady, startNodeProcess, type ManagedProcess } from '../../scripts/process-group.ts';

const script = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));

export interface Stack {
  apiUrl: string;
  sandboxUrl: string;
  /** The Stripe sandbox (only with `startStack({ stripe: true })`). */
  stripeUrl: string | null;
  /** The sandbox over HTTPS, where a browser maps LINE's hosts for LIFF (chromiumLineHostArgs). */
  sandboxTlsPort: number;
  db: Db;
  temporal: Client;
  secrets: SecretBox;
  env: Record<string, string>;
  taskQueue: string;
  startWorker(): Promise<ManagedProcess>;
  worker(): ManagedProcess | null;
  /** SIGKILLs the API server (its inbox dispatcher too) and starts it again on the same port. */
  restartApi(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The product as separate processes, as in production: the LINE sandbox, the API server and
 * a Temporal worker (its own task queue, so test files running side by side never pick up
 * each other's workflows), on the run's real Temporal server and PostgreSQL database.
 */
export async function startStack(
  options: {
    withWorker?: boolean;
    /** Bill shops through the Stripe sandbox (a process of its own); `graceSeconds` shortens the grace period. */
    stripe?: boolean | { graceSeconds?: number };
  } = {},
): Promise<Stack> {
  const [apiPort, sandboxPort, sandboxTlsPort, stripePort] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  // Its own database, cloned from the migrated template: a stack's inbox dispatcher must
  // never claim events another test file's stack stored (they share nothing but Temporal).
  const databaseUrl = await cloneTemplateDatabase();
  const temporalAddress = inject('temporalAddress');
  const taskQueue = `orders-test-${randomBytes(4).toString('hex')}`;
  const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const secretsKey = randomBytes(32).toString('base64');
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: temporalAddress,
    TEMPORAL_TASK_QUEUE: taskQueue,
    WORKFLOW_BUNDLE_PATH: inject('workflowBundlePath'),
    SECRETS_KEY: secretsKey,
    LINE_API_BASE_URL: sandboxUrl,
    LINE_DATA_API_BASE_URL: sandboxUrl,
    LINE_LOGIN_BASE_URL: sandboxUrl,
    HOST: '127.0.0.1',
    PORT: String(apiPort),
    PUBLIC_BASE_URL: apiUrl,
    SANDBOX_LINE_PORT: String(sandboxPort),
    SANDBOX_LINE_TLS_PORT: String(sandboxTlsPort),
    SMTP_URL: inject('smtpUrl'),
  };
  const stripeUrl = options.stripe ? `http://127.0.0.1:${stripePort}` : null;
  if (options.stripe) {
    const grace = typeof options.stripe === 'object' ? options.stripe.graceSeconds : undefined;
    Object.assign(env, {
      STRIPE_SECRET_KEY: SANDBOX_STRIPE_SECRET_KEY,
      STRIPE_WEBHOOK_SECRET: SANDBOX_STRIPE_WEBHOOK_SECRET,
      STRIPE_API_BASE_URL: stripeUrl,
      SANDBOX_STRIPE_PORT: String(stripePort),
      SANDBOX_STRIPE_WEBHOOK_URL: `${apiUrl}/webhooks/stripe`,
      SANDBOX_STRIPE_WEBHOOK_RETRY_MS: '200',
      ...(grace ? { BILLING_GRACE_SECONDS: String(grace) } : {}),
    });
  }

  const processes: ManagedProcess[] = [];
  let worker: ManagedProcess | null = null;
  const startWorker = async () => {
    worker = await startNodeProcess({
      name: 'worker',
      script: script('temporal/worker.ts'),
      env,
      ready: (out) => out.includes('worker started'),
    });
    return worker;
  };

  const startApi = () =>
    startNodeProcess({ name: 'api', script: script('api/main.ts'), env, ready: httpReady(`${apiUrl}/healthz`) });
  const [sandbox, firstApi] = await Promise.all([
    startNodeProcess({ name: 'line-sandbox', script: script('sandbox/line/main.ts'), env, ready: httpReady(`${sandboxUrl}/`) }),
    startApi(),
  ]);
  let api = firstApi;
  processes.push(sandbox);
  if (stripeUrl) {
    processes.push(
      await startNodeProcess({ name: 'stripe-sandbox', script: script('sandbox/stripe/main.ts'), env, ready: httpReady(`${stripeUrl}/`) }),
    );
  }
  if (options.withWorker !== false) await startWorker();

  const db = createDb(databaseUrl, { poolSize: 5 });
  const connection = await Connection.connect({ address: temporalAddress });
  const temporal = new Client({ connection });

  return {
    apiUrl,
    sandboxUrl,
    stripeUrl,
    sandboxTlsPort,
    db,
    temporal,
    secrets: createSecretBox(secretsKey),
    env,
    taskQueue,
    startWorker,
    worker: () => worker,
    async restartApi() {
      await api.kill('SIGKILL');
      api = await startApi();
    },
    async stop() {
      await Promise.all([...processes, api, ...(worker ? [worker] : [])].map((p) => p.stop()));
      await db.$disconnect();
      await connection.close();
      await dropDatabase(databaseUrl);
    },
  };
}

const ADMIN_URL = process.env.TEST_POSTGRES_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

async function cloneTemplateDatabase(): Promise<string> {
  const name = `${inject('templateDatabaseName').replace(/_template$/, '')}_s_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        await admin.query(`CREATE DATABASE ${name} TEMPLATE ${inject('templateDatabaseName')}`);
        break;
      } catch (error) {
        // 55006: another stack is cloning the template this very moment.
        if ((error as { code?: string }).code !== '55006' || attempt === 10) throw error;
        await new Promise((r) => setTimeout(r, 200 * attempt));
      }
    }
  } finally {
    await admin.end();
  }
  return ADMIN_URL.replace(/\/[^/]*$/, `/${name}`);
}

async function dropDatabase(databaseUrl: string): Promise<void> {
  const name = new URL(databaseUrl).pathname.slice(1);
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

/** Polls until `check` returns a value that is not undefined/false, or fails with `what`. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Time for a wrongly started second workflow (or a second answer) to act before a test counts. */
export const settle = () => new Promise((r) => setTimeout(r, 1500));
