import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadEnv } from '../../config/env.ts';
import { createDb, type Db } from '../../db/client.ts';
import { createSecretBox, type SecretBox } from '../../db/secret-box.ts';
import { signLineBody } from '../../integrations/line/signature.ts';
import { closedPortUrl, startLineSandbox, type RunningSandbox } from '../../sandbox/line/testing.ts';
import { authConfigOf, signedInMember, type TestSession } from '../../test/support/auth.ts';
import { buildServer } from '../server.ts';
import type { LineQuotaResult, LineSettings, LineVerifyResult } from './line-settings.ts';

/** The LINE connection settings through the real server (inject), verified against the sandbox. */

let db: Db;
let box: SecretBox;
let sandbox: RunningSandbox;
let app: Awaited<ReturnType<typeof buildServer>>;
let owner: TestSession;
let manager: TestSession;
let staff: TestSession;
let stranger: TestSession;
const suffix = randomBytes(3).toString('hex');
const secretsKey = randomBytes(32).toString('base64');
const shop = { id: uuidv7(), slug: `line-${suffix}` };
const other = { id: uuidv7(), slug: `line-other-${suffix}` };
const channel = {
  channelId: `20${randomBytes(4).readUInt32BE(0) % 100_000_000}`.padEnd(10, '7'),
  channelSecret: randomBytes(16).toString('hex'),
  channelAccessToken: `tok-${randomBytes(12).toString('base64url')}WXYZ`,
  botUserId: `U${randomBytes(16).toString('hex')}`,
};

async function serverWith(lineApi: string) {
  const raw = {
    DATABASE_URL: inject('databaseUrl'),
    SECRETS_KEY: secretsKey,
    PUBLIC_BASE_URL: 'https://jiayi.example.tw/',
    LINE_API_BASE_URL: lineApi,
    LINE_DATA_API_BASE_URL: lineApi,
  };
  const env = loadEnv(raw);
  box = createSecretBox(env.SECRETS_KEY);
  return {
    raw,
    app: await buildServer({ env, db, temporal: {} as never, secrets: box, log: pino({ level: 'silent' }) }),
  };
}

beforeAll(async () => {
  db = createDb(inject('databaseUrl'), { poolSize: 4 });
  sandbox = await startLineSandbox();
  sandbox.store.upsertChannel({
    ...channel,
    webhookUrl: 'http://127.0.0.1:9/unused',
    displayName: '加一測試小舖',
    basicId: '@jiayitest',
    monthlyQuota: 10,
  });
  const built = await serverWith(sandbox.url);
  app = built.app;
  await db.tenant.create({
    data: { id: shop.id, slug: shop.slug, name: 'LINE 小舖', orderPrefix: `L${suffix.slice(0, 3).toUpperCase()}` },
  });
  await db.tenant.create({
    data: { id: other.id, slug: other.slug, name: '別家', orderPrefix: `M${suffix.slice(0, 3).toUpperCase()}` },
  });
  const config = authConfigOf(built.raw);
  owner = await signedInMember(db, config, shop.id, { role: 'owner' });
  manager = await signedInMember(db, config, shop.id, { role: 'manager' }); // settings: view only
  staff = await signedInMember(db, config, shop.id, { role: 'staff' }); // settings: none
  stranger = await signedInMember(db, config, other.id, { role: 'owner' });
});
afterAll(async () => {
  await app?.close();
  await sandbox?.close();
  await db?.$disconnect();
});

const call = (who: TestSession, method: 'GET' | 'PUT' | 'POST', path = '', payload?: object, slug = shop.slug) =>
  app.inject({
    method,
    url: `/api/t/${slug}/settings/line${path}`,
    headers: who.headers,
    ...(payload === undefined ? {} : { payload }),
  });

const good = () => ({
  channelId: channel.channelId,
  channelSecret: channel.channelSecret,
  channelAccessToken: channel.channelAccessToken,
  liffId: '1657000000-AbCdEfGh',
});

async function webhook(secret: string, slug = shop.slug) {
  const body = JSON.stringify({ destination: channel.botUserId, events: [] });
  return app.inject({
    method: 'POST',
    url: `/t/${slug}/webhook`,
    headers: { 'content-type': 'application/json', 'x-line-signature': signLineBody(body, secret) },
    payload: body,
  });
}

