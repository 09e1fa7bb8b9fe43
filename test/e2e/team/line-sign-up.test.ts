import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createShopWithOwner } from '../../../api/team/auth/shops.ts';
import { isOrderPrefix } from '../../../domain/orders/order-number.ts';
import { DEFAULT_PROVIDER_ID, loginUserIdFor } from '../../../sandbox/line/routes-login.ts';
import { HttpClient } from '../../support/auth.ts';
import { startAuthServer, type AuthServer } from '../../support/auth-server.ts';
import { createSandboxUser } from '../../support/line-sandbox.ts';

/**
 * Sign-up and sign-in with LINE Login, over real HTTP: our server, the LINE sandbox as LINE
 * (consent screen, token endpoint with PKCE, HS256 ID tokens), PostgreSQL.
 */

let server: AuthServer;

beforeAll(async () => {
  server = await startAuthServer('line_auth');
}, 120_000);
afterAll(() => server?.close());

/** Press the LINE button, pick `lineUserId` on LINE's consent screen and approve (or cancel). */
async function throughLine(
  client: HttpClient,
  lineUserId: string,
  start: Record<string, unknown>,
  opts: { decision?: 'allow' | 'deny'; beforeCallback?: () => Promise<void> } = {},
): Promise<{ status: number; location: string; callbackUrl: string }> {
  await client.refreshCsrf();
  const started = await client.post('/api/auth/line/start', start);
  expect(started.status).toBe(200);
  const { authorizeUrl } = (await started.json()) as { authorizeUrl: string };
  const authorize = new URL(authorizeUrl);
  expect(authorize.origin).toBe(server.sandbox.url);
  expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
  expect(authorize.searchParams.get('redirect_uri')).toBe(`${server.baseUrl}/api/auth/line/callback`);

  const consent = await client.get(authorizeUrl);
  expect(consent.status).toBe(200);
  const form = new URLSearchParams(authorize.searchParams);
  form.set('userId', lineUserId);
  form.set('decision', opts.decision ?? 'allow');
  const approved = await client.request('POST', `${server.sandbox.url}/oauth2/v2.1/authorize`, { form });
  expect(approved.status).toBe(302);
  const callbackUrl = approved.headers.get('location')!;
  expect(callbackUrl.startsWith(`${server.baseUrl}/api/auth/line/callback?`)).toBe(true);
  await opts.beforeCallback?.();
  const back = await client.get(callbackUrl);
  return { status: back.status, location: back.headers.get('location') ?? '', callbackUrl };
}

const sessionOf = async (client: HttpClient) => {
  const response = await client.get('/api/auth/session');
  return { status: response.status, body: (await response.json()) as Record<string, unknown> & { csrfToken?: string } };
};

