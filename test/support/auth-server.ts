import { randomBytes } from 'node:crypto';
import pino from 'pino';
import type { AuthConfig } from '../../api/team/auth/config.ts';
import { buildServer } from '../../api/server.ts';
import { loadEnv, type Env } from '../../config/env.ts';
import { createDb, type Db } from '../../db/client.ts';
import { applyMigrations } from '../../db/migrate.ts';
import { scratchDatabases } from './scratch-database.ts';
import { createSecretBox } from '../../db/secret-box.ts';
import { startLineSandbox, type RunningSandbox } from '../../sandbox/line/testing.ts';
import { freePort } from '../../scripts/process-group.ts';

/** Jiayi's LINE Login channel in these tests (registered in the sandbox with our callback URL). */
export const TEST_LOGIN_CHANNEL = { channelId: '1650000099', channelSecret: 'auth0test0login0channel0secret00' };

export interface StatusUpdateCall {
  workflowId: string;
  input: { to: string; trackingNumber: string | null; actor: string };
}

export interface AuthServer {
  baseUrl: string;
  databaseUrl: string;
  db: Db;
  env: Env;
  config: AuthConfig;
  app: Awaited<ReturnType<typeof buildServer>>;
  sandbox: RunningSandbox;
  /** Workflow Updates the status route sent (Temporal is a recording stand-in here). */
  statusUpdates: StatusUpdateCall[];
  close(): Promise<void>;
}

/**
 * The real HTTP server (buildServer, the web app too when built) on a free port over a scratch
 * database, with PUBLIC_BASE_URL its real address (LINE Login's callback URL), and the LINE
 * sandbox in-process as LINE (Login and Messaging API).
 */
export async function startAuthServer(label: string, overrides: Record<string, string> = {}): Promise<AuthServer> {
  const scratch = scratchDatabases(label);
  const databaseUrl = scratch.url('auth');
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const [sandbox] = await Promise.all([
    startLineSandbox({
      loginChannels: [
        { ...TEST_LOGIN_CHANNEL, callbackUrls: [`${baseUrl}/api/auth/line/callback`], name: '加一 Jiayi 商家後台' },
      ],
    }),
    applyMigrations(databaseUrl),
  ]);
  const db = createDb(databaseUrl, { poolSize: 6 });
  const env = loadEnv({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: databaseUrl,
    SECRETS_KEY: randomBytes(32).toString('base64'),
    PUBLIC_BASE_URL: baseUrl,
    LINE_API_BASE_URL: sandbox.url,
    LINE_DATA_API_BASE_URL: sandbox.url,
    LINE_LOGIN_BASE_URL: sandbox.url,
    LINE_LOGIN_CHANNEL_ID: TEST_LOGIN_CHANNEL.channelId,
    LINE_LOGIN_CHANNEL_SECRET: TEST_LOGIN_CHANNEL.channelSecret,
    ...overrides,
  });
  const statusUpdates: StatusUpdateCall[] = [];
  const temporal = {
    workflow: {
      getHandle: (workflowId: string) => ({
        executeUpdate: async (_update: unknown, options: { args: [StatusUpdateCall['input']] }) => {
          const input = options.args[0];
          statusUpdates.push({ workflowId, input });
          await db.order.updateMany({
            where: { workflowId },
            data: { status: input.to as never, trackingNumber: input.trackingNumber },
          });
          return { status: input.to, trackingNumber: input.trackingNumber };
        },
      }),
    },
  };
  const log = pino({ level: 'silent' });
  const app = await buildServer({
    env,
    db,
    temporal: temporal as never,
    secrets: createSecretBox(env.SECRETS_KEY),
    log,
  });
  await app.listen({ host: '127.0.0.1', port });
  return {
    baseUrl,
    databaseUrl,
    db,
    env,
    config: app.jiayiAuth.config,
    app,
    sandbox,
    statusUpdates,
    async close() {
      await app.close();
      await sandbox.close();
      await db.$disconnect();
      await scratch.dropAll();
    },
  };
}

/** A shop made straight in the database (sign-up through the UI is tested on its own). */
export async function createTenant(
  db: Db,
  slug: string,
  name = `商店 ${slug}`,
): Promise<{ id: string; slug: string; name: string }> {
  const letters = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
  const prefix = Array.from(randomBytes(4), (b) => letters[b % letters.length]).join('');
  return db.tenant.create({ data: { slug, name, orderPrefix: prefix }, select: { id: true, slug: true, name: true } });
}

/** A sandbox LINE user (who can sign in with LINE Login on the sandbox's consent screen). */
export async function createLineUser(sandboxUrl: string, displayName: string): Promise<string> {
  const response = await fetch(`${sandboxUrl}/_sandbox/users`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ displayName }),
  });
  return ((await response.json()) as { userId: string }).userId;
}
