import { buildEcpaySandbox } from './app.ts';
import { STAGE_MERCHANT } from './store.ts';

/** `node sandbox/ecpay/main.ts`: the ECPay e-invoice sandbox on 127.0.0.1:$SANDBOX_ECPAY_PORT (default 4040). */
const port = Number(process.env.SANDBOX_ECPAY_PORT ?? 4040);
const { app } = buildEcpaySandbox({ logger: process.env.SANDBOX_ECPAY_LOG === '1' });
const url = await app.listen({ port, host: '127.0.0.1' });
console.log(`ECPay e-invoice sandbox listening on ${url}`);
console.log(`  ECPAY_EINVOICE_BASE_URL=${url}  (staging merchant ${STAGE_MERCHANT.merchantId})`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void app.close().then(() => process.exit(0)));
}
