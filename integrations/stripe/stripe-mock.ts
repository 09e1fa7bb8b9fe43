import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const STRIPE_MOCK_VERSION = 'v0.197.0';

/** Where scripts/bootstrap.sh builds stripe-mock. */
export function stripeMockBinary(): string {
  const cache = process.env.JIAYI_CACHE ?? join(homedir(), '.cache', 'jiayi');
  return join(cache, `stripe-mock-${STRIPE_MOCK_VERSION}`, 'stripe-mock');
}

export interface RunningStripeMock {
  url: string;
  stop(): Promise<void>;
}

/**
 * stripe-mock (Stripe's own OpenAPI-validating mock) on a free port: it refuses any request whose
 * path or parameters Stripe's API does not have. Used by the contract test only.
 */
export async function startStripeMock(port: number): Promise<RunningStripeMock> {
  const binary = stripeMockBinary();
  if (!existsSync(binary)) throw new Error(`stripe-mock is not built at ${binary}; run scripts/bootstrap.sh`);
  const child: ChildProcess = spawn(binary, ['-http-addr', `127.0.0.1:${port}`], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`stripe-mock exited: ${output}`);
    try {
      // Any answer (its 401 without a key) means it listens.
      await fetch(`${url}/v1/customers`);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`stripe-mock did not start: ${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
