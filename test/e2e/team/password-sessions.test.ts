import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../api/team/auth/crypto.ts';
import { hashPassword, needsRehash, verifyPassword } from '../../../api/team/auth/passwords.ts';
import { createMember, createSession, HttpClient, type TestMember } from '../../support/auth.ts';
import { startAuthServer, type AuthServer } from '../../support/auth-server.ts';
import { createTenant } from '../../support/shops.ts';

/**
 * E-mail and password sign-in, sessions (rotation, idle and absolute expiry, sign-out), CSRF
 * and sign-in rate limits, over real HTTP against PostgreSQL.
 */

const PASSWORD = '紅茶拿鐵 加珍珠 半糖';
let server: AuthServer;
let tenant: { id: string; slug: string };
let staff: TestMember;

beforeAll(async () => {
  // A small per-IP allowance so the test can reach it without hundreds of scrypt runs.
  server = await startAuthServer('password_auth', { SIGN_IN_MAX_PER_ACCOUNT: '5', SIGN_IN_MAX_PER_IP: '8' });
  tenant = await createTenant(server.db, 'tea-house', '午後紅茶舖');
  staff = await createMember(server.db, tenant.id, {
    role: 'staff',
    displayName: '小美',
    email: 'mei@tea.tw',
    password: PASSWORD,
  });
}, 120_000);
afterAll(() => server?.close());

/** A browser on the sign-in page: it has its pre-session CSRF token. */
async function browser(): Promise<HttpClient> {
  const client = new HttpClient(server.baseUrl);
  await client.refreshCsrf();
  return client;
}

const signIn = (client: HttpClient, email: string, password: string, headers: Record<string, string> = {}) =>
  client.post('/api/auth/sign-in', { email, password }, { headers });

