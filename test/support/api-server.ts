import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { inject } from 'vitest';
import type { ServerDeps } from '../../api/deps.ts';
import { buildServer } from '../../api/server.ts';
import { loadEnv, type Env } from '../../config/env.ts';
import { createDb, type Db } from '../../db/client.ts';
import { createSecretBox } from '../../db/secret-box.ts';
import { scratchDatabases } from './scratch-database.ts';
import { cloneTemplateDatabase } from './stack-processes.ts';

export interface ApiServer {
  baseUrl: string;
  databaseUrl: string;
  db: Db;
  env: Env;
  app: Awaited<ReturnType<typeof buildServer>>;
  close(): Promise<void>;
}

/**
 * The real HTTP server in this process (buildServer, the web app too when built), silent, over a
 * scratch database of its own (`label`, `database` name it), on `port` or a free one. `temporal`
 * stands in for Temporal, given the server's database; none by default (the server must not call it).
 */
export async function startApiServer(options: {
  label: string;
  database: string;
  poolSize: number;
  port?: number;
  env?: Record<string, string>;
  temporal?: (db: Db) => unknown;
  /** The LINE inbox in a thread of its own, as `node api/main.ts` runs it (ServerDeps). */
  lineInboxThread?: ServerDeps['lineInboxThread'];
}): Promise<ApiServer> {
  const scratch = scratchDatabases(options.label);
  const named = scratch.url(options.database);
  const databaseUrl = await cloneTemplateDatabase(inject('templateDatabaseName'), new URL(named).pathname.slice(1));
  const db = createDb(databaseUrl, { poolSize: options.poolSize });
  const env = loadEnv({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: databaseUrl,
    SECRETS_KEY: randomBytes(32).toString('base64'),
    SMTP_URL: inject('smtpUrl'),
    ...options.env,
  });
  const log = pino({ level: 'silent' });
  const temporal = options.temporal?.(db) ?? {};
  const app = await buildServer({
    env,
    db,
    temporal: temporal as never,
    secrets: createSecretBox(env.SECRETS_KEY),
    log,
    ...(options.lineInboxThread ? { lineInboxThread: options.lineInboxThread } : {}),
  });
  await app.listen({ host: '127.0.0.1', port: options.port ?? 0 });
  const { port } = app.server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    databaseUrl,
    db,
    env,
    app,
    async close() {
      await app.close();
      await db.$disconnect();
      await scratch.dropAll();
    },
  };
}
