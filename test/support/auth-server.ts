import type { AuthConfig } from '../../api/team/auth/config.ts';
import { startLineSandbox, type RunningSandbox } from '../../sandbox/line/testing.ts';
import { freePort } from '../../scripts/process-group.ts';
import { startApiServer, type ApiServer } from './api-server.ts';

/** Jiayi's LINE Login channel in these tests (registered in the sandbox with our callback URL). */
export const TEST_LOGIN_CHANNEL = { channelId: '1650000099', channelSecret: 'auth0test0login0channel0secret00' };

export interface StatusUpdateCall {
  workflowId: string;
  input: { to: string; trackingNumber: string | null; actor: string };
}

export interface AuthServer extends ApiServer {
  config: AuthConfig;
  sandbox: RunningSandbox;
  /** The sandbox's address (line-sandbox.ts helpers take the server itself). */
  sandboxUrl: string;
  /** Workflow Updates the status route sent (Temporal is a recording stand-in here). */
  statusUpdates: StatusUpdateCall[];
}

/**
 * The real HTTP server (buildServer, the web app too when built) on a free port over a scratch
 * database, with PUBLIC_BASE_URL its real address (LINE Login's callback URL), and the LINE
 * sandbox in-process as LINE (Login and Messaging API).
 */
export async function startAuthServer(label: string, overrides: Record<string, string> = {}): Promise<AuthServer> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const sandbox = await startLineSandbox({
    loginChannels: [
      { ...TEST_LOGIN_CHANNEL, callbackUrls: [`${baseUrl}/api/auth/line/callback`], name: '加一 Jiayi 商家後台' },
    ],
  });
  const statusUpdates: StatusUpdateCall[] = [];
  const server = await startApiServer({
    label,
    database: 'auth',
    poolSize: 6,
    port,
    env: {
      PUBLIC_BASE_URL: baseUrl,
      LINE_API_BASE_URL: sandbox.url,
      LINE_DATA_API_BASE_URL: sandbox.url,
      LINE_LOGIN_BASE_URL: sandbox.url,
      LINE_LOGIN_CHANNEL_ID: TEST_LOGIN_CHANNEL.channelId,
      LINE_LOGIN_CHANNEL_SECRET: TEST_LOGIN_CHANNEL.channelSecret,
      ...overrides,
    },
    temporal: (db) => ({
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
    }),
  });
  return {
    ...server,
    config: server.app.jiayiAuth.config,
    sandbox,
    sandboxUrl: sandbox.url,
    statusUpdates,
    async close() {
      await server.close();
      await sandbox.close();
    },
  };
}
