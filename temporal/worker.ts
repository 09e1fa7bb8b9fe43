import { DefaultLogger, NativeConnection, Worker, bundleWorkflowCode } from '@temporalio/worker';
import { fileURLToPath } from 'node:url';
import { createActivities } from '../activities/index.ts';
import { loadEnv, type Env } from '../config/env.ts';
import { createLogger } from '../config/logger.ts';
import { createDb } from '../db/client.ts';
import { createSecretBox } from '../db/secret-box.ts';
import { createFileStorage } from '../storage/from-env.ts';
import { createTemporalClient } from './connection.ts';
import { ensureMemberUpkeepSchedule } from './member-schedule.ts';
import { ensureCustomerRetentionSchedule } from './retention-schedule.ts';

/** webpack's module-by-module report is noise in test and start output; warnings still show. */
const quietBundlerLogger = new DefaultLogger('WARN');

export const WORKFLOWS_PATH = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

/** Bundles the workflow code once (webpack); the worker loads this instead of bundling on start. */
export async function bundleWorkflows() {
  return bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quietBundlerLogger });
}

export async function createOrderWorker(env: Env) {
  const log = createLogger('worker', env.LOG_LEVEL);
  const db = createDb(env.DATABASE_URL, { poolSize: 20 });
  const connection = await NativeConnection.connect({ address: env.TEMPORAL_ADDRESS });
  const workflowSource = env.WORKFLOW_BUNDLE_PATH
    ? { workflowBundle: { codePath: env.WORKFLOW_BUNDLE_PATH } }
    : { workflowsPath: WORKFLOWS_PATH };
  const worker = await Worker.create({
    connection,
    namespace: env.TEMPORAL_NAMESPACE,
    taskQueue: env.TEMPORAL_TASK_QUEUE,
    ...workflowSource,
    activities: createActivities({
      db,
      secrets: createSecretBox(env.SECRETS_KEY),
      line: { apiBaseUrl: env.LINE_API_BASE_URL, dataApiBaseUrl: env.LINE_DATA_API_BASE_URL },
      log,
      storage: createFileStorage(env),
      mail: { smtpUrl: env.SMTP_URL, from: env.MAIL_FROM },
      publicBaseUrl: env.PUBLIC_BASE_URL,
      ...(env.STRIPE_SECRET_KEY ? { stripe: { secretKey: env.STRIPE_SECRET_KEY, apiBaseUrl: env.STRIPE_API_BASE_URL } } : {}),
      ubereats: { apiBaseUrl: env.UBEREATS_API_BASE_URL, authBaseUrl: env.UBEREATS_AUTH_BASE_URL },
      ecpay: { baseUrl: env.ECPAY_EINVOICE_BASE_URL },
      lalamove: {
        apiBaseUrl: env.LALAMOVE_API_BASE_URL,
        timeoutMs: env.LALAMOVE_TIMEOUT_MS,
        reconcileMs: env.DELIVERY_RECONCILE_SECONDS * 1000,
      },
    }),
    maxConcurrentActivityTaskExecutions: 50,
  });
  return {
    worker,
    async close() {
      await db.$disconnect();
      await connection.close();
    },
  };
}

// `node temporal/worker.ts` runs a worker until SIGINT/SIGTERM.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const env = loadEnv();
  const { worker, close } = await createOrderWorker(env);
  const client = await createTemporalClient(env);
  await ensureMemberUpkeepSchedule(client, env.TEMPORAL_TASK_QUEUE);
  await ensureCustomerRetentionSchedule(client, env.TEMPORAL_TASK_QUEUE);
  await client.connection.close();
  // Always printed (whatever LOG_LEVEL says): scripts/start.ts and the tests wait for it.
  console.log(`worker started on task queue ${env.TEMPORAL_TASK_QUEUE}`);
  await worker.run();
  await close();
}