describe('a new merchant signs up with LINE Login', () => {
  let owner: HttpClient;
  let lineUserId: string;

  it('creates the account from the ID token and sends the person to the shop form', async () => {
    lineUserId = await createSandboxUser(server, '陳老闆');
    owner = new HttpClient(server.baseUrl);
    const back = await throughLine(owner, lineUserId, { intent: 'sign_up' });
    expect(back).toMatchObject({ status: 303, location: '/sign-up/shop' });
    expect(owner.cookie(server.config.cookies.session)).toBeTruthy();
    expect(owner.cookie(server.config.cookies.lineLogin)).toBeUndefined();

    const { status, body } = await sessionOf(owner);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      user: { displayName: '陳老闆', email: null, hasPassword: false, hasLine: true },
      memberships: [],
      home: '/sign-up/shop',
    });
    // LINE Login IDs are per provider: ours is not the shop channel's ID for the same person.
    const user = await server.db.user.findFirstOrThrow({ where: { displayName: '陳老闆' } });
    expect(user.lineLoginUserId).toBe(loginUserIdFor(DEFAULT_PROVIDER_ID, lineUserId));
    expect(user.lineLoginUserId).not.toBe(lineUserId);
    expect(await server.db.loginState.count()).toBe(0);
  });

  it('names the company, contact and slug, and becomes the owner of a new tenant', async () => {
    owner.csrfToken = (await sessionOf(owner)).body.csrfToken!;
    const bad = await owner.post('/api/auth/shops', {
      companyName: ' ',
      contactName: '陳大文',
      contactPhone: '12',
      slug: 'Admin',
    });
    expect(bad.status).toBe(400);
    const problems = (await bad.json()) as { fields: Record<string, string> };
    expect(Object.keys(problems.fields).sort()).toEqual(['companyName', 'contactPhone', 'slug']);
    expect(problems.fields.slug).toContain('保留字');

    const created = await owner.post('/api/auth/shops', {
      companyName: '陳家手作甜點',
      contactName: '陳大文',
      contactPhone: '0912-345-678',
      slug: ' Chen-Sweets ',
    });
    expect(created.status).toBe(201);
    expect(await created.json()).toEqual({
      tenant: { slug: 'chen-sweets', name: '陳家手作甜點' },
      redirectTo: '/t/chen-sweets/admin/orders',
    });
    const tenant = await server.db.tenant.findUniqueOrThrow({
      where: { slug: 'chen-sweets' },
      include: { staff: true },
    });
    expect(tenant).toMatchObject({ name: '陳家手作甜點', contactName: '陳大文', contactPhone: '0912345678' });
    expect(isOrderPrefix(tenant.orderPrefix)).toBe(true);
    expect(tenant.staff).toHaveLength(1);
    expect(tenant.staff[0]).toMatchObject({ role: 'owner', displayName: '陳大文' });

    const me = await owner.get('/api/t/chen-sweets/me');
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({
      member: { role: 'owner', permissions: { team: 'manage', 'settings/line': 'manage', 'settings/shop': 'manage' } },
    });

    const audit = await server.db.auditLog.findMany({
      where: { userId: tenant.staff[0]!.userId! },
      orderBy: { createdAt: 'asc' },
    });
    expect(audit.map((a) => a.action)).toEqual(['auth.sign_up', 'auth.sign_in', 'tenant.create']);
    expect(audit[2]).toMatchObject({ tenantId: tenant.id, targetType: 'tenant', targetId: tenant.id });

    const taken = await owner.post('/api/auth/shops', {
      companyName: '另一家',
      contactName: '陳大文',
      contactPhone: '0912345678',
      slug: 'chen-sweets',
    });
    expect(taken.status).toBe(409);
    expect((await taken.json()) as { code: string }).toMatchObject({ code: 'slug_taken' });
  });

  it('signs in again with LINE, in a new session, straight to the shop', async () => {
    const again = new HttpClient(server.baseUrl);
    const back = await throughLine(again, lineUserId, { intent: 'sign_in' });
    expect(back).toMatchObject({ status: 303, location: '/t/chen-sweets/admin/orders' });
    expect(again.cookie(server.config.cookies.session)).not.toBe(owner.cookie(server.config.cookies.session));
    // "Sign up" with an account that exists simply signs in.
    const third = new HttpClient(server.baseUrl);
    expect(
      (await throughLine(third, lineUserId, { intent: 'sign_up', returnTo: '/t/chen-sweets/admin/team' })).location,
    ).toBe('/t/chen-sweets/admin/team');
  });

  it('does not sign in a LINE account that never signed up', async () => {
    const stranger = await createSandboxUser(server, '路人甲');
    const client = new HttpClient(server.baseUrl);
    const back = await throughLine(client, stranger, { intent: 'sign_in' });
    expect(back).toMatchObject({ status: 303, location: '/sign-in?error=line_not_registered' });
    expect(client.cookie(server.config.cookies.session)).toBeUndefined();
    expect(await server.db.user.count({ where: { displayName: '路人甲' } })).toBe(0);
  });

  it('says so when the person cancels on LINE’s consent screen', async () => {
    const client = new HttpClient(server.baseUrl);
    const back = await throughLine(client, lineUserId, { intent: 'sign_up' }, { decision: 'deny' });
    expect(back).toMatchObject({ status: 303, location: '/sign-up?error=line_denied' });
    expect(client.cookie(server.config.cookies.session)).toBeUndefined();
  });
});

