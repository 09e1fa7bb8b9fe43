import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { ServerDeps } from '../../api/deps.ts';
import type { Db } from '../../db/client.ts';
import { notifyOrderChanged } from '../../db/orders/order-changes.ts';
import { isTransaction } from '../../db/read-together.ts';
import { formatOrderNumber, generateOrderPrefix } from '../../domain/orders/order-number.ts';
import type { OrderStatus } from '../../domain/orders/order-status.ts';
import { taipeiDayKey } from '../../domain/taipei-time.ts';
import {
  createSandboxUser,
  dispatched,
  messagesFor,
  redeliver,
  sandboxPost,
  sendChat,
  sentMessagesFor,
  sentTo,
  textsTo,
} from './line-sandbox.ts';
import { waitFor, type Stack } from './stack.ts';

/**
 * Shops for tests: a tenant with its LINE channel in the sandbox on a Stack (createTestTenant),
 * or one made straight in a server's database (createTenant, createShop) with orders written as
 * the order activity writes them (insertOrder); and the helpers a test file uses on its shop.
 */

export interface TestProduct {
  code: string;
  name: string;
  price: number;
  stock: number;
  isPublic?: boolean;
  /** Later products are "newer": +N orders the newest public one. */
  createdAt?: Date;
}

export interface TestTenant {
  id: string;
  slug: string;
  channelId: string;
  channelSecret: string;
  channelAccessToken: string;
  adminLineUserIds: string[];
  products: Map<string, { id: string }>;
}

const randomIndex = (max: number) => randomBytes(4).readUInt32BE(0) % max;

/**
 * A tenant on the stack with a LINE channel registered in the sandbox (webhook pointing at our server),
 * the given products, and admins bound to LINE users of that channel.
 */
export async function createTestTenant(
  stack: Stack,
  options: { products: TestProduct[]; admins?: number },
): Promise<TestTenant> {
  const suffix = randomBytes(4).toString('hex');
  const slug = `shop-${suffix}`;
  const channelId = String(1_600_000_000 + randomIndex(99_999_999));
  const channelSecret = randomBytes(16).toString('hex');
  const channelAccessToken = randomBytes(32).toString('base64url');
  const id = uuidv7();

  for (let attempt = 0; ; attempt++) {
    try {
      await stack.db.tenant.create({
        data: {
          id,
          slug,
          name: `測試商店 ${suffix}`,
          orderPrefix: generateOrderPrefix(randomIndex),
          lineChannelId: channelId,
          lineChannelSecretEnc: stack.secrets.seal(channelSecret),
          lineChannelTokenEnc: stack.secrets.seal(channelAccessToken),
        },
      });
      break;
    } catch (error) {
      if (attempt > 5) throw error; // an order prefix collision is retried with a new prefix
    }
  }

  await sandboxPost(stack, '/_sandbox/channels', {
    channelId,
    channelSecret,
    channelAccessToken,
    botUserId: `U${randomBytes(16).toString('hex')}`,
    webhookUrl: `${stack.apiUrl}/t/${slug}/webhook`,
  });

  const products = new Map<string, { id: string }>();
  const base = Date.now() - 60_000;
  for (const [index, p] of options.products.entries()) {
    const productId = uuidv7();
    await stack.db.product.create({
      data: {
        id: productId,
        tenantId: id,
        code: p.code,
        name: p.name,
        price: p.price,
        stock: p.stock,
        isPublic: p.isPublic ?? true,
        createdAt: p.createdAt ?? new Date(base + index * 1000),
      },
    });
    products.set(p.code, { id: productId });
  }

  const adminLineUserIds: string[] = [];
  for (let i = 0; i < (options.admins ?? 1); i++) {
    const user = await createSandboxUser(stack, `店長${i + 1}`);
    await stack.db.staff.create({
      data: { id: uuidv7(), tenantId: id, displayName: `店長${i + 1}`, role: 'owner', lineUserId: user },
    });
    adminLineUserIds.push(user);
  }
  return { id, slug, channelId, channelSecret, channelAccessToken, adminLineUserIds, products };
}