describe('LINE connection settings', () => {
  it('starts empty and shows the webhook URL to paste into the LINE console', async () => {
    const response = await call(owner, 'GET');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json<LineSettings>()).toEqual({
      channelId: null,
      liffId: null,
      channelSecretSet: false,
      accessTokenSet: false,
      accessTokenTail: null,
      webhookUrl: `https://jiayi.example.tw/t/${shop.slug}/webhook`,
      connected: false,
    });
  });

  it('refuses bad input with a message in zh-TW and stores nothing', async () => {
    const before = await db.tenant.findUniqueOrThrow({ where: { id: shop.id } });
    const cases: [object, string, RegExp][] = [
      [{ ...good(), channelId: '12ab34' }, 'channelId', /Channel ID 只能是數字/],
      [{ ...good(), channelId: '' }, 'channelId', /請輸入 Channel ID/],
      [{ ...good(), channelSecret: 'abc123' }, 'channelSecret', /32 個英數字/],
      [{ ...good(), channelSecret: 'z'.repeat(32) }, 'channelSecret', /32 個英數字/],
      [{ ...good(), channelAccessToken: 'has space' }, 'channelAccessToken', /不能包含空白/],
      [{ ...good(), liffId: 'liff-abc' }, 'liffId', /LIFF ID 的格式/],
      // The first save must bring a secret and a token (blank means "keep", and there is none).
      [{ ...good(), channelSecret: '' }, 'channelSecret', /請輸入 Channel secret/],
      [{ ...good(), channelAccessToken: '  ' }, 'channelAccessToken', /請輸入 Access token/],
    ];
    for (const [body, field, message] of cases) {
      const response = await call(owner, 'PUT', '', body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      const json = response.json<{ code: string; message: string; fields: Record<string, string> }>();
      expect(json.code).toBe('invalid_line_settings');
      expect(json.fields[field], JSON.stringify(json)).toMatch(message);
    }
    expect(await db.tenant.findUniqueOrThrow({ where: { id: shop.id } })).toEqual(before);
  });

  it('verify before anything is saved says what is missing', async () => {
    const response = await call(owner, 'POST', '/verify', {});
    expect(response.statusCode).toBe(200);
    expect(response.json<LineVerifyResult>()).toMatchObject({ ok: false, problem: 'not_configured' });
  });

  it('saves, encrypts the secrets, never returns them, and the webhook uses the new secret at once', async () => {
    // A delivery before the channel is connected: 404, and the directory caches that miss.
    expect((await webhook(channel.channelSecret)).statusCode).toBe(404);
    const response = await call(owner, 'PUT', '', good());
    expect(response.statusCode, response.body).toBe(200);
    const saved = response.json<LineSettings>();
    expect(saved).toMatchObject({
      channelId: channel.channelId,
      liffId: '1657000000-AbCdEfGh',
      channelSecretSet: true,
      accessTokenSet: true,
      accessTokenTail: 'WXYZ',
      connected: true,
    });
    expect(response.body).not.toContain(channel.channelSecret);
    expect(response.body).not.toContain(channel.channelAccessToken);
    const row = await db.tenant.findUniqueOrThrow({ where: { id: shop.id } });
    expect(row.lineChannelSecretEnc).toMatch(/^v1\./);
    expect(row.lineChannelSecretEnc).not.toContain(channel.channelSecret);
    expect(box.open(row.lineChannelSecretEnc!)).toBe(channel.channelSecret);
    expect(box.open(row.lineChannelTokenEnc!)).toBe(channel.channelAccessToken);
    // The cached "not connected" was forgotten: the webhook verifies with the saved secret now.
    expect((await webhook(channel.channelSecret)).statusCode).toBe(200);

    const audit = await db.auditLog.findFirstOrThrow({
      where: { tenantId: shop.id, action: 'settings.line.update' },
      orderBy: { createdAt: 'desc' },
    });
    expect(audit.data).toEqual({ changed: ['channelId', 'channelSecret', 'channelAccessToken', 'liffId'] });
    expect(JSON.stringify(audit)).not.toContain(channel.channelSecret);
  });

  it('blank secret and token keep the stored ones; a new secret replaces the cached one', async () => {
    const keep = await call(owner, 'PUT', '', { ...good(), channelSecret: '', channelAccessToken: '', liffId: '' });
    expect(keep.statusCode, keep.body).toBe(200);
    expect(keep.json<LineSettings>()).toMatchObject({ accessTokenTail: 'WXYZ', channelSecretSet: true, liffId: null });
    const row = await db.tenant.findUniqueOrThrow({ where: { id: shop.id } });
    expect(box.open(row.lineChannelSecretEnc!)).toBe(channel.channelSecret);

    const newSecret = randomBytes(16).toString('hex');
    expect((await call(owner, 'PUT', '', { ...good(), channelSecret: newSecret })).statusCode).toBe(200);
    expect((await webhook(channel.channelSecret)).statusCode).toBe(401);
    expect((await webhook(newSecret)).statusCode).toBe(200);
    // back to the sandbox channel's secret for the tests below
    expect((await call(owner, 'PUT', '', good())).statusCode).toBe(200);
  });

  it('verify with the right token: the bot, and the monthly quota', async () => {
    const response = await call(owner, 'POST', '/verify', {});
    expect(response.statusCode, response.body).toBe(200);
    const result = response.json<LineVerifyResult>();
    expect(result).toMatchObject({
      ok: true,
      channelId: channel.channelId,
      bot: { displayName: '加一測試小舖', basicId: '@jiayitest' },
      quota: { limit: 10, used: 0, percent: 0, nearLimit: false, exhausted: false },
      quotaMessage: null,
    });
    if (result.ok) expect(result.message).toContain('已連上 LINE 官方帳號「加一測試小舖」');
  });

  it('warns when 80% of the quota is used', async () => {
    sandbox.store.pushUsage.set(channel.channelId, 8);
    const result = (await call(owner, 'POST', '/verify', {})).json<LineVerifyResult>();
    expect(result).toMatchObject({ ok: true, quota: { limit: 10, used: 8, percent: 80, nearLimit: true } });
    if (result.ok) expect(result.quotaMessage).toMatch(/已使用 80%（8 \/ 10 則）/);
    // The page reads it on load too, for anyone who may view the settings.
    const quota = await call(manager, 'GET', '/quota');
    expect(quota.statusCode, quota.body).toBe(200);
    expect(quota.json<LineQuotaResult>()).toMatchObject({
      quota: { used: 8, nearLimit: true },
      message: expect.stringMatching(/已使用 80%/),
    });
    sandbox.store.pushUsage.set(channel.channelId, 10);
    const full = (await call(owner, 'POST', '/verify', {})).json<LineVerifyResult>();
    if (full.ok) expect(full.quotaMessage).toMatch(/已經用完/);
    expect(full).toMatchObject({ ok: true, quota: { exhausted: true } });
    sandbox.store.pushUsage.set(channel.channelId, 0);
  });

  it('verify with a wrong token says plainly that the token is the problem', async () => {
    expect((await call(owner, 'PUT', '', { ...good(), channelAccessToken: 'not-a-real-token' })).statusCode).toBe(200);
    const result = (await call(owner, 'POST', '/verify', {})).json<LineVerifyResult>();
    expect(result).toMatchObject({ ok: false, problem: 'token_invalid' });
    expect(result.message).toMatch(/Access token 無效或已過期/);
    expect((await call(owner, 'PUT', '', good())).statusCode).toBe(200);
  });

  it('verify with a token of another channel names both channels', async () => {
    expect((await call(owner, 'PUT', '', { ...good(), channelId: '1234567890' })).statusCode).toBe(200);
    const result = (await call(owner, 'POST', '/verify', {})).json<LineVerifyResult>();
    expect(result).toMatchObject({ ok: false, problem: 'channel_mismatch' });
    expect(result.message).toContain(channel.channelId);
    expect(result.message).toContain('1234567890');
    expect((await call(owner, 'PUT', '', good())).statusCode).toBe(200);
  });

  it('verify when LINE cannot be reached says it is the network', async () => {
    const offline = await serverWith(await closedPortUrl());
    try {
      const config = authConfigOf(offline.raw);
      const me = await signedInMember(db, config, shop.id, { role: 'owner' });
      const response = await offline.app.inject({
        method: 'POST',
        url: `/api/t/${shop.slug}/settings/line/verify`,
        headers: me.headers,
        payload: {},
      });
      expect(response.json<LineVerifyResult>()).toMatchObject({ ok: false, problem: 'network' });
      expect(response.json<LineVerifyResult>().message).toMatch(/連不上 LINE 伺服器/);
    } finally {
      await offline.app.close();
    }
  });

  it('roles: a manager may look, staff may not, and neither may change anything', async () => {
    expect((await call(manager, 'GET')).statusCode).toBe(200);
    expect((await call(manager, 'PUT', '', good())).statusCode).toBe(403);
    expect((await call(manager, 'POST', '/verify', {})).statusCode).toBe(403);
    expect((await call(staff, 'GET')).statusCode).toBe(403);
    expect((await call(staff, 'GET', '/quota')).statusCode).toBe(403);
  });

  it('tenant isolation: another shop’s owner gets 404 and changes nothing', async () => {
    const before = await db.tenant.findUniqueOrThrow({ where: { id: shop.id } });
    for (const [method, path, body] of [
      ['GET', '', undefined],
      ['GET', '/quota', undefined],
      ['PUT', '', { ...good(), channelId: '999' }],
      ['POST', '/verify', {}],
    ] as const) {
      const response = await call(stranger, method, path, body);
      expect(response.statusCode, `${method} ${path}`).toBe(404);
      expect(response.json()).toEqual({ code: 'not_found', message: '找不到這個商店 (no shop with this address)' });
    }
    expect(await db.tenant.findUniqueOrThrow({ where: { id: shop.id } })).toEqual(before);
    // The stranger's own shop is untouched and unconnected.
    const own = (await call(stranger, 'GET', '', undefined, other.slug)).json<LineSettings>();
    expect(own).toMatchObject({ channelId: null, connected: false });
  });
});
