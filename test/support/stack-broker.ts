import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type BrowserServer } from 'playwright-core';
import { freePort } from '../../scripts/process-group.ts';
import { chromiumLineHostArgs } from '../../sandbox/line/tls-front.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium-flags.ts';
import { launchStack, type RunServices, type StackAddress, type StackProcesses } from './stack-processes.ts';

/**
 * Shares what is slow to start among the test files of one worker slot (VITEST_POOL_ID): a
 * stack (sandbox, API, worker) and a Chromium. A slot runs one file at a time, so a file has
 * them to itself; tenants, LINE users and browser contexts are created afresh by every test,
 * and faults are cleared before each file. Started on a file's first ask, in the process that
 * runs the global setup, which stops them at the end of the run.
 */
export async function startStackBroker(run: RunServices): Promise<{ url: string; stop(): Promise<void> }> {
  const stacks = new Map<string, Promise<StackProcesses>>();
  const browsers = new Map<string, Promise<BrowserServer>>();
  const tlsPorts = new Map<string, Promise<number>>();
  const tlsPortOf = (slot: string) => {
    if (!tlsPorts.has(slot)) tlsPorts.set(slot, freePort());
    return tlsPorts.get(slot)!;
  };

  async function stackFor(slot: string): Promise<StackAddress> {
    let stack = stacks.get(slot);
    const current = await stack?.catch(() => null);
    if (stack && !(await current?.healthy())) {
      await current?.stop().catch(() => {});
      stack = undefined;
    }
    if (!stack) {
      stack = tlsPortOf(slot).then((sandboxTlsPort) => launchStack(run, { sandboxTlsPort }));
      stacks.set(slot, stack);
      stack.catch(() => stacks.delete(slot));
    }
    const ready = await stack;
    const cleared = await fetch(`${ready.sandboxUrl}/_sandbox/faults`, { method: 'DELETE' });
    if (!cleared.ok) throw new Error(`clearing the sandbox's faults answered ${cleared.status}`);
    const { apiUrl, sandboxUrl, stripeUrl, sandboxTlsPort, databaseUrl, secretsKey, env, taskQueue } = ready;
    return { apiUrl, sandboxUrl, stripeUrl, sandboxTlsPort, databaseUrl, secretsKey, env, taskQueue };
  }

  async function browserFor(slot: string): Promise<{ wsEndpoint: string; args: string[] }> {
    const args = chromiumLineHostArgs(await tlsPortOf(slot));
    let browser = browsers.get(slot);
    const current = await browser?.catch(() => null);
    if (browser && (!current || current.process().exitCode !== null || current.process().signalCode !== null)) {
      browser = undefined;
    }
    if (!browser) {
      browser = chromium.launchServer({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, ...args] });
      browsers.set(slot, browser);
      browser.catch(() => browsers.delete(slot));
    }
    return { wsEndpoint: (await browser).wsEndpoint(), args };
  }

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const match = /^\/(stacks|chromium)\/(\d{1,3})$/.exec(request.url ?? '');
    if (request.method !== 'POST' || !match) {
      response.writeHead(404).end();
      return;
    }
    const [, what, slot] = match;
    (what === 'stacks' ? stackFor(slot!) : browserFor(slot!)).then(
      (body) => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body)),
      (error: unknown) => response.writeHead(500).end(error instanceof Error ? error.stack : String(error)),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      server.close();
      const settled = async <T>(p: Promise<T>) => p.catch(() => null);
      await Promise.all([
        ...[...stacks.values()].map(async (s) => (await settled(s))?.stop()),
        ...[...browsers.values()].map(async (b) => (await settled(b))?.close()),
      ]);
    },
  };
}

/** Asks the run's broker for the shared stack or browser of this worker slot. */
export async function askBroker<T>(brokerUrl: string, what: 'stacks' | 'chromium'): Promise<T> {
  const slot = process.env.VITEST_POOL_ID ?? '1';
  const response = await fetch(`${brokerUrl}/${what}/${slot}`, { method: 'POST' });
  if (!response.ok) throw new Error(`the test run's shared ${what} failed to start:\n${await response.text()}`);
  return (await response.json()) as T;
}
