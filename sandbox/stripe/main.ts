import { buildStripeSandbox, SANDBOX_STRIPE_SECRET_KEY, SANDBOX_STRIPE_WEBHOOK_SECRET } from './app.ts';

/** `node sandbox/stripe/main.ts`: the Stripe sandbox on 127.0.0.1:$SANDBOX_STRIPE_PORT (default 4020). */
const port = Number(process.env.SANDBOX_STRIPE_PORT ?? 4020);
const publicUrl = process.env.SANDBOX_STRIPE_PUBLIC_URL ?? `http://127.0.0.1:${port}`;
const { app } = buildStripeSandbox({
  logger: process.env.SANDBOX_STRIPE_LOG === '1',
  secretKey: process.env.STRIPE_SECRET_KEY ?? SANDBOX_STRIPE_SECRET_KEY,
  webhookSecret: process.env.STRIPE_WEBHOOK_SECRET ?? SANDBOX_STRIPE_WEBHOOK_SECRET,
  webhookUrl: process.env.SANDBOX_STRIPE_WEBHOOK_URL ?? null,
  publicUrl,
  ...(process.env.SANDBOX_STRIPE_STATE_FILE ? { stateFile: process.env.SANDBOX_STRIPE_STATE_FILE } : {}),
  ...(process.env.SANDBOX_STRIPE_WEBHOOK_RETRY_MS ? { webhookRetryMs: Number(process.env.SANDBOX_STRIPE_WEBHOOK_RETRY_MS) } : {}),
});

const url = await app.listen({ port, host: '127.0.0.1' });
console.log(`Stripe sandbox listening on ${url}`);
console.log(`  STRIPE_API_BASE_URL=${url}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void app.close().then(() => process.exit(0)));
}
