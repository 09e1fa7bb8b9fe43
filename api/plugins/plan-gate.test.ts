import { randomBytes } from 'node:crypto';
import Fastify from 'fastify';
import pino from 'pino';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadEnv } from '../../config/env.ts';
import { createDb, type Db } from '../../db/client.ts';
import { createSecretBox } from '../../db/secret-box.ts';
import { authConfigOf, signedInMember, type TestSession } from '../../test/support/auth.ts';
import { tenantScope } from '../tenant-scope.ts';
import { authPlugin, requireFeature, requirePage } from './auth.ts';

/**
 * The plan gate: a MAX route (打卡出勤管理 here) answers shops on the standard plan 403 with the
 * way to upgrade, serves MAX shops and shops Jiayi does not bill; and the read-only gate lets a
 * paused shop read but not change. On the run's PostgreSQL, through the real auth plugin.
 */
let db: Db;
let app: ReturnType<typeof Fastify>;
const suffix = randomBytes(3).toString('hex');
const shops = {
  standard: { id: uuidv7(), slug: `gate-std-${suffix}` },
  max: { id: uuidv7(), slug: `gate-max-${suffix}` },
  unbilled: { id: uuidv7(), slug: `gate-free-${suffix}` },
  paused: { id: uuidv7(), slug: `gate-paused-${suffix}` },
};
const owners: Record<keyof typeof shops, TestSession> = {} as never;

beforeAll(async () => {
  const raw = { DATABASE_URL: inject('databaseUrl'), SECRETS_KEY: randomBytes(32).toString('base64') };
  const env = loadEnv(raw);
  db = createDb(env.DATABASE_URL, { poolSize: 2 });
  app = Fastify();
  await app.register(authPlugin, {
    deps: { env, db, temporal: {} as never, secrets: createSecretBox(env.SECRETS_KEY), log: pino({ level: 'silent' }) },
  });
  await tenantScope(app, async (shop) => {
    shop.get('/attendance', { preHandler: [requirePage('attendance', 'view'), requireFeature('attendance')] }, async () => ({
      ok: true,
    }));
    shop.post(
      '/attendance',
      { preHandler: [requirePage('attendance', 'manage'), requireFeature('attendance')] },
      async () => ({ ok: true }),
    );
  });
  const config = authConfigOf(raw);
  let n = 0;
  for (const [name, shop] of Object.entries(shops) as [keyof typeof shops, { id: string; slug: string }][]) {
    n += 1;
    await db.tenant.create({
      data: {
        ...shop,
        name: shop.slug,
        orderPrefix: `GT${suffix.slice(0, 1).toUpperCase()}${'ABCD'[n - 1]}`.slice(0, 4),
      },
    });
    owners[name] = await signedInMember(db, config, shop.id, { role: 'owner' });
  }
  await db.tenantSubscription.createMany({
    data: [
      { tenantId: shops.standard.id, planCode: 'standard', status: 'active', access: 'full' },
      { tenantId: shops.max.id, planCode: 'max', status: 'trialing', access: 'full' },
      { tenantId: shops.paused.id, planCode: 'max', status: 'unpaid', access: 'read_only' },
    ],
  });
});
afterAll(async () => {
  await app?.close();
  await db?.$disconnect();
});

const call = (name: keyof typeof shops, method: 'GET' | 'POST') =>
  app.inject({ method, url: `/api/t/${shops[name].slug}/attendance`, headers: owners[name].headers });

describe('the plan gate', () => {
  it('refuses a MAX route on the standard plan, with the way to upgrade', async () => {
    const refused = await call('standard', 'GET');
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toEqual({
      code: 'plan_feature',
      feature: 'attendance',
      message: '「打卡出勤管理」是進階方案（MAX）的功能，請到「付費方案」升級。',
    });
  });

  it('serves the MAX plan and shops Jiayi does not bill', async () => {
    expect((await call('max', 'GET')).json()).toEqual({ ok: true });
    expect((await call('max', 'POST')).statusCode).toBe(200);
    expect((await call('unbilled', 'GET')).statusCode).toBe(200);
  });

  it('lets a paused shop read but not change anything', async () => {
    expect((await call('paused', 'GET')).statusCode).toBe(200);
    const refused = await call('paused', 'POST');
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'shop_read_only' });
  });
});
