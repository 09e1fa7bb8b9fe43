import type { Logger } from 'pino';
import type { Env } from '../../../config/env.ts';
import type { Db } from '../../../db/client.ts';
import { createLineLoginClient, type LineLoginClient } from '../../../integrations/line/login.ts';
import { authConfig, type AuthConfig } from './config.ts';
import { burnPasswordCheck } from './passwords.ts';
import { createRateLimiter, type RateLimiter } from '../../../db/rate-limit.ts';
import { createSessionStore, type SessionStore } from './sessions.ts';

/** What the sign-in routes and guards share; one per server (api/plugins/auth.ts makes it). */
export interface AuthService {
  env: Env;
  db: Db;
  log: Logger;
  config: AuthConfig;
  sessions: SessionStore;
  limiter: RateLimiter;
  line: LineLoginClient;
  /** Every route registered after the auth plugin, with its guard (filled in by api/plugins/auth.ts). */
  routes: {
    method: string;
    url: string;
    guard: { kind: 'member' | 'page'; pages?: readonly string[]; need?: string; branch?: true } | null;
  }[];
}

export function createAuthService(deps: { env: Env; db: Db; log: Logger }): AuthService {
  const config = authConfig(deps.env);
  // Prepare the stand-in hash that unknown e-mails are checked against, off the first request.
  void burnPasswordCheck('warm-up').catch(() => {});
  return {
    env: deps.env,
    db: deps.db,
    log: deps.log,
    config,
    sessions: createSessionStore(deps.db, config),
    limiter: createRateLimiter(deps.db),
    routes: [],
    line: createLineLoginClient({
      channelId: deps.env.LINE_LOGIN_CHANNEL_ID,
      channelSecret: deps.env.LINE_LOGIN_CHANNEL_SECRET,
      authorizeBaseUrl: deps.env.LINE_LOGIN_BASE_URL,
      apiBaseUrl: deps.env.LINE_API_BASE_URL,
    }),
  };
}
