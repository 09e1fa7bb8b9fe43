import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { stopProcess } from '../temporal/dev-server.ts';

export const VERSITYGW_VERSION = 'v1.8.0';

/** Where scripts/bootstrap.sh builds versitygw (an S3 gateway over a folder; Apache-2.0). */
export function versitygwPath(): string {
  const cache = process.env.JIAYI_CACHE ?? join(homedir(), '.cache', 'jiayi');
  return process.env.VERSITYGW ?? join(cache, `versitygw-${VERSITYGW_VERSION}`, 'versitygw');
}

export interface LocalS3Server {
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  stop(): Promise<void>;
}

/**
 * A real S3-compatible server on this machine (versitygw over `dir`), for tests and for trying
 * the S3 storage driver: one bucket per folder under `dir`, object metadata kept in a sidecar
 * folder so it works on any file system.
 */
export async function startLocalS3Server(options: { port: number; dir: string; buckets?: string[] }): Promise<LocalS3Server> {
  const data = join(options.dir, 'data');
  const meta = join(options.dir, 'meta');
  for (const bucket of options.buckets ?? []) mkdirSync(join(data, bucket), { recursive: true });
  mkdirSync(meta, { recursive: true });
  const accessKeyId = `jiayi${randomBytes(6).toString('hex')}`;
  const secretAccessKey = randomBytes(24).toString('base64url');
  const region = 'us-east-1';
  const child = spawn(
    versitygwPath(),
    ['--port', `127.0.0.1:${options.port}`, '--access', accessKeyId, '--secret', secretAccessKey, '--region', region,
      'posix', '--sidecar', meta, data],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  child.stderr.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  const endpoint = `http://127.0.0.1:${options.port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`versitygw exited (${child.exitCode}):\n${output}`);
    // Any HTTP answer (an S3 error for an unsigned request) means it is listening.
    if (await fetch(endpoint).then(() => true, () => false)) break;
    if (Date.now() > deadline) {
      await stopProcess(child);
      throw new Error(`versitygw did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { endpoint, accessKeyId, secretAccessKey, region, stop: () => stopProcess(child) };
}
