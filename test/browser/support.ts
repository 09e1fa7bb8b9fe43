import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pino from 'pino';
import { buildServer } from '../../api/server.ts';
import { loadEnv } from '../../config/env.ts';
import { createDb, type Db } from '../../db/client.ts';
import { applyMigrations } from '../../db/migrate.ts';
import { notifyOrderChanged } from '../../db/orders/order-changes.ts';
import { scratchDatabases } from '../support/scratch-database.ts';
import { createSecretBox } from '../../db/secret-box.ts';
import { formatOrderNumber } from '../../domain/orders/order-number.ts';
import type { OrderStatus } from '../../domain/orders/order-status.ts';
import { taipeiDayKey } from '../../domain/taipei-time.ts';

export const REPO_DIR = fileURLToPath(new URL('../../', import.meta.url));
export const WEB_HANDLER = fileURLToPath(new URL('../../web/build/handler.js', import.meta.url));

/**
 * Builds the SvelteKit app the way a developer does, but into a fresh directory of its own
 * (JIAYI_WEB_BUILD_DIR), so a test run never overwrites a web/build a running server uses, and
 * never sees modules of an older build that the same test run already loaded. The servers this
 * process starts afterwards serve that build. JIAYI_SKIP_WEB_BUILD=1 serves web/build as it is.
 */
export async function buildWebApp(): Promise<{ dir: string; remove(): void }> {
  if (process.env.JIAYI_SKIP_WEB_BUILD === '1') {
    if (!existsSync(WEB_HANDLER)) throw new Error(`JIAYI_SKIP_WEB_BUILD=1 but ${WEB_HANDLER} is missing`);
    return { dir: dirname(WEB_HANDLER), remove() {} };
  }
  const dir = join(mkdtempSync(join(tmpdir(), 'jiayi-web-build-')), 'build');
  const vite = fileURLToPath(new URL('../../node_modules/vite/bin/vite.js', import.meta.url));
  // From web/ (as a developer builds): every dependency is bundled, so the build runs from anywhere.
  await promisify(execFile)(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
    cwd: join(REPO_DIR, 'web'),
    env: { ...process.env, JIAYI_WEB_BUILD_DIR: dir },
    maxBuffer: 16 * 1024 * 1024,
  });
  if (!existsSync(join(dir, 'handler.js'))) throw new Error(`vite build finished without ${dir}/handler.js`);
  process.env.JIAYI_WEB_BUILD_DIR = dir;
  return { dir, remove: () => rmSync(dirname(dir), { recursive: true, force: true }) };
}

export interface Shop {
  tenantId: string;
  slug: string;
  name: string;
  prefix: string;
  productId: string;
  customerId: string;
}

export interface AdminServer {
  baseUrl: string;
  databaseUrl: string;
  db: Db;
  app: Awaited<ReturnType<typeof buildServer>>;
  close(): Promise<void>;
}

/** The real HTTP server (buildServer, web app included) on a free port, over a scratch database. */
export async function startAdminServer(label: string, extraEnv: Record<string, string> = {}): Promise<AdminServer> {
  const scratch = scratchDatabases(label);
  const databaseUrl = scratch.url('web');
  await applyMigrations(databaseUrl);
  const db = createDb(databaseUrl, { poolSize: 4 });
  const env = loadEnv({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: databaseUrl,
    SECRETS_KEY: randomBytes(32).toString('base64'),
    ...extraEnv,
  });
  const log = pino({ level: 'silent' });
  // The admin order pages never call Temporal; they only link to its UI.
  const app = await buildServer({ env, db, temporal: {} as never, secrets: createSecretBox(env.SECRETS_KEY), log });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    databaseUrl,
    db,
    app,
    async close() {
      await app.close();
      await db.$disconnect();
      await scratch.dropAll();
    },
  };
}

export async function createShop(
  db: Db,
  shop: { slug: string; name: string; prefix: string; customer?: { displayName: string; pictureUrl?: string | null } },
): Promise<Shop> {
  const tenant = await db.tenant.create({ data: { slug: shop.slug, name: shop.name, orderPrefix: shop.prefix } });
  const customer = await db.customer.create({
    data: {
      tenantId: tenant.id,
      lineUserId: `U${randomBytes(16).toString('hex')}`,
      displayName: shop.customer?.displayName ?? '林美玲',
      pictureUrl: shop.customer?.pictureUrl ?? null,
    },
  });
  const product = await db.product.create({
    data: { tenantId: tenant.id, code: '260108001', name: '手工草莓果醬', price: 350, stock: -1 },
  });
  return {
    tenantId: tenant.id,
    slug: shop.slug,
    name: shop.name,
    prefix: shop.prefix,
    productId: product.id,
    customerId: customer.id,
  };
}

export interface NewOrder {
  id: string;
  number: string;
}

let sequence = 0;

/**
 * Writes one order the way the order workflow's activity does (order + item in one transaction,
 * pg_notify on commit) and returns it. The step a later end-to-end test replaces with a real
 * LINE webhook delivery through Temporal.
 */
export async function insertOrder(
  db: Db,
  shop: Shop,
  opts: {
    at?: Date;
    status?: OrderStatus;
    customerId?: string;
    productName?: string;
    unitPrice?: number;
    requested?: number;
    allocated?: number;
    /** Another of the shop's products than its first (best-seller charts need several). */
    product?: { id: string; code: string };
    trackingNumber?: string;
    memo?: string;
  } = {},
): Promise<NewOrder> {
  const at = opts.at ?? new Date();
  const requested = opts.requested ?? 1;
  const allocated = opts.allocated ?? requested;
  const unitPrice = opts.unitPrice ?? 350;
  sequence += 1;
  const number = formatOrderNumber(shop.prefix, taipeiDayKey(at), sequence);
  const sourceEventId = `test-${randomBytes(6).toString('hex')}`;
  return db.$transaction(async (tx) => {
    const order = await tx.order.create({
      data: {
        tenantId: shop.tenantId,
        number,
        customerId: opts.customerId ?? shop.customerId,
        status: opts.status ?? 'pending',
        total: allocated * unitPrice,
        sourceEventId,
        workflowId: `order-line-${sourceEventId}`,
        createdAt: at,
        trackingNumber: opts.trackingNumber ?? null,
        memo: opts.memo ?? null,
        items: {
          create: {
            tenantId: shop.tenantId,
            productId: opts.product?.id ?? shop.productId,
            productCode: opts.product?.code ?? '260108001',
            productName: opts.productName ?? '手工草莓果醬',
            unitPrice,
            requestedQuantity: requested,
            allocatedQuantity: allocated,
          },
        },
      },
    });
    await notifyOrderChanged(tx as unknown as Db, shop.tenantId, order.id);
    return { id: order.id, number };
  });
}
