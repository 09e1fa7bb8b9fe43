import { spawn } from 'node:child_process';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { stopProcess } from '../../temporal/dev-server.ts';

export const MAILPIT_VERSION = 'v1.33.1';

/** Where scripts/bootstrap.sh builds mailpit (an SMTP server with an API to read what arrived). */
export function mailpitPath(): string {
  const cache = process.env.JIAYI_CACHE ?? join(homedir(), '.cache', 'jiayi');
  return process.env.MAILPIT ?? join(cache, `mailpit-${MAILPIT_VERSION}`, 'mailpit');
}

export interface LocalMailServer {
  /** What SMTP_URL should say. */
  smtpUrl: string;
  /** Its web UI and API (GET /api/v1/messages, /api/v1/message/:id). */
  httpUrl: string;
  stop(): Promise<void>;
}

/**
 * A real SMTP server on this machine for `npm start` and the tests: every message it takes is
 * kept (in memory, or in `dbFile`) and shown in its UI and API, and goes nowhere else.
 */
export async function startLocalMailServer(options: {
  smtpPort: number;
  httpPort: number;
  dbFile?: string;
}): Promise<LocalMailServer> {
  const args = [
    '--smtp',
    `127.0.0.1:${options.smtpPort}`,
    '--listen',
    `127.0.0.1:${options.httpPort}`,
    '--smtp-auth-accept-any',
    '--smtp-auth-allow-insecure',
    '--smtp-disable-rdns',
    '--disable-version-check',
    '--quiet',
    ...(options.dbFile ? ['--database', options.dbFile] : []),
  ];
  const child = spawn(mailpitPath(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  child.stderr.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  const httpUrl = `http://127.0.0.1:${options.httpPort}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`mailpit exited (${child.exitCode}):\n${output}`);
    if (
      await fetch(`${httpUrl}/api/v1/info`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (Date.now() > deadline) {
      await stopProcess(child);
      throw new Error(`mailpit did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { smtpUrl: `smtp://127.0.0.1:${options.smtpPort}`, httpUrl, stop: () => stopProcess(child) };
}
