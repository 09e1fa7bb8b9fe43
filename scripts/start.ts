import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadEnv } from '../config/env.ts';
import { createDb } from '../db/client.ts';
import { applyMigrations } from '../db/migrate.ts';
import { createSecretBox } from '../db/secret-box.ts';
import { createFileStorage } from '../storage/from-env.ts';
import { startTemporalDevServer } from '../temporal/dev-server.ts';
import { startLocalMailServer } from '../integrations/mail/mailpit.ts';
import { bundleWorkflows } from '../temporal/worker.ts';
import { writeFileSync } from 'node:fs';
import { ensureWebBuilt } from './build-web.ts';
import { localSecretsKey } from './local-secrets.ts';
import { httpReady, startNodeProcess, type ManagedProcess } from './process-group.ts';
import { chromiumLineHostArgs } from '../sandbox/line/tls-front.ts';
import { SANDBOX_STRIPE_SECRET_KEY, SANDBOX_STRIPE_WEBHOOK_SECRET } from '../sandbox/stripe/app.ts';
import { DEMO, DEMO_RESTAURANT, seedDemoRestaurant, seedDemoTenant } from './seed-demo.ts';
import { seedDemoRestaurantOrders } from './seed-demo-orders.ts';
import { DEMO_PRINTER, seedDemoPrinter } from './seed-demo-printer.ts';
import { createTemporalClient } from '../temporal/connection.ts';

/**
 * `npm start`: the whole product on this machine with a demo shop — the Temporal dev server
 * (file database under .data/, UI on :8233), the LINE sandbox, the worker and the HTTP server.
 */
const root = fileURLToPath(new URL('..', import.meta.url));
const dataDir = join(root, '.data');
/** mailpit's ports under `npm start` (its UI shows every e-mail the app sends). */
const MAIL_SMTP_PORT = 1025;
const MAIL_UI_PORT = 8025;
/** The LINE sandbox over HTTPS, for a browser that maps LINE's hosts to it (LIFF sign-in). */
const SANDBOX_LINE_TLS_PORT = 4443;
/** The simulated cloud printers' control API. */
const SANDBOX_PRINTER_PORT = 4030;
const say = (line: string) => console.log(`\x1b[32m[jiayi]\x1b[0m ${line}`);

const env = loadEnv({
  ...process.env,
  SECRETS_KEY: process.env.SECRETS_KEY ?? localSecretsKey(join(dataDir, 'secrets.key')),
});
const sandboxUrl = `http://127.0.0.1:${env.SANDBOX_LINE_PORT}`;
const childEnv: Record<string, string> = {
  DATABASE_URL: env.DATABASE_URL,
  TEMPORAL_ADDRESS: env.TEMPORAL_ADDRESS,
  SECRETS_KEY: env.SECRETS_KEY,
  LINE_API_BASE_URL: process.env.LINE_API_BASE_URL ?? sandboxUrl,
  LINE_DATA_API_BASE_URL: process.env.LINE_DATA_API_BASE_URL ?? sandboxUrl,
  // Sign-up and sign-in with LINE Login go to the sandbox's consent screen too.
  LINE_LOGIN_BASE_URL: process.env.LINE_LOGIN_BASE_URL ?? sandboxUrl,
  LOG_LEVEL: env.LOG_LEVEL,
};
// Jiayi bills new shops through the Stripe sandbox unless real Stripe keys are given.
const stripeSandboxUrl = `http://127.0.0.1:${env.SANDBOX_STRIPE_PORT}`;
const stripeIsSandbox = !env.STRIPE_SECRET_KEY;
Object.assign(childEnv, {
  STRIPE_SECRET_KEY: env.STRIPE_SECRET_KEY ?? SANDBOX_STRIPE_SECRET_KEY,
  STRIPE_WEBHOOK_SECRET: env.STRIPE_WEBHOOK_SECRET ?? SANDBOX_STRIPE_WEBHOOK_SECRET,
  STRIPE_API_BASE_URL: stripeIsSandbox ? stripeSandboxUrl : env.STRIPE_API_BASE_URL,
  BILLING_GRACE_SECONDS: String(env.BILLING_GRACE_SECONDS),
  PUBLIC_BASE_URL: env.PUBLIC_BASE_URL,
});
// E-invoices go to the ECPay sandbox unless ECPay's own address is given.
const ecpaySandboxUrl = `http://127.0.0.1:${env.SANDBOX_ECPAY_PORT}`;
const ecpayIsSandbox = !process.env.ECPAY_EINVOICE_BASE_URL;
childEnv.ECPAY_EINVOICE_BASE_URL = ecpayIsSandbox ? ecpaySandboxUrl : env.ECPAY_EINVOICE_BASE_URL;
// Riders come from the Lalamove sandbox unless a real Lalamove origin is given.
const lalamoveSandboxUrl = `http://127.0.0.1:${env.SANDBOX_LALAMOVE_PORT}`;
const lalamoveIsSandbox = !process.env.LALAMOVE_API_BASE_URL;
childEnv.LALAMOVE_API_BASE_URL = lalamoveIsSandbox ? lalamoveSandboxUrl : env.LALAMOVE_API_BASE_URL;
// Uber Eats orders come from the Uber Eats sandbox unless Uber's own origins are given.
const ubereatsSandboxUrl = `http://127.0.0.1:${env.SANDBOX_UBEREATS_PORT}`;
const ubereatsIsSandbox = !process.env.UBEREATS_API_BASE_URL;
childEnv.UBEREATS_API_BASE_URL = ubereatsIsSandbox ? ubereatsSandboxUrl : env.UBEREATS_API_BASE_URL;
childEnv.UBEREATS_AUTH_BASE_URL = ubereatsIsSandbox ? ubereatsSandboxUrl : env.UBEREATS_AUTH_BASE_URL;
const children: ManagedProcess[] = [];
const prefixed = (name: string) => (line: string) => console.log(`\x1b[2m[${name}]\x1b[0m ${line}`);

