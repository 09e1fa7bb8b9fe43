import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UNKNOWN_CUSTOMER_NAME } from '../../domain/customers/customer-name.ts';
import { createDb, type Db } from '../client.ts';
import { isCustomerBlocked, recordCustomerFollow, recordCustomerUnfollow } from './customer-follow.ts';
import { findCustomerOrderHistory } from './customer-history.ts';
import { applyMigrations } from '../migrate.ts';
import { scratchDatabases, scratchTenant } from '../../test/support/scratch-database.ts';

/**
 * Follow and unfollow writes against a real PostgreSQL: whatever order the events run in,
 * and however often each runs, the customer ends as the newest event says. And the history
 * query stays inside its tenant.
 */

const scratch = scratchDatabases('customer_follow');
let db: Db;
let tenantId: string;
const T0 = Date.parse('2026-01-08T01:00:00.000Z');

beforeAll(async () => {
  const url = scratch.url();
  await applyMigrations(url);
  db = createDb(url, { poolSize: 4 });
  tenantId = await newTenant();
}, 60_000);
afterAll(async () => {
  await db?.$disconnect();
  await scratch.dropAll();
});

const newTenant = () => scratchTenant(db);
const newUser = () => `U${randomBytes(16).toString('hex')}`;

type FriendEvent = { kind: 'follow' | 'unfollow'; at: number };
const apply = (lineUserId: string, e: FriendEvent) =>
  e.kind === 'follow'
    ? recordCustomerFollow(db, {
        tenantId,
        lineUserId,
        profile: { displayName: '顧客', pictureUrl: null },
        followedAt: new Date(e.at),
        placeholderName: UNKNOWN_CUSTOMER_NAME,
      })
    : recordCustomerUnfollow(db, {
        tenantId,
        lineUserId,
        unfollowedAt: new Date(e.at),
        placeholderName: UNKNOWN_CUSTOMER_NAME,
      });

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [items.slice()];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}

describe('recordCustomerFollow / recordCustomerUnfollow', () => {
  const histories: FriendEvent[][] = [
    [{ kind: 'follow', at: T0 }],
    [{ kind: 'unfollow', at: T0 }],
    [
      { kind: 'follow', at: T0 },
      { kind: 'unfollow', at: T0 + 1000 },
    ],
    [
      { kind: 'unfollow', at: T0 },
      { kind: 'follow', at: T0 + 1000 },
    ],
    [
      { kind: 'follow', at: T0 },
      { kind: 'unfollow', at: T0 + 1000 },
      { kind: 'follow', at: T0 + 2000 },
    ],
    [
      { kind: 'follow', at: T0 },
      { kind: 'unfollow', at: T0 + 1000 },
      { kind: 'follow', at: T0 + 2000 },
      { kind: 'unfollow', at: T0 + 3000 },
    ],
  ];

  it.each(histories.map((h) => [h.map((e) => e.kind).join(' → '), h] as const))(
    '%s: every order of running, each event twice, ends as the newest event says',
    async (_name, history) => {
      const newest = history.reduce((a, b) => (b.at > a.at ? b : a));
      const lastFollow = history
        .filter((e) => e.kind === 'follow')
        .reduce<number | null>((m, e) => Math.max(m ?? 0, e.at), null);
      for (const order of permutations(history)) {
        const user = newUser();
        for (const event of [...order, ...order]) await apply(user, event);
        const customer = await db.customer.findUniqueOrThrow({
          where: { tenantId_lineUserId: { tenantId, lineUserId: user } },
        });
        if (newest.kind === 'unfollow') expect(customer.blockedAt?.getTime()).toBe(newest.at);
        else expect(customer.blockedAt).toBeNull();
        expect(customer.followedAt?.getTime() ?? null).toBe(lastFollow);
        expect(await isCustomerBlocked(db, tenantId, user)).toBe(newest.kind === 'unfollow');
      }
    },
  );

  it('a follow reports still blocked when a newer unfollow is already recorded', async () => {
    const user = newUser();
    await apply(user, { kind: 'unfollow', at: T0 + 1000 });
    expect(await apply(user, { kind: 'follow', at: T0 })).toMatchObject({ blocked: true });
    expect(await apply(user, { kind: 'follow', at: T0 + 2000 })).toMatchObject({ blocked: false });
  });

  it('an unfollow says whether it changed anything', async () => {
    const user = newUser();
    expect(await apply(user, { kind: 'unfollow', at: T0 })).toMatchObject({ changed: true });
    expect(await apply(user, { kind: 'unfollow', at: T0 })).toMatchObject({ changed: false });
    await apply(user, { kind: 'follow', at: T0 + 1000 });
    expect(await apply(user, { kind: 'unfollow', at: T0 + 500 })).toMatchObject({ changed: false });
  });

  it('a follow keeps the known name when LINE shows no profile, and refreshes it when it does', async () => {
    const user = newUser();
    await recordCustomerFollow(db, {
      tenantId,
      lineUserId: user,
      profile: { displayName: '王小明', pictureUrl: 'https://example.com/a.jpg' },
      followedAt: new Date(T0),
      placeholderName: UNKNOWN_CUSTOMER_NAME,
    });
    await recordCustomerFollow(db, {
      tenantId,
      lineUserId: user,
      profile: null,
      followedAt: new Date(T0 + 1),
      placeholderName: UNKNOWN_CUSTOMER_NAME,
    });
    let customer = await db.customer.findUniqueOrThrow({
      where: { tenantId_lineUserId: { tenantId, lineUserId: user } },
    });
    expect(customer).toMatchObject({ displayName: '王小明', pictureUrl: 'https://example.com/a.jpg' });
    await recordCustomerFollow(db, {
      tenantId,
      lineUserId: user,
      profile: { displayName: '王大明', pictureUrl: null },
      followedAt: new Date(T0 + 2),
      placeholderName: UNKNOWN_CUSTOMER_NAME,
    });
    customer = await db.customer.findUniqueOrThrow({ where: { tenantId_lineUserId: { tenantId, lineUserId: user } } });
    expect(customer).toMatchObject({ displayName: '王大明', pictureUrl: null });
  });

  it('the same LINE user in another tenant is another customer', async () => {
    const user = newUser();
    const other = await newTenant();
    await apply(user, { kind: 'unfollow', at: T0 });
    expect(await isCustomerBlocked(db, tenantId, user)).toBe(true);
    expect(await isCustomerBlocked(db, other, user)).toBe(false);
  });
});

