import { fileURLToPath } from 'node:url';
import { loadEnv } from '../config/env.ts';
import { createLogger } from '../config/logger.ts';
import { createDb } from '../db/client.ts';
import { createSecretBox } from '../db/secret-box.ts';
import { createTemporalClient } from '../temporal/connection.ts';
import { buildServer } from './server.ts';

// `node api/main.ts`: the HTTP server.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const env = loadEnv();
  const log = createLogger('api', env.LOG_LEVEL);
  const db = createDb(env.DATABASE_URL);
  const temporal = await createTemporalClient(env);
  const app = await buildServer({ env, db, temporal, secrets: createSecretBox(env.SECRETS_KEY), log });
  await app.listen({ host: env.HOST, port: env.PORT });
  const shutdown = async () => {
    await app.close();
    await db.$disconnect();
    await temporal.connection.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}
