import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { stopProcess } from '../temporal/dev-server.ts';

export interface ManagedProcess {
  name: string;
  child: ChildProcess;
  /** Output so far (bounded), for error messages. */
  output(): string;
  stop(): Promise<void>;
  kill(signal: NodeJS.Signals): Promise<void>;
}

/**
 * Runs `node <script>` as a child process with the given environment and resolves once
 * `ready` says so; rejects with the child's output if it exits first.
 */
export async function startNodeProcess(options: {
  name: string;
  script: string;
  env: Record<string, string>;
  ready: (output: string) => boolean | Promise<boolean>;
  timeoutMs?: number;
  echo?: (line: string) => void;
}): Promise<ManagedProcess> {
  const child = spawn(process.execPath, [options.script], {
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const append = (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    output = (output + text).slice(-200_000);
    if (options.echo) for (const line of text.split('\n')) if (line.trim()) options.echo(line);
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);

  const managed: ManagedProcess = {
    name: options.name,
    child,
    output: () => output,
    stop: () => stopProcess(child),
    kill: (signal) =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      }),
  };

  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  while (!(await options.ready(output))) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${options.name} exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${output}`);
    }
    if (Date.now() > deadline) {
      await managed.stop();
      throw new Error(`${options.name} was not ready in time:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return managed;
}

/** Ready when GET url answers 2xx. */
export function httpReady(url: string) {
  return async () => {
    try {
      return (await fetch(url)).ok;
    } catch {
      return false;
    }
  };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
