import { buildLalamoveSandbox } from './app.ts';

/** `node sandbox/lalamove/main.ts`: the Lalamove sandbox on 127.0.0.1:$SANDBOX_LALAMOVE_PORT (default 4050). */
const port = Number(process.env.SANDBOX_LALAMOVE_PORT ?? 4050);
const { app, store } = buildLalamoveSandbox({ logger: process.env.SANDBOX_LALAMOVE_LOG === '1' });
// `npm start`'s demo account: 信義店's 外送物流設定 can use these keys.
if (process.env.SANDBOX_LALAMOVE_DEMO_KEY && process.env.SANDBOX_LALAMOVE_DEMO_SECRET)
  store.accounts.set(process.env.SANDBOX_LALAMOVE_DEMO_KEY, {
    apiKey: process.env.SANDBOX_LALAMOVE_DEMO_KEY,
    apiSecret: process.env.SANDBOX_LALAMOVE_DEMO_SECRET,
    webhookUrl: process.env.SANDBOX_LALAMOVE_DEMO_WEBHOOK ?? null,
  });
const url = await app.listen({ port, host: '127.0.0.1' });
console.log(`Lalamove sandbox listening on ${url}`);
console.log(`  LALAMOVE_API_BASE_URL=${url}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void app.close().then(() => process.exit(0)));
}