/** A customer orders in the shop's chat; resolves once the order is stored and the chat's own answer sent. */
export async function chatOrder(stack: Stack, tenant: TestTenant, name: string, text = '+1') {
  const customer = await createSandboxUser(stack, name);
  const delivery = await sendChat(stack, tenant, customer, text);
  const order = await waitFor('the order row', () =>
    stack.db.order
      .findFirst({ where: { tenantId: tenant.id, sourceEventId: delivery.webhookEventId } })
      .then((o) => o ?? undefined),
  );
  await waitFor('the order answer', async () =>
    (await sentTo(stack, tenant, customer)).length > 0 ? true : undefined,
  );
  return { customer, order };
}

export const stockOf = async (stack: Stack, tenant: TestTenant, code: string) =>
  (await stack.db.product.findUniqueOrThrow({ where: { tenantId_code: { tenantId: tenant.id, code } } })).stock;

/** An order with its items and its timeline, oldest event first. */
export const orderById = (stack: Stack, id: string) =>
  stack.db.order.findUniqueOrThrow({
    where: { id },
    include: { items: true, events: { orderBy: { createdAt: 'asc' } } },
  });

/** What the webhook's event handlers need, for calling one directly (as a second handling of an event). */
export const serverDeps = (stack: Stack) =>
  ({
    db: stack.db,
    temporal: stack.temporal,
    env: { TEMPORAL_TASK_QUEUE: stack.taskQueue } as ServerDeps['env'],
  }) satisfies Pick<ServerDeps, 'db' | 'temporal' | 'env'>;

/**
 * The helpers above and those of line-sandbox.ts for a test file's stack and shop, which its
 * beforeAll sets: `current` is read at each call. `forTenant` names another shop on the stack.
 */
export function shopHelpers(current: () => { stack: Stack; tenant: TestTenant }) {
  const stack = () => current().stack;
  const shop = (forTenant?: TestTenant) => forTenant ?? current().tenant;
  return {
    textsTo: (to: string, forTenant?: TestTenant) => textsTo(stack(), shop(forTenant), to),
    messagesFor: (to: string, count: number, forTenant?: TestTenant) =>
      messagesFor(stack(), shop(forTenant), to, count),
    sentMessagesFor: (to: string, count: number) => sentMessagesFor(stack(), shop(), to, count),
    redeliver: (webhookEventId: string) => redeliver(stack(), webhookEventId),
    dispatched: (webhookEventId: string, forTenant?: TestTenant) =>
      dispatched(stack(), shop(forTenant), webhookEventId),
    chatOrder: (name: string, text?: string) => chatOrder(stack(), shop(), name, text),
    stockOf: (code: string) => stockOf(stack(), shop(), code),
    orderById: (id: string) => orderById(stack(), id),
    serverDeps: () => serverDeps(stack()),
  };
}

/** A shop made straight in the database, without a LINE channel (sign-up through the UI is tested on its own). */
export async function createTenant(
  db: Db,
  slug: string,
  name = `商店 ${slug}`,
  prefix = randomOrderPrefix(),
): Promise<{ id: string; slug: string; name: string }> {
  return db.tenant.create({ data: { slug, name, orderPrefix: prefix }, select: { id: true, slug: true, name: true } });
}

function randomOrderPrefix(): string {
  const letters = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
  return Array.from(randomBytes(4), (b) => letters[b % letters.length]).join('');
}

export interface Shop {
  tenantId: string;
  slug: string;
  name: string;
  prefix: string;
  productId: string;
  customerId: string;
}

/** A shop made straight in the database with one customer and one product (手工草莓果醬, unlimited stock). */
export async function createShop(
  db: Db,
  shop: { slug: string; name: string; prefix: string; customer?: { displayName: string; pictureUrl?: string | null } },
): Promise<Shop> {
  const tenant = await createTenant(db, shop.slug, shop.name, shop.prefix);
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
  // Given a transaction, the order is one of several placed together.
  const inTransaction = <T>(work: (tx: Db) => Promise<T>) =>
    isTransaction(db) ? work(db) : db.$transaction((tx) => work(tx as unknown as Db));
  return inTransaction(async (tx) => {
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
    await notifyOrderChanged(tx, shop.tenantId, order.id);
    return { id: order.id, number };
  });
}
