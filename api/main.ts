import { fileURLToPath } from 'node:url';
import { loadEnv } from '../config/env.ts';
import { connectServerDeps } from './connect.ts';
import { buildServer } from './server.ts';

// `node api/main.ts`: the HTTP server.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const env = loadEnv();
  const { deps, close } = await connectServerDeps(env, 'api');
  // The LINE inbox gets a thread of its own, so a live sale's orders never keep LINE's webhooks waiting.
  const app = await buildServer({ ...deps, lineInboxThread: true });
  await app.listen({ host: env.HOST, port: env.PORT });
  const shutdown = async () => {
    await app.close();
    await close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}