describe('findCustomerOrderHistory', () => {
  it('returns the newest orders of the customer in this tenant only, with the total count', async () => {
    const user = newUser();
    const other = await newTenant();
    const seed = async (tenant: string, numbers: string[]) => {
      const customer = await db.customer.create({ data: { tenantId: tenant, lineUserId: user, displayName: '顧客' } });
      const product = await db.product.create({
        data: { tenantId: tenant, code: '260108001', name: '草莓大福', price: 150, stock: -1 },
      });
      for (const [i, number] of numbers.entries()) {
        await db.order.create({
          data: {
            tenantId: tenant,
            number,
            customerId: customer.id,
            status: i % 2 ? 'paid' : 'confirmed',
            total: 150 * (i + 1),
            sourceEventId: `e-${number}`,
            workflowId: `w-${number}`,
            createdAt: new Date(T0 + i * 60_000),
            items: {
              create: {
                tenantId: tenant,
                productId: product.id,
                productCode: '260108001',
                productName: '草莓大福',
                unitPrice: 150,
                requestedQuantity: i + 1,
                allocatedQuantity: i + 1,
              },
            },
          },
        });
      }
    };
    await seed(tenantId, ['AAAA-20260108-0001', 'AAAA-20260108-0002', 'AAAA-20260108-0003']);
    await seed(other, ['BBBB-20260108-0009']);

    const history = await findCustomerOrderHistory(db, tenantId, user, 2);
    expect(history.totalCount).toBe(3);
    expect(history.orders.map((o) => o.orderNumber)).toEqual(['AAAA-20260108-0003', 'AAAA-20260108-0002']);
    expect(history.orders[0]).toMatchObject({
      status: 'confirmed',
      total: 450,
      createdAt: new Date(T0 + 120_000),
      items: [{ productCode: '260108001', productName: '草莓大福', allocated: 3 }],
    });
    expect(await findCustomerOrderHistory(db, tenantId, newUser(), 5)).toEqual({ totalCount: 0, orders: [] });
  });
});
