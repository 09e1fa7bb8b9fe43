import { Client, Connection } from '@temporalio/client';
import { inject } from 'vitest';
import { createDb, type Db } from '../../db/client.ts';
import { createSecretBox, type SecretBox } from '../../db/secret-box.ts';
import type { ManagedProcess } from '../../scripts/process-group.ts';
import { askBroker } from './stack-broker.ts';
import { launchStack, type StackAddress } from './stack-processes.ts';

export interface Stack {
  apiUrl: string;
  sandboxUrl: string;
  /** The Stripe sandbox (only with `startStack({ stripe: true })`). */
  stripeUrl: string | null;
  /** The Uber Eats sandbox (only with `startStack({ ubereats: true })`). */
  ubereatsUrl: string | null;
  /** The ECPay e-invoice sandbox (only with `startStack({ ecpay: true })`). */
  ecpayUrl: string | null;
  /** The Lalamove sandbox (only with `startStack({ lalamove: true })`). */
  lalamoveUrl: string | null;
  /** The sandbox over HTTPS, where a browser maps LINE's hosts for LIFF (chromiumLineHostArgs). */
  sandboxTlsPort: number;
  db: Db;
  temporal: Client;
  secrets: SecretBox;
  env: Record<string, string>;
  taskQueue: string;
  /** Only on a stack of the file's own (`own: true`): the shared one is not this file's to break. */
  startWorker(): Promise<ManagedProcess>;
  worker(): ManagedProcess | null;
  /** SIGKILLs the API server (its inbox dispatcher too) and starts it again on the same port. */
  restartApi(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The product as separate processes, as in production (test/support/stack-processes.ts): the
 * LINE sandbox, the API server and a Temporal worker on the run's Temporal server and a database
 * of their own. By default the worker slot's shared stack (test/support/stack-broker.ts): the
 * files of a slot take turns on it, each with tenants and LINE users of its own. `own: true`
 * (or no worker, or the Stripe sandbox) starts one for this file alone, for tests that kill or
 * restart its processes or configure it.
 */
export async function startStack(
  options: {
    withWorker?: boolean;
    own?: boolean;
    stripe?: boolean | { graceSeconds?: number };
    ubereats?: boolean | { denyAfterSeconds?: number };
    ecpay?: boolean;
    lalamove?: boolean | { timeoutMs?: number; reconcileSeconds?: number };
  } = {},
): Promise<Stack> {
  if (options.own || options.withWorker === false || options.stripe || options.ubereats || options.ecpay || options.lalamove) {
    const processes = await launchStack(
      {
        temporalAddress: inject('temporalAddress'),
        workflowBundlePath: inject('workflowBundlePath'),
        templateDatabaseName: inject('templateDatabaseName'),
        smtpUrl: inject('smtpUrl'),
      },
      options,
    );
    return connect(processes, {
      startWorker: processes.startWorker,
      worker: processes.worker,
      restartApi: processes.restartApi,
      stop: processes.stop,
    });
  }
  const address = await askBroker<StackAddress>(inject('stackBrokerUrl'), 'stacks');
  const notShared = () => {
    throw new Error('the shared stack cannot be restarted: use startStack({ own: true })');
  };
  return connect(address, { startWorker: notShared, worker: notShared, restartApi: notShared, stop: async () => {} });
}

async function connect(
  address: StackAddress,
  processes: Pick<Stack, 'startWorker' | 'worker' | 'restartApi' | 'stop'>,
): Promise<Stack> {
  const db = createDb(address.databaseUrl, { poolSize: 5 });
  const connection = await Connection.connect({ address: address.env.TEMPORAL_ADDRESS! });
  return {
    apiUrl: address.apiUrl,
    sandboxUrl: address.sandboxUrl,
    stripeUrl: address.stripeUrl,
    ubereatsUrl: address.ubereatsUrl ?? null,
    ecpayUrl: address.ecpayUrl ?? null,
    lalamoveUrl: address.lalamoveUrl ?? null,
    sandboxTlsPort: address.sandboxTlsPort,
    db,
    temporal: new Client({ connection }),
    secrets: createSecretBox(address.secretsKey),
    env: address.env,
    taskQueue: address.taskQueue,
    ...processes,
    async stop() {
      await db.$disconnect();
      await connection.close();
      await processes.stop();
    },
  };
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
