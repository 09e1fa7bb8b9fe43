import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { SANDBOX_STRIPE_SECRET_KEY, SANDBOX_STRIPE_WEBHOOK_SECRET } from '../../sandbox/stripe/app.ts';
import { freePort, httpReady, startNodeProcess, type ManagedProcess } from '../../scripts/process-group.ts';

const script = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));
const ADMIN_URL = process.env.TEST_POSTGRES_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

/** What the run's global setup made, which every stack runs on. */
export interface RunServices {
  temporalAddress: string;
  workflowBundlePath: string;
  templateDatabaseName: string;
  smtpUrl: string;
}

/** Where a running stack answers: plain data, so it can cross from one process to another. */
export interface StackAddress {
  apiUrl: string;
  sandboxUrl: string;
  /** The Stripe sandbox, when the stack was asked for one. */
  stripeUrl: string | null;
  /** The Uber Eats sandbox, when the stack was asked for one. */
  ubereatsUrl?: string | null;
  /** The ECPay e-invoice sandbox, when the stack was asked for one. */
  ecpayUrl?: string | null;
  /** The Lalamove sandbox, when the stack was asked for one. */
  lalamoveUrl?: string | null;
  sandboxTlsPort: number;
  databaseUrl: string;
  secretsKey: string;
  env: Record<string, string>;
  taskQueue: string;
}

export interface StackProcesses extends StackAddress {
  startWorker(): Promise<ManagedProcess>;
  worker(): ManagedProcess | null;
  /** SIGKILLs the API server (its inbox dispatcher too) and starts it again on the same port. */
  restartApi(): Promise<void>;
  /** True while the API and the sandbox answer and the worker (if any) is alive. */
  healthy(): Promise<boolean>;
  stop(): Promise<void>;
}

/**
 * The product as separate processes, as in production: the LINE sandbox, the API server and
 * a Temporal worker (its own task queue, so stacks running side by side never pick up each
 * other's workflows), on the run's Temporal server and a database cloned from the template.
 */
