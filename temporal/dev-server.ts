import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Connection } from '@temporalio/client';
import { temporalCliPath } from './cli-path.ts';
import { searchAttributeFlags } from './search-attributes.ts';

export interface DevServerOptions {
  /**
   * The frontend's port, or where to get a free one: the server also binds ports of its own
   * beside it, so one taken by another process makes it exit at once; with a function it tries
   * again (three times in all) on a new port.
   */
  port: number | (() => Promise<number>);
  uiPort?: number;
  /** SQLite file under .data/ for the demo; omitted for tests (in memory). */
  dbFile?: string;
  headless?: boolean;
  logFile?: string;
  namespace?: string;
}

export interface DevServer {
  address: string;
  uiUrl: string | null;
  process: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts the real Temporal server (`temporal server start-dev`) with our search attributes
 * and waits until its frontend answers.
 */
export async function startTemporalDevServer(options: DevServerOptions): Promise<DevServer> {
  if (typeof options.port === 'number') return startOn(options, options.port);
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOn(options, await options.port());
    } catch (error) {
      if (!(error instanceof ExitedEarly) || attempt === 3) throw error;
    }
  }
}

class ExitedEarly extends Error {}

async function startOn(options: DevServerOptions, port: number): Promise<DevServer> {
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    '--namespace',
    options.namespace ?? 'default',
    '--log-level',
    'warn',
    ...searchAttributeFlags(),
    // Updates are how admins change an order; operators want repeated task failures flagged.
    '--dynamic-config-value',
    'frontend.enableUpdateWorkflowExecution=true',
    '--dynamic-config-value',
    'frontend.enableExecuteMultiOperation=true',
  ];
  if (options.dbFile) {
    mkdirSync(dirname(options.dbFile), { recursive: true });
    args.push('--db-filename', options.dbFile);
  }
  if (options.headless) args.push('--headless');
  else args.push('--ui-port', String(options.uiPort ?? port + 1000));

  const child = spawn(temporalCliPath(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
  if (options.logFile) {
    mkdirSync(dirname(options.logFile), { recursive: true });
    const log = createWriteStream(options.logFile, { flags: 'a' });
    child.stdout.pipe(log);
    child.stderr.pipe(log);
  } else {
    child.stdout.resume();
    child.stderr.resume();
  }
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new ExitedEarly(`temporal server exited early with code ${code}`))),
  );
  exited.catch(() => {});
  const address = `127.0.0.1:${port}`;
  await Promise.race([waitForFrontend(address, options.namespace ?? 'default'), exited]);
  return {
    address,
    uiUrl: options.headless ? null : `http://127.0.0.1:${options.uiPort ?? port + 1000}`,
    process: child,
    stop: () => stopProcess(child),
  };
}

async function waitForFrontend(address: string, namespace: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await connection.workflowService.describeNamespace({ namespace });
        return;
      } finally {
        await connection.close();
      }
    } catch (error) {
      lastError = error;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error(`Temporal did not come up at ${address}: ${String(lastError)}`);
}

export function stopProcess(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