describe('password hashing', () => {
  it('uses scrypt N=2^17, r=8, p=1 with a random salt, and checks in constant time', async () => {
    const a = await hashPassword('correct horse battery staple');
    const b = await hashPassword('correct horse battery staple');
    expect(a).toMatch(/^scrypt\$17\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse battery staple', a)).toBe(true);
    expect(await verifyPassword('correct horse battery stapler', a)).toBe(false);
    expect(await verifyPassword('x', 'bcrypt$whatever')).toBe(false);
    expect(needsRehash(a)).toBe(false);
    expect(needsRehash(await hashPassword('x', { log2N: 14, r: 8, p: 1 }))).toBe(true);
  });
});

describe('POST /api/auth/sign-in', () => {
  it('signs a staff member in: a new httpOnly SameSite=Lax session cookie, the next page, a new CSRF token', async () => {
    const client = await browser();
    const anonymousCsrf = client.csrfToken;
    const response = await signIn(client, '  MEI@tea.tw ', PASSWORD);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { redirectTo: string; csrfToken: string; user: { displayName: string } };
    expect(body).toMatchObject({
      redirectTo: '/t/tea-house/admin/orders',
      user: { displayName: '小美', hasPassword: true },
    });
    expect(body.csrfToken).not.toBe(anonymousCsrf);

    const setCookie = response.headers.getSetCookie().find((c) => c.startsWith(`${server.config.cookies.session}=`))!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).toMatch(/Path=\//);
    expect(setCookie).toMatch(/Max-Age=2592000/);
    // http://127.0.0.1 is the local exception: no Secure, no __Host- prefix (config.ts).
    expect(server.config.secureCookies).toBe(false);
    expect(setCookie).not.toMatch(/Secure/i);

    // The token is stored only as its hash.
    const token = client.cookie(server.config.cookies.session)!;
    expect(token).toMatch(/^[\w-]{43}$/);
    expect(await server.db.session.count({ where: { tokenHash: token } })).toBe(0);
    expect(await server.db.session.count({ where: { tokenHash: sha256Hex(token), userId: staff.userId } })).toBe(1);

    client.csrfToken = body.csrfToken;
    const me = await client.get('/api/t/tea-house/me');
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({
      member: { role: 'staff', displayName: '小美' },
      csrfToken: body.csrfToken,
    });
    const audit = await server.db.auditLog.findFirst({ where: { userId: staff.userId, action: 'auth.sign_in' } });
    expect(audit?.data).toEqual({ method: 'password' });
  });

  it('answers a wrong password and an unknown e-mail the same way', async () => {
    const client = await browser();
    const wrong = await signIn(client, 'mei@tea.tw', 'not the password');
    const unknown = await signIn(client, 'nobody@tea.tw', 'not the password');
    const lineOnly = await createMember(server.db, tenant.id, { role: 'staff', email: 'line-only@tea.tw' });
    const noPassword = await signIn(client, lineOnly.email!, 'not the password');
    for (const response of [wrong, unknown, noPassword]) {
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({
        code: 'invalid_credentials',
        message: '電子郵件或密碼不正確。 The e-mail or password is not correct.',
      });
      expect(response.headers.getSetCookie().some((c) => c.startsWith(server.config.cookies.session))).toBe(false);
    }
    expect(await server.db.auditLog.count({ where: { action: 'auth.sign_in_failed' } })).toBeGreaterThanOrEqual(3);
  });

  it('takes about as long for an unknown e-mail as for a wrong password', async () => {
    const client = await browser();
    const time = async (email: string) => {
      const started = performance.now();
      await signIn(client, email, 'definitely wrong');
      return performance.now() - started;
    };
    // Taken in turns, three each, compared by their medians: one sign-in slowed by a busy
    // machine must not decide it.
    const known: number[] = [];
    const unknown: number[] = [];
    for (let round = 0; round < 3; round += 1) {
      await server.db.rateLimitBucket.deleteMany();
      known.push(await time('mei@tea.tw'));
      unknown.push(await time('ghost@tea.tw'));
    }
    await server.db.rateLimitBucket.deleteMany();
    const median = (ms: number[]) => [...ms].sort((a, b) => a - b)[1]!;
    // Both run one scrypt (hundreds of ms); skipping it would make the unknown one ~100x faster.
    expect(median(unknown)).toBeGreaterThan(median(known) / 5);
  });
});

describe('rate limits', () => {
  it('locks an account after 5 attempts, even with the right password, until the window ends', async () => {
    await server.db.rateLimitBucket.deleteMany();
    const victim = await createMember(server.db, tenant.id, {
      role: 'staff',
      email: 'victim@tea.tw',
      password: PASSWORD,
    });
    const attacker = await browser();
    for (let i = 0; i < 5; i++) {
      expect((await signIn(attacker, 'victim@tea.tw', `guess ${i}`)).status).toBe(401);
    }
    const locked = await signIn(attacker, 'victim@tea.tw', PASSWORD);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(800);
    expect(((await locked.json()) as { message: string }).message).toContain('登入嘗試次數過多');
    // The owner of the account, from elsewhere, waits too: the limit is per account.
    expect((await signIn(await browser(), 'victim@tea.tw', PASSWORD)).status).toBe(429);
    // An unknown e-mail is limited the same way (a 429 says nothing about existence).
    for (let i = 0; i < 5; i++) await signIn(attacker, 'ghost2@tea.tw', `guess ${i}`);
    expect((await signIn(attacker, 'ghost2@tea.tw', 'x')).status).toBe(429);

    // The window ends: the right password works and clears the account's count.
    await server.db.rateLimitBucket.updateMany({ data: { resetAt: new Date(Date.now() - 1000) } });
    const ok = await signIn(await browser(), 'victim@tea.tw', PASSWORD);
    expect(ok.status).toBe(200);
    expect(await server.db.auditLog.count({ where: { action: 'auth.sign_in_throttled' } })).toBeGreaterThan(0);
    expect(victim.userId).toBeTruthy();
  });

  it('limits one IP across many accounts', async () => {
    await server.db.rateLimitBucket.deleteMany();
    const client = await browser();
    const statuses: number[] = [];
    for (let i = 0; i < 9; i++) statuses.push((await signIn(client, `spray${i}@tea.tw`, 'Password123!')).status);
    expect(statuses.slice(0, 8)).toEqual(Array(8).fill(401));
    expect(statuses[8]).toBe(429);
    // A successful sign-in from that IP is blocked too while the window lasts.
    expect((await signIn(client, 'mei@tea.tw', PASSWORD)).status).toBe(429);
    const bucket = await server.db.rateLimitBucket.findUniqueOrThrow({ where: { key: 'sign-in:ip:127.0.0.1' } });
    expect(bucket.count).toBe(10);
    await server.db.rateLimitBucket.deleteMany();
  });
});

describe('sessions', () => {
  it('rotates at sign-in: the session the browser had is revoked, the new token differs', async () => {
    const client = await browser();
    await signIn(client, 'mei@tea.tw', PASSWORD);
    const first = client.cookie(server.config.cookies.session)!;
    client.csrfToken = ((await (await client.get('/api/auth/session')).json()) as { csrfToken: string }).csrfToken;
    // A pre-planted (fixated) cookie does not survive a sign-in either.
    const response = await signIn(client, 'mei@tea.tw', PASSWORD);
    expect(response.status).toBe(200);
    const second = client.cookie(server.config.cookies.session)!;
    expect(second).not.toBe(first);
    const old = await server.db.session.findUniqueOrThrow({ where: { tokenHash: sha256Hex(first) } });
    expect(old.revokedAt).not.toBeNull();
    const stale = await fetch(`${server.baseUrl}/api/auth/session`, {
      headers: { cookie: `${server.config.cookies.session}=${first}` },
    });
    expect(stale.status).toBe(401);
    expect((await client.get('/api/auth/session')).status).toBe(200);
  });

  it('ends after the idle time without requests, and at the absolute limit however active', async () => {
    const idle = await createSession(server.db, server.config, staff.userId, {
      lastSeenAt: new Date(Date.now() - server.config.sessionIdleMs - 1000),
    });
    expect((await fetch(`${server.baseUrl}/api/t/tea-house/me`, { headers: idle.headers })).status).toBe(401);

    const old = await createSession(server.db, server.config, staff.userId, { expiresAt: new Date(Date.now() - 1000) });
    expect((await fetch(`${server.baseUrl}/api/t/tea-house/me`, { headers: old.headers })).status).toBe(401);

    const fresh = await createSession(server.db, server.config, staff.userId, {
      lastSeenAt: new Date(Date.now() - server.config.sessionIdleMs + 120_000),
    });
    expect((await fetch(`${server.baseUrl}/api/t/tea-house/me`, { headers: fresh.headers })).status).toBe(200);
    // Using it moved its idle clock forward.
    const touched = await server.db.session.findUniqueOrThrow({ where: { tokenHash: sha256Hex(fresh.token) } });
    expect(Date.now() - touched.lastSeenAt.getTime()).toBeLessThan(10_000);
  });

  it('signs out: the session is revoked, the cookie cleared; everywhere revokes every session', async () => {
    const a = await createSession(server.db, server.config, staff.userId);
    const b = await createSession(server.db, server.config, staff.userId);
    const c = await createSession(server.db, server.config, staff.userId);
    const out = await fetch(`${server.baseUrl}/api/auth/sign-out`, {
      method: 'POST',
      headers: { ...a.headers, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(out.status).toBe(200);
    expect(out.headers.getSetCookie().find((s) => s.startsWith(`${server.config.cookies.session}=;`))).toMatch(
      /Expires=Thu, 01 Jan 1970/,
    );
    expect((await fetch(`${server.baseUrl}/api/auth/session`, { headers: a.headers })).status).toBe(401);
    expect((await fetch(`${server.baseUrl}/api/auth/session`, { headers: b.headers })).status).toBe(200);

    const all = await fetch(`${server.baseUrl}/api/auth/sign-out`, {
      method: 'POST',
      headers: { ...b.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ everywhere: true }),
    });
    expect(all.status).toBe(200);
    for (const s of [b, c])
      expect((await fetch(`${server.baseUrl}/api/auth/session`, { headers: s.headers })).status).toBe(401);
    expect(await server.db.auditLog.count({ where: { userId: staff.userId, action: 'auth.sign_out' } })).toBe(2);
  });
});

describe('CSRF', () => {
  it('refuses state-changing requests without the token, with a forged one, or another session’s', async () => {
    const owner = await createMember(server.db, tenant.id, { role: 'owner' });
    const mine = await createSession(server.db, server.config, owner.userId);
    const theirs = await createSession(server.db, server.config, staff.userId);
    const invite = (headers: Record<string, string>) =>
      fetch(`${server.baseUrl}/api/t/tea-house/team/invitations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: mine.headers.cookie, ...headers },
        body: JSON.stringify({ displayName: '新同事', role: 'staff' }),
      });
    const before = await server.db.invitation.count();
    const attempts: Record<string, string>[] = [
      {},
      { 'x-csrf-token': '' },
      { 'x-csrf-token': 'forged-token-forged-token-forged-token-xyz' },
      { 'x-csrf-token': theirs.csrfToken },
      { 'x-csrf-token': mine.csrfToken.slice(0, -1) + (mine.csrfToken.endsWith('A') ? 'B' : 'A') },
      // Right token, but the browser says the request comes from another site.
      { 'x-csrf-token': mine.csrfToken, origin: 'https://evil.example' },
      { 'x-csrf-token': mine.csrfToken, 'sec-fetch-site': 'cross-site' },
    ];
    for (const headers of attempts) {
      const response = await invite(headers);
      expect(response.status, JSON.stringify(headers)).toBe(403);
      expect(((await response.json()) as { code: string }).code).toBe('csrf_invalid');
    }
    expect(await server.db.invitation.count()).toBe(before);
    const ok = await invite({
      'x-csrf-token': mine.csrfToken,
      origin: server.baseUrl,
      'sec-fetch-site': 'same-origin',
    });
    expect(ok.status).toBe(201);
    expect(await server.db.invitation.count()).toBe(before + 1);
  });

  it('protects sign-in too (login CSRF): the pre-session token must match this browser’s cookie', async () => {
    const attacker = await browser();
    const victim = await browser();
    const forged = await victim.post(
      '/api/auth/sign-in',
      { email: 'mei@tea.tw', password: PASSWORD },
      { headers: { 'x-csrf-token': attacker.csrfToken! } },
    );
    expect(forged.status).toBe(403);
    const bare = await new HttpClient(server.baseUrl).post('/api/auth/sign-in', {
      email: 'mei@tea.tw',
      password: PASSWORD,
    });
    expect(bare.status).toBe(403);
    expect(victim.cookie(server.config.cookies.session)).toBeUndefined();
  });

  it('leaves the signature-verified LINE webhook alone', async () => {
    const response = await fetch(`${server.baseUrl}/t/tea-house/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-line-signature': 'bad' },
      body: JSON.stringify({ destination: 'U0', events: [] }),
    });
    // Refused by the webhook's own signature check (or the shop's missing channel), not by CSRF.
    expect(response.status).not.toBe(403);
  });
});