export async function launchStack(
  run: RunServices,
  options: {
    withWorker?: boolean;
    sandboxTlsPort?: number;
    /** Bill shops through the Stripe sandbox (a process of its own); `graceSeconds` shortens the grace period. */
    stripe?: boolean | { graceSeconds?: number };
    /** Orders from the Uber Eats sandbox (a process of its own); `denyAfterSeconds` shortens the wait to deny. */
    ubereats?: boolean | { denyAfterSeconds?: number };
    /** E-invoices through the ECPay sandbox (a process of its own). */
    ecpay?: boolean;
    /** Riders from the Lalamove sandbox (a process of its own); short timeouts and reconcile windows for tests. */
    lalamove?: boolean | { timeoutMs?: number; reconcileSeconds?: number };
  } = {},
): Promise<StackProcesses> {
  const [apiPort, sandboxPort, sandboxTlsPort, stripePort, ubereatsPort, ecpayPort, lalamovePort] = await Promise.all([
    freePort(),
    freePort(),
    options.sandboxTlsPort ?? freePort(),
    freePort(),
    freePort(),
    freePort(),
    freePort(),
  ]);
  // Its own database: a stack's inbox dispatcher must never claim events another stack stored.
  const databaseUrl = await cloneTemplateDatabase(run.templateDatabaseName);
  const taskQueue = `orders-test-${randomBytes(4).toString('hex')}`;
  const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const secretsKey = randomBytes(32).toString('base64');
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: run.temporalAddress,
    TEMPORAL_TASK_QUEUE: taskQueue,
    WORKFLOW_BUNDLE_PATH: run.workflowBundlePath,
    SECRETS_KEY: secretsKey,
    LINE_API_BASE_URL: sandboxUrl,
    LINE_DATA_API_BASE_URL: sandboxUrl,
    LINE_LOGIN_BASE_URL: sandboxUrl,
    HOST: '127.0.0.1',
    PORT: String(apiPort),
    PUBLIC_BASE_URL: apiUrl,
    SANDBOX_LINE_PORT: String(sandboxPort),
    SANDBOX_LINE_TLS_PORT: String(sandboxTlsPort),
    SMTP_URL: run.smtpUrl,
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

  const lalamoveUrl = options.lalamove ? `http://127.0.0.1:${lalamovePort}` : null;
  if (lalamoveUrl) {
    const tuning = typeof options.lalamove === 'object' ? options.lalamove : {};
    Object.assign(env, {
      LALAMOVE_API_BASE_URL: lalamoveUrl,
      SANDBOX_LALAMOVE_PORT: String(lalamovePort),
      ...(tuning.timeoutMs ? { LALAMOVE_TIMEOUT_MS: String(tuning.timeoutMs) } : {}),
      ...(tuning.reconcileSeconds ? { DELIVERY_RECONCILE_SECONDS: String(tuning.reconcileSeconds) } : {}),
    });
  }

  const ubereatsUrl = options.ubereats ? `http://127.0.0.1:${ubereatsPort}` : null;
  if (ubereatsUrl) {
    const deny = typeof options.ubereats === 'object' ? options.ubereats.denyAfterSeconds : undefined;
    Object.assign(env, {
      UBEREATS_API_BASE_URL: ubereatsUrl,
      UBEREATS_AUTH_BASE_URL: ubereatsUrl,
      SANDBOX_UBEREATS_PORT: String(ubereatsPort),
      UBEREATS_PICKUP_POLL_SECONDS: '1',
      ...(deny ? { UBEREATS_DENY_AFTER_SECONDS: String(deny) } : {}),
    });
  }

  const ecpayUrl = options.ecpay ? `http://127.0.0.1:${ecpayPort}` : null;
  if (ecpayUrl) Object.assign(env, { ECPAY_EINVOICE_BASE_URL: ecpayUrl, SANDBOX_ECPAY_PORT: String(ecpayPort) });

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
  // Every process at once: none needs another to start, and each spends its start loading modules.
  const sandboxProcess = (name: string, url: string | null, ready?: (out: string) => boolean) =>
    url
      ? startNodeProcess({ name: `${name}-sandbox`, script: script(`sandbox/${name}/main.ts`), env, ready: ready ?? httpReady(`${url}/`) })
      : null;
  const started = await Promise.allSettled([
    sandboxProcess('line', sandboxUrl)!,
    startApi(),
    sandboxProcess('stripe', stripeUrl),
    sandboxProcess('ubereats', ubereatsUrl),
    sandboxProcess('ecpay', ecpayUrl, (out) => out.includes('listening')),
    sandboxProcess('lalamove', lalamoveUrl),
    options.withWorker !== false ? startWorker() : null,
  ]);
  const failed = started.find((s) => s.status === 'rejected');
  if (failed) {
    await Promise.all(started.map((s) => (s.status === 'fulfilled' ? s.value?.stop() : undefined)));
    await dropDatabase(databaseUrl);
    throw failed.reason;
  }
  const value = (i: number) => (started[i] as PromiseFulfilledResult<ManagedProcess | null>).value;
  const [sandbox, stripe, ubereats, ecpay, lalamove] = [value(0)!, value(2), value(3), value(4), value(5)];
  let api = value(1)!;
  const alive = (p: ManagedProcess | null) => p !== null && p.child.exitCode === null && p.child.signalCode === null;

  return {
    apiUrl,
    sandboxUrl,
    stripeUrl,
    ubereatsUrl,
    ecpayUrl,
    lalamoveUrl,
    sandboxTlsPort,
    databaseUrl,
    secretsKey,
    env,
    taskQueue,
    startWorker,
    worker: () => worker,
    async restartApi() {
      await api.kill('SIGKILL');
      api = await startApi();
    },
    async healthy() {
      if (!alive(api) || !alive(sandbox) || (options.withWorker !== false && !alive(worker))) return false;
      return (await httpReady(`${apiUrl}/healthz`)()) && (await httpReady(`${sandboxUrl}/`)());
    },
    async stop() {
      await Promise.all([sandbox, api, stripe, ubereats, ecpay, lalamove, worker].map((p) => p?.stop()));
      await dropDatabase(databaseUrl);
    },
  };
}

/** A new database with every migration, copied from the run's migrated template (fast). */
export async function cloneTemplateDatabase(templateDatabaseName: string, name?: string): Promise<string> {
  const target = name ?? `${templateDatabaseName.replace(/_template$/, '')}_s_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(target)} TEMPLATE ${pg.escapeIdentifier(templateDatabaseName)}`);
        break;
      } catch (error) {
        // 55006: another clone of the template is being made this very moment.
        if ((error as { code?: string }).code !== '55006' || attempt === 20) throw error;
        await new Promise((r) => setTimeout(r, 100 * attempt));
      }
    }
  } finally {
    await admin.end();
  }
  return ADMIN_URL.replace(/\/[^/]*$/, `/${target}`);
}

export async function dropDatabase(databaseUrl: string): Promise<void> {
  const name = new URL(databaseUrl).pathname.slice(1);
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
