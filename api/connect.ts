import type { Env } from '../config/env.ts';
import { createLogger } from '../config/logger.ts';
import { createDb } from '../db/client.ts';
import { createSecretBox } from '../db/secret-box.ts';
import { createTemporalClient } from '../temporal/connection.ts';
import type { ServerDeps } from './deps.ts';

/** The server's connections as the environment names them, and how to close them again. */
export async function connectServerDeps(env: Env, name: string): Promise<{ deps: ServerDeps; close(): Promise<void> }> {
  const log = createLogger(name, env.LOG_LEVEL);
  const db = createDb(env.DATABASE_URL);
  const temporal = await createTemporalClient(env);
  return {
    deps: { env, db, temporal, secrets: createSecretBox(env.SECRETS_KEY), log },
    async close() {
      await db.$disconnect();
      await temporal.connection.close();
    },
  };
}