describe('state, nonce and PKCE', () => {
  let lineUserId: string;
  beforeAll(async () => {
    lineUserId = await createSandboxUser(server, '林小華');
  });

  it('uses a state once: replaying the callback does not sign anyone in', async () => {
    const client = new HttpClient(server.baseUrl);
    const first = await throughLine(client, lineUserId, { intent: 'sign_up' });
    expect(first.location).toBe('/sign-up/shop');
    const replay = new HttpClient(server.baseUrl);
    replay.setCookie(server.config.cookies.lineLogin, 'whatever');
    const again = await replay.get(first.callbackUrl);
    expect(again.headers.get('location')).toBe('/sign-in?error=login_expired');
    expect(replay.cookie(server.config.cookies.session)).toBeUndefined();
  });

  it('binds the state to the browser that started it', async () => {
    const victim = new HttpClient(server.baseUrl);
    const attacker = new HttpClient(server.baseUrl);
    // The attacker starts a login and approves it, but gets the victim's browser to open the
    // callback (login CSRF): it has no login cookie for that attempt.
    await attacker.refreshCsrf();
    const started = (await (await attacker.post('/api/auth/line/start', { intent: 'sign_in' })).json()) as {
      authorizeUrl: string;
    };
    const form = new URLSearchParams(new URL(started.authorizeUrl).searchParams);
    form.set('userId', lineUserId);
    form.set('decision', 'allow');
    const approved = await attacker.request('POST', `${server.sandbox.url}/oauth2/v2.1/authorize`, { form });
    const callbackUrl = approved.headers.get('location')!;
    const hijack = await victim.get(callbackUrl);
    expect(hijack.headers.get('location')).toBe('/sign-in?error=login_expired');
    expect(victim.cookie(server.config.cookies.session)).toBeUndefined();
  });

  it('expires a login attempt after 10 minutes', async () => {
    const client = new HttpClient(server.baseUrl);
    const back = await throughLine(
      client,
      lineUserId,
      { intent: 'sign_in' },
      {
        beforeCallback: async () => {
          await server.db.loginState.updateMany({ data: { expiresAt: new Date(Date.now() - 1000) } });
        },
      },
    );
    expect(back.location).toBe('/sign-in?error=login_expired');
    expect(client.cookie(server.config.cookies.session)).toBeUndefined();
  });

  it('refuses an ID token whose nonce is not this attempt’s', async () => {
    const client = new HttpClient(server.baseUrl);
    const back = await throughLine(
      client,
      lineUserId,
      { intent: 'sign_in' },
      {
        beforeCallback: async () => {
          await server.db.loginState.updateMany({ data: { nonce: 'a-different-nonce' } });
        },
      },
    );
    expect(back.location).toBe('/sign-in?error=line_failed');
    expect(client.cookie(server.config.cookies.session)).toBeUndefined();
  });

  it('refuses the code without the right PKCE verifier', async () => {
    const client = new HttpClient(server.baseUrl);
    const back = await throughLine(
      client,
      lineUserId,
      { intent: 'sign_in' },
      {
        beforeCallback: async () => {
          await server.db.loginState.updateMany({ data: { codeVerifier: 'x'.repeat(43) } });
        },
      },
    );
    expect(back.location).toBe('/sign-in?error=line_failed');
  });

  it('needs the CSRF token to start, and never redirects elsewhere afterwards', async () => {
    const client = new HttpClient(server.baseUrl);
    expect((await client.post('/api/auth/line/start', { intent: 'sign_in' })).status).toBe(403);
    const back = await throughLine(client, lineUserId, { intent: 'sign_in', returnTo: 'https://evil.example/steal' });
    expect(back.location).toBe('/sign-up/shop');
    const slashes = await throughLine(new HttpClient(server.baseUrl), lineUserId, {
      intent: 'sign_in',
      returnTo: '//evil.example',
    });
    expect(slashes.location).toBe('/sign-up/shop');
  });
});

describe('createShopWithOwner', () => {
  it('draws another order prefix when the first one is taken', async () => {
    const user = await server.db.user.create({ data: { displayName: '測試店主' } });
    const taken = await server.db.tenant.findFirstOrThrow({ select: { orderPrefix: true } });
    const prefixes = [taken.orderPrefix, taken.orderPrefix, 'QWER'];
    const result = await createShopWithOwner(
      server.db,
      { slug: 'prefix-retry', name: '重抽字首', contactName: '測試店主', contactPhone: '0223456789' },
      { userId: user.id },
      { userId: user.id, ip: '127.0.0.1' },
      () => prefixes.shift()!,
    );
    expect(result).toMatchObject({ ok: true, tenant: { slug: 'prefix-retry', orderPrefix: 'QWER' } });
    const audit = await server.db.auditLog.findFirstOrThrow({
      where: { action: 'tenant.create', targetId: result.ok ? result.tenant.id : '' },
    });
    expect(audit.data).toMatchObject({ prefixAttempts: 3 });
    expect(
      await server.db.staff.count({ where: { tenant: { slug: 'prefix-retry' }, role: 'owner', userId: user.id } }),
    ).toBe(1);
    expect(
      await createShopWithOwner(
        server.db,
        { slug: 'prefix-retry', name: 'x', contactName: 'x', contactPhone: '0223456789' },
        { userId: user.id },
        {},
      ),
    ).toEqual({
      ok: false,
      problem: 'slug_taken',
    });
  });
});

describe('LINE Login starts are throttled', () => {
  it('allows 60 starts per IP in the window, then answers 429 and stores no more login states', async () => {
    await server.db.rateLimitBucket.deleteMany();
    const client = new HttpClient(server.baseUrl);
    await client.refreshCsrf();
    const before = await server.db.loginState.count();
    const statuses: number[] = [];
    for (let i = 0; i < 61; i++)
      statuses.push((await client.post('/api/auth/line/start', { intent: 'sign_in' })).status);
    expect(statuses.slice(0, 60).every((status) => status === 200)).toBe(true);
    const refused = await client.post('/api/auth/line/start', { intent: 'sign_in' });
    expect(statuses[60]).toBe(429);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await server.db.loginState.count()).toBe(before + 60);
    await server.db.rateLimitBucket.deleteMany();
  });
});