say('applying database migrations');
const migrations = await applyMigrations(env.DATABASE_URL);
say(`migrations: ${migrations.applied.length} applied, ${migrations.alreadyApplied.length} already in place`);
const db = createDb(env.DATABASE_URL, { poolSize: 2 });
const { created } = await seedDemoTenant(db, createSecretBox(env.SECRETS_KEY));
const restaurant = await seedDemoRestaurant(db, createFileStorage(env));
await seedDemoPrinter(db);
await db.$disconnect();
say(created ? 'demo shop created' : 'demo shop already there');
say(restaurant.created ? 'demo restaurant created' : 'demo restaurant already there');

ensureWebBuilt(say);
say('bundling workflows');
const workflowBundlePath = join(dataDir, 'workflow-bundle.js');
writeFileSync(workflowBundlePath, (await bundleWorkflows()).code);
childEnv.WORKFLOW_BUNDLE_PATH = workflowBundlePath;

const port = Number(env.TEMPORAL_ADDRESS.split(':').at(-1));
say('starting the Temporal dev server');
const temporal = await startTemporalDevServer({
  port,
  uiPort: port + 1000,
  dbFile: join(dataDir, 'temporal.db'),
  logFile: join(dataDir, 'temporal.log'),
});

// A local SMTP server unless SMTP_URL names a real one: what the app e-mails is read in its UI.
const mail = env.SMTP_URL
  ? null
  : await startLocalMailServer({ smtpPort: MAIL_SMTP_PORT, httpPort: MAIL_UI_PORT, dbFile: join(dataDir, 'mail.db') });
childEnv.SMTP_URL = env.SMTP_URL ?? mail!.smtpUrl;
childEnv.MAIL_FROM = env.MAIL_FROM;

async function shutdown(code = 0) {
  await Promise.all(children.map((c) => c.stop()));
  await temporal.stop();
  await mail?.stop();
  process.exit(code);
}
process.once('SIGINT', () => void shutdown());
process.once('SIGTERM', () => void shutdown());

