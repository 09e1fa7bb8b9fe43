import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promoCodeInputSchema } from '../../domain/promotions/promo-codes.ts';
import { createDb, type Db } from '../client.ts';
import { applyMigrations } from '../migrate.ts';
import { scratchDatabases, scratchTenant } from '../../test/support/scratch-database.ts';
import { createPromoCode, findUsablePromoCode, redeemPromoCode, releasePromoCodeUse } from './promo-codes.ts';

/**
 * Promo code uses against a real PostgreSQL, with as many connections as checkouts racing:
 * the last use goes to exactly one order, a customer's allowance holds, a retried checkout
 * keeps its one use, and a shop never sees or uses another shop's code.
 */

const scratch = scratchDatabases('promo_codes');
let db: Db;
let tenantId: string;
let otherTenantId: string;
const now = new Date('2026-12-08T04:00:00Z');

beforeAll(async () => {
  const url = scratch.url();
  await applyMigrations(url);
  db = createDb(url, { poolSize: 10 });
  tenantId = await newTenant();
  otherTenantId = await newTenant();
}, 60_000);
afterAll(async () => {
  await db?.$disconnect();
  await scratch.dropAll();
});

const newTenant = () => scratchTenant(db);
async function newCustomer(tenant = tenantId): Promise<string> {
  const c = await db.customer.create({
    data: { tenantId: tenant, lineUserId: `U${randomBytes(16).toString('hex')}`, displayName: '顧客' },
  });
  return c.id;
}
const everything = { itemIds: null, categoryIds: null, excludedItemIds: [] };

async function newCode(tenant: string, code: string, limits: { totalLimit?: number; perCustomerLimit?: number }) {
  const input = promoCodeInputSchema.parse({
    code,
    label: '折 50',
    rule: {
      value: { kind: 'amount', amount: 50 },
      scope: everything,
      minSpend: 0,
      stacks: false,
    },
    startsAt: null,
    endsAt: null,
    totalLimit: limits.totalLimit ?? null,
    perCustomerLimit: limits.perCustomerLimit ?? null,
  });
  const created = await createPromoCode(db, tenant, input);
  if (created === 'taken') throw new Error('code taken');
  return created;
}
const redeem = (typed: string, customerId: string, orderRef: string, tenant = tenantId) =>
  redeemPromoCode(db, { tenantId: tenant, typed, customerId, orderRef, amount: 50, now });

describe('promo code uses', () => {
  it('gives the last use to exactly one of eight checkouts racing for it', async () => {
    const code = await newCode(tenantId, 'LAST1', { totalLimit: 3 });
    const first = await newCustomer();
    expect((await redeem('last1', first, 'order-a')).ok).toBe(true);
    expect((await redeem('last1', await newCustomer(), 'order-b')).ok).toBe(true);
    const racers = await Promise.all(Array.from({ length: 8 }, () => newCustomer()));
    const results = await Promise.all(racers.map((c, i) => redeem('LAST1', c, `race-${i}`)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.reason)).toEqual(Array(7).fill('used_up'));
    const stored = await db.promoCode.findUniqueOrThrow({ where: { id: code.id } });
    expect(stored.usedCount).toBe(3);
    expect(await db.promoCodeUse.count({ where: { promoCodeId: code.id } })).toBe(3);
  });

  it('holds one customer to their allowance even from two phones at once', async () => {
    await newCode(tenantId, 'ONCE', { perCustomerLimit: 1 });
    const customer = await newCustomer();
    const results = await Promise.all([1, 2, 3, 4].map((n) => redeem('ONCE', customer, `phone-${n}`)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.reason)).toEqual(Array(3).fill('customer_limit'));
    expect((await redeem('ONCE', await newCustomer(), 'someone-else')).ok).toBe(true);
  });

  it('keeps a retried checkout to its one use, and gives it back when the order is cancelled', async () => {
    const code = await newCode(tenantId, 'RETRY', { totalLimit: 1 });
    const customer = await newCustomer();
    const attempts = await Promise.all([1, 2, 3].map(() => redeem('RETRY', customer, 'order-retry')));
    expect(attempts.every((r) => r.ok)).toBe(true);
    expect(attempts.filter((r) => r.ok && !r.repeated)).toHaveLength(1);
    expect((await db.promoCode.findUniqueOrThrow({ where: { id: code.id } })).usedCount).toBe(1);

    expect(await releasePromoCodeUse(db, { tenantId: otherTenantId, orderRef: 'order-retry' })).toBe(false);
    expect(await releasePromoCodeUse(db, { tenantId, orderRef: 'order-retry' })).toBe(true);
    expect((await db.promoCode.findUniqueOrThrow({ where: { id: code.id } })).usedCount).toBe(0);
    expect((await redeem('RETRY', await newCustomer(), 'order-next')).ok).toBe(true);
  });

  it('never finds or uses another shop’s code', async () => {
    await newCode(otherTenantId, 'THEIRS', {});
    const mine = await newCustomer();
    expect(await redeem('THEIRS', mine, 'x')).toEqual({ ok: false, reason: 'unknown' });
    expect(await findUsablePromoCode(db, { tenantId, typed: 'theirs', customerId: mine, now })).toEqual({
      ok: false,
      reason: 'unknown',
    });
    const theirs = await findUsablePromoCode(db, { tenantId: otherTenantId, typed: 'theirs', customerId: null, now });
    expect(theirs.ok && theirs.code.code).toBe('THEIRS');
    expect(
      await createPromoCode(
        db,
        otherTenantId,
        promoCodeInputSchema.parse({
          code: 'theirs',
          label: '重複',
          rule: {
            value: { kind: 'percent', percent: 10 },
            scope: everything,
            minSpend: 0,
            stacks: true,
          },
          startsAt: null,
          endsAt: null,
          totalLimit: null,
          perCustomerLimit: null,
        }),
      ),
    ).toBe('taken');
  });
});
