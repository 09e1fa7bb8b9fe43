import { buildUberEatsSandbox } from './app.ts';

/** `node sandbox/ubereats/main.ts`: the Uber Eats sandbox on 127.0.0.1:$SANDBOX_UBEREATS_PORT (default 4060). */
const port = Number(process.env.SANDBOX_UBEREATS_PORT ?? 4060);
const { app } = buildUberEatsSandbox({ logger: process.env.SANDBOX_UBEREATS_LOG === '1' });
const url = await app.listen({ port, host: '127.0.0.1' });
console.log(`Uber Eats sandbox listening on ${url}`);
console.log(`  UBEREATS_API_BASE_URL=${url}  UBEREATS_AUTH_BASE_URL=${url}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void app.close().then(() => process.exit(0)));
}