try {
  children.push(
    await startNodeProcess({
      name: 'line-sandbox',
      script: join(root, 'sandbox/line/main.ts'),
      env: {
        ...childEnv,
        SANDBOX_LINE_PORT: String(env.SANDBOX_LINE_PORT),
        SANDBOX_LINE_TLS_PORT: String(SANDBOX_LINE_TLS_PORT),
      },
      ready: httpReady(`${sandboxUrl}/`),
      echo: prefixed('line-sandbox'),
    }),
  );
  await registerDemoInSandbox();
  if (stripeIsSandbox) {
    children.push(
      await startNodeProcess({
        name: 'stripe-sandbox',
        script: join(root, 'sandbox/stripe/main.ts'),
        env: {
          ...childEnv,
          SANDBOX_STRIPE_PORT: String(env.SANDBOX_STRIPE_PORT),
          SANDBOX_STRIPE_WEBHOOK_URL: `http://${env.HOST}:${env.PORT}/webhooks/stripe`,
          // The database outlives a run, so the shops' Stripe accounts must too.
          SANDBOX_STRIPE_STATE_FILE: join(dataDir, 'stripe-sandbox.json'),
        },
        ready: httpReady(`${stripeSandboxUrl}/`),
        echo: prefixed('stripe-sandbox'),
      }),
    );
  }
  if (ecpayIsSandbox)
    children.push(
      await startNodeProcess({
        name: 'ecpay-sandbox',
        script: join(root, 'sandbox/ecpay/main.ts'),
        env: { ...childEnv, SANDBOX_ECPAY_PORT: String(env.SANDBOX_ECPAY_PORT) },
        ready: (out) => out.includes('listening'),
        echo: prefixed('ecpay-sandbox'),
      }),
    );
  if (lalamoveIsSandbox)
    children.push(
      await startNodeProcess({
        name: 'lalamove-sandbox',
        script: join(root, 'sandbox/lalamove/main.ts'),
        env: { ...childEnv, SANDBOX_LALAMOVE_PORT: String(env.SANDBOX_LALAMOVE_PORT) },
        ready: httpReady(`${lalamoveSandboxUrl}/`),
        echo: prefixed('lalamove-sandbox'),
      }),
    );
  if (ubereatsIsSandbox)
    children.push(
      await startNodeProcess({
        name: 'ubereats-sandbox',
        script: join(root, 'sandbox/ubereats/main.ts'),
        env: { ...childEnv, SANDBOX_UBEREATS_PORT: String(env.SANDBOX_UBEREATS_PORT) },
        ready: httpReady(`${ubereatsSandboxUrl}/_sandbox/deliveries`),
        echo: prefixed('ubereats-sandbox'),
      }),
    );
  children.push(
    await startNodeProcess({
      name: 'worker',
      script: join(root, 'temporal/worker.ts'),
      env: childEnv,
      ready: (out) => out.includes('worker started'),
      timeoutMs: 120_000,
      echo: prefixed('worker'),
    }),
    await startNodeProcess({
      name: 'api',
      script: join(root, 'api/main.ts'),
      env: { ...childEnv, HOST: env.HOST, PORT: String(env.PORT) },
      ready: httpReady(`http://${env.HOST}:${env.PORT}/healthz`),
      echo: prefixed('api'),
    }),
  );
  // 信義店's counter printer polls the API like a real Star CloudPRNT printer.
  children.push(
    await startNodeProcess({
      name: 'printer-sandbox',
      script: join(root, 'sandbox/printer/main.ts'),
      env: {
        ...childEnv,
        SANDBOX_PRINTER_PORT: String(SANDBOX_PRINTER_PORT),
        PRINTER_POLL_URL: `http://${env.HOST}:${env.PORT}/api/cloudprnt`,
        PRINTER_MACS: DEMO_PRINTER.mac,
        PRINTER_OUT_DIR: join(dataDir, 'printer'),
      },
      ready: httpReady(`http://127.0.0.1:${SANDBOX_PRINTER_PORT}/printers`),
      echo: prefixed('printer-sandbox'),
    }),
  );
  // The demo restaurant's board comes alive once the worker runs the orders' workflows.
  const seeding = createDb(env.DATABASE_URL, { poolSize: 2 });
  const client = await createTemporalClient(env);
  const demoOrders = await seedDemoRestaurantOrders(seeding, client, env.TEMPORAL_TASK_QUEUE);
  await seeding.$disconnect();
  await client.connection.close();
  if (demoOrders) say(`demo restaurant: ${demoOrders} orders on 信義店's board`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  await shutdown(1);
}

const web = `http://${env.HOST}:${env.PORT}`;
console.log(`
  加一 Jiayi is running (Ctrl-C stops everything)

  管理後台 Admin orders      ${web}/t/${DEMO.slug}/admin/orders
    sign in as ${DEMO.ownerLogin.email} / ${DEMO.ownerLogin.password},
    or 使用 LINE 登入 and pick ${DEMO.owner.displayName} in the sandbox
  示範餐館 Demo restaurant   ${web}/t/${DEMO_RESTAURANT.slug}/admin/order-board
    the same sign-in; ${DEMO_RESTAURANT.staff.email} works in 信義店 only
  餐館點餐頁 Order a meal    ${web}/shop/${DEMO_RESTAURANT.slug}
    its branches, menu, cart and order page (sign in with LINE in the Chromium below)
  開新商店 Sign up a shop    ${web}/sign-up
  顧客頁 Shop page           ${web}/shop/${DEMO.slug}
    用 LINE 登入 runs LINE's LIFF SDK, which calls api.line.me by name; to try it here, open
    the page in a Chromium that sends LINE's hosts to the sandbox:
    chromium --user-data-dir=/tmp/jiayi-liff ${chromiumLineHostArgs(SANDBOX_LINE_TLS_PORT)
      .map((arg) => `'${arg}'`)
      .join(' ')} ${web}/shop/${DEMO.slug}
  LINE 模擬器 Chat sandbox   ${sandboxUrl}/
  Stripe                     ${stripeIsSandbox ? `the Stripe sandbox at ${stripeSandboxUrl}/ (its Checkout page has one 付款 button, and 拒絕 for a declined card)` : env.STRIPE_API_BASE_URL}
  綠界電子發票 ECPay         ${ecpayIsSandbox ? `the ECPay sandbox at ${ecpaySandboxUrl}/ (電子發票設定: MerchantID 2000132, HashKey ejCk326UnaZWKisg, HashIV q9jcZX8Ib9LM8wYk)` : env.ECPAY_EINVOICE_BASE_URL}
  Uber Eats                  ${ubereatsIsSandbox ? `the Uber Eats sandbox at ${ubereatsSandboxUrl}/ : open a store with POST /_sandbox/stores {storeId, clientId, clientSecret, webhookUrl} (the webhook URL is on the Uber Eats 整合 page) and enter the same there; 同步菜單 puts the menu on GET /_sandbox/stores/<storeId>; order as an eater with POST /_sandbox/orders {storeId, items: [{external_data, title, price}]}` : childEnv.UBEREATS_API_BASE_URL}
  Lalamove 外送               ${lalamoveIsSandbox ? `the Lalamove sandbox at ${lalamoveSandboxUrl}/ (move each rider there: 司機接單, 取貨, 送達, 司機取消); register a key with POST /_sandbox/accounts and enter it in 外送物流設定` : childEnv.LALAMOVE_API_BASE_URL}
  出單機 Demo printer        http://127.0.0.1:${SANDBOX_PRINTER_PORT}/printers
    信義店's ${DEMO_PRINTER.name}; what it prints is in ${join(dataDir, 'printer')} (出單機設定 in the admin)
  Temporal UI                ${temporal.uiUrl}
  寄出的信 E-mail sent        ${mail ? mail.httpUrl : `through ${env.SMTP_URL}`}
  Webhook of the demo shop   ${web}/t/${DEMO.slug}/webhook

  In the sandbox, pick 王小明 and type "+1" or "<product code>+2".
`);
for (const child of children) {
  child.child.once('exit', (code) => {
    console.error(`${child.name} stopped (${code}); stopping everything`);
    void shutdown(1);
  });
}

async function registerDemoInSandbox() {
  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${sandboxUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`sandbox ${path}: ${response.status} ${await response.text()}`);
  };
  await post('/_sandbox/channels', {
    channelId: DEMO.channelId,
    channelSecret: DEMO.channelSecret,
    channelAccessToken: DEMO.channelAccessToken,
    botUserId: DEMO.botUserId,
    displayName: DEMO.name,
    webhookUrl: `http://${env.HOST}:${env.PORT}/t/${DEMO.slug}/webhook`,
  });
  for (const user of [DEMO.owner, ...DEMO.customers]) await post('/_sandbox/users', user);
  for (const shop of [DEMO, DEMO_RESTAURANT])
    await post('/_sandbox/liff-apps', {
      liffId: shop.liffId,
      channelId: shop.liffId.split('-')[0],
      endpointUrl: `http://${env.HOST}:${env.PORT}/shop/${shop.slug}`,
      description: shop.name,
    });
}
