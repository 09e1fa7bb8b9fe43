import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../api/team/auth/crypto.ts';
import { ROLE_DEFAULTS } from '../../../domain/team/permissions.ts';
import {
  createMember,
  createSession,
  HttpClient,
  requestAs,
  signedInMember,
  type TestMember,
  type TestSession,
} from '../../support/auth.ts';
import { startAuthServer, type AuthServer } from '../../support/auth-server.ts';
import { createSandboxUser } from '../../support/line-sandbox.ts';
import { linkIn, mailsFor } from '../../support/mail.ts';
import { createTenant } from '../../support/shops.ts';

/** The owner invites admins (single-use, expiring links) and edits roles; every step is audited. */

let server: AuthServer;
let tenant: { id: string; slug: string };
let owner: TestMember & TestSession;

beforeAll(async () => {
  server = await startAuthServer('team_auth');
  tenant = await createTenant(server.db, 'flower-shop', '小花園花藝');
  owner = await signedInMember(server.db, server.config, tenant.id, { role: 'owner', displayName: '店主阿花' });
}, 120_000);
afterAll(() => server?.close());

const as = (session: TestSession, method: string, path: string, body?: unknown) =>
  requestAs(server.baseUrl, session, method, path, body);

async function invite(body: Record<string, unknown>): Promise<{ id: string; token: string; url: string }> {
  const { status, body: answer } = await as(owner, 'POST', `/api/t/${tenant.slug}/team/invitations`, body);
  expect(status).toBe(201);
  const url = answer.url as string;
  return { id: (answer.invitation as { id: string }).id, token: url.split('/invite#')[1]!, url };
}

/** What the invitation page asks: POST /api/invitations/lookup {token}, from a fresh browser. */
async function lookup(token: string): Promise<Response> {
  const client = new HttpClient(server.baseUrl);
  await client.refreshCsrf();
  return client.post('/api/invitations/lookup', { token });
}

describe('invitations', () => {
  let link: { id: string; token: string; url: string };

  it('the owner makes a single-use link with a role and per-page permissions', async () => {
    link = await invite({ displayName: '小張', role: 'staff', permissions: { orders: 'view', products: 'manage' } });
    // The token rides in the fragment, which browsers never send to a server.
    expect(link.url).toBe(`${server.baseUrl}/invite#${link.token}`);
    const stored = await server.db.invitation.findUniqueOrThrow({ where: { id: link.id } });
    expect(stored.tokenHash).toBe(sha256Hex(link.token));
    expect(stored.expiresAt.getTime() - Date.now()).toBeGreaterThan(6.9 * 24 * 3600_000);
    const audit = await server.db.auditLog.findFirstOrThrow({ where: { action: 'team.invite', targetId: link.id } });
    expect(audit).toMatchObject({ tenantId: tenant.id, userId: owner.userId, actorName: '店主阿花' });

    const team = await as(owner, 'GET', `/api/t/${tenant.slug}/team`);
    expect((team.body.invitations as { displayName: string }[]).map((i) => i.displayName)).toEqual(['小張']);
  });

  it('shows the invitee what they are invited to, without signing in', async () => {
    const response = await lookup(link.token);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      tenant: { slug: 'flower-shop', name: '小花園花藝' },
      displayName: '小張',
      role: 'staff',
      permissions: { ...ROLE_DEFAULTS.staff, orders: 'view', products: 'manage' },
      invitedBy: '店主阿花',
      signedInAs: null,
    });
    expect((await lookup('x'.repeat(43))).status).toBe(404);
  });

  it('accepting with e-mail and password makes the account, the membership and a session, once', async () => {
    const invitee = new HttpClient(server.baseUrl);
    await invitee.refreshCsrf();
    const weak = await invitee.post(`/api/invitations/accept-with-password`, {
      token: link.token,
      displayName: '張小明',
      email: 'chang@flower-e2e.tw',
      password: 'short',
    });
    expect(weak.status).toBe(400);
    expect(((await weak.json()) as { fields: Record<string, string> }).fields.password).toContain('至少需要 10 個字元');

    const accepted = await invitee.post(`/api/invitations/accept-with-password`, {
      token: link.token,
      displayName: '張小明',
      email: 'Chang@Flower-E2E.tw',
      password: 'roses are red violets blue',
    });
    // Nothing is made until the address is confirmed: the link is in the e-mail.
    expect(accepted.status).toBe(202);
    expect(await accepted.json()).toMatchObject({ status: 'check_email', email: 'chang@flower-e2e.tw' });
    expect(await server.db.user.count({ where: { email: 'chang@flower-e2e.tw' } })).toBe(0);
    const [mail] = await mailsFor('chang@flower-e2e.tw');
    expect(mail!.subject).toContain('小花園花藝');
    const confirmToken = new URL(linkIn(mail!)).hash.slice(1);
    expect(linkIn(mail!)).toMatch(/\/invite\/confirm#[\w-]{43}$/);
    const confirmed = await invitee.post('/api/invitations/confirm-email', { token: confirmToken });
    expect(confirmed.status).toBe(201);
    expect(await confirmed.json()).toMatchObject({ redirectTo: '/t/flower-shop/admin/orders' });
    expect(invitee.cookie(server.config.cookies.session)).toBeTruthy();
    // The link works once.
    const second = new HttpClient(server.baseUrl);
    await second.refreshCsrf();
    const twice = await second.post('/api/invitations/confirm-email', { token: confirmToken });
    expect(twice.status).toBe(410);

    const member = await server.db.staff.findFirstOrThrow({
      where: { tenantId: tenant.id, displayName: '張小明' },
      include: { user: true },
    });
    expect(member).toMatchObject({
      role: 'staff',
      permissions: { ...ROLE_DEFAULTS.staff, orders: 'view', products: 'manage' },
    });
    expect(member.user?.email).toBe('chang@flower-e2e.tw');
    expect(member.user?.passwordHash).toMatch(/^scrypt\$/);
    expect(
      await server.db.auditLog.count({ where: { tenantId: tenant.id, action: 'team.join', targetId: member.id } }),
    ).toBe(1);

    // Signed in as the invitee, in the shop, with the invitation's permissions.
    invitee.csrfToken = ((await (await invitee.get('/api/auth/session')).json()) as { csrfToken: string }).csrfToken;
    const me = (await (await invitee.get('/api/t/flower-shop/me')).json()) as {
      member: { permissions: Record<string, string> };
    };
    expect(me.member.permissions.orders).toBe('view');

    const again = await lookup(link.token);
    expect(again.status).toBe(410);
    expect(((await again.json()) as { code: string }).code).toBe('invitation_used');
    const other = new HttpClient(server.baseUrl);
    await other.refreshCsrf();
    const reuse = await other.post(`/api/invitations/accept-with-password`, {
      token: link.token,
      displayName: '冒名者',
      email: 'x@y.tw',
      password: 'another long password',
    });
    expect(reuse.status).toBe(410);
    expect(await server.db.user.count({ where: { email: 'x@y.tw' } })).toBe(0);

    // And signs in later with the password.
    const later = new HttpClient(server.baseUrl);
    await later.refreshCsrf();
    expect(
      (await later.post('/api/auth/sign-in', { email: 'chang@flower-e2e.tw', password: 'roses are red violets blue' }))
        .status,
    ).toBe(200);
  });

  it('an address that already has an account gets the same answer as a new one, and an e-mail, not an account', async () => {
    const existing = await createMember(server.db, tenant.id, { role: 'staff', email: 'taken@flower.tw', displayName: '老員工' });
    const fresh = await invite({ displayName: '新朋友', role: 'staff' });
    const answers = [];
    for (const email of ['taken@flower.tw', 'nobody-yet@flower.tw']) {
      const client = new HttpClient(server.baseUrl);
      await client.refreshCsrf();
      const response = await client.post('/api/invitations/accept-with-password', {
        token: fresh.token,
        displayName: '新朋友',
        email,
        password: 'a long enough password',
      });
      answers.push({ status: response.status, body: ((await response.json()) as { status: string }).status });
    }
    // The same answer either way: nothing tells whether an address has an account.
    expect(answers).toEqual([
      { status: 202, body: 'check_email' },
      { status: 202, body: 'check_email' },
    ]);
    const [note] = await mailsFor('taken@flower.tw');
    expect(note!.subject).toContain('已經有加一 Jiayi 帳號');
    expect(note!.text).not.toMatch(/invite\/confirm/);
    expect(await server.db.pendingSignUp.count({ where: { email: 'taken@flower.tw' } })).toBe(0);
    expect(await server.db.user.count({ where: { email: 'taken@flower.tw' } })).toBe(1);
    expect(existing.userId).toBeTruthy();
    // The invitation is still open for whoever confirms their address.
    expect(await server.db.invitation.count({ where: { id: fresh.id, acceptedAt: null } })).toBe(1);
  });

  it('accepting with LINE Login joins the shop straight from the callback', async () => {
    const byLine = await invite({ displayName: '阿德', role: 'manager' });
    const lineUser = await createSandboxUser(server, '阿德');
    const client = new HttpClient(server.baseUrl);
    await client.refreshCsrf();
    const started = await client.post('/api/auth/line/start', { intent: 'invite', invitation: byLine.token });
    expect(started.status).toBe(200);
    const { authorizeUrl } = (await started.json()) as { authorizeUrl: string };
    const form = new URLSearchParams(new URL(authorizeUrl).searchParams);
    form.set('userId', lineUser);
    form.set('decision', 'allow');
    const approved = await client.request('POST', `${server.sandbox.url}/oauth2/v2.1/authorize`, { form });
    const back = await client.get(approved.headers.get('location')!);
    expect(back.status).toBe(303);
    expect(back.headers.get('location')).toBe('/t/flower-shop/admin/orders');
    const member = await server.db.staff.findFirstOrThrow({ where: { tenantId: tenant.id, displayName: '阿德' } });
    expect(member.role).toBe('manager');
    expect((await server.db.invitation.findUniqueOrThrow({ where: { id: byLine.id } })).acceptedAt).not.toBeNull();
  });

  it('accepting while signed in adds the shop to the existing account; twice is refused', async () => {
    const otherShop = await createTenant(server.db, 'tea-corner');
    const person = await signedInMember(server.db, server.config, otherShop.id, {
      role: 'owner',
      displayName: '隔壁老王',
    });
    const joining = await invite({ displayName: '老王', role: 'staff' });
    const peek = await as(person, 'POST', `/api/invitations/lookup`, { token: joining.token });
    expect(peek.body.signedInAs).toEqual({ displayName: '隔壁老王', alreadyMember: false });
    const accepted = await as(person, 'POST', `/api/invitations/accept`, { token: joining.token });
    expect(accepted).toEqual({ status: 200, body: { redirectTo: '/t/flower-shop/admin/orders' } });
    const second = await invite({ displayName: '老王又來', role: 'staff' });
    const refused = await as(person, 'POST', `/api/invitations/accept`, { token: second.token });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('already_member');
    const memberships = await server.db.staff.findMany({
      where: { userId: person.userId },
      select: { tenantId: true },
    });
    expect(memberships.map((m) => m.tenantId).sort()).toEqual([tenant.id, otherShop.id].sort());
    // Without a session the plain accept is a 401.
    const anon = new HttpClient(server.baseUrl);
    await anon.refreshCsrf();
    expect((await anon.post(`/api/invitations/accept`, { token: second.token })).status).toBe(401);
  });

  it('expires after 7 days, and the owner can cancel it', async () => {
    const old = await invite({ displayName: '過期的', role: 'staff' });
    await server.db.invitation.update({ where: { id: old.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const expired = await lookup(old.token);
    expect(expired.status).toBe(410);
    expect(((await expired.json()) as { code: string; message: string }).message).toContain('已過期');

    const cancelled = await invite({ displayName: '取消的', role: 'staff' });
    expect((await as(owner, 'DELETE', `/api/t/${tenant.slug}/team/invitations/${cancelled.id}`)).status).toBe(200);
    const gone = await lookup(cancelled.token);
    expect(((await gone.json()) as { code: string }).code).toBe('invitation_revoked');
    expect(
      await server.db.auditLog.count({ where: { action: 'team.invitation_revoke', targetId: cancelled.id } }),
    ).toBe(1);
  });

  it('only owners invite: a manager is refused and nothing is created', async () => {
    const manager = await signedInMember(server.db, server.config, tenant.id, { role: 'manager' });
    const before = await server.db.invitation.count();
    const refused = await as(manager, 'POST', `/api/t/${tenant.slug}/team/invitations`, {
      displayName: 'x',
      role: 'owner',
    });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('forbidden');
    expect(await server.db.invitation.count()).toBe(before);
    // The refusal is in the audit log.
    await expect
      .poll(() => server.db.auditLog.count({ where: { userId: manager.userId, action: 'access.denied' } }))
      .toBe(1);
  });
});

describe('roles and permissions', () => {
  it('the owner changes a member’s role and per-page permissions; it applies at once and is audited', async () => {
    const staff = await signedInMember(server.db, server.config, tenant.id, { role: 'staff', displayName: '工讀生' });
    expect((await as(staff, 'GET', `/api/t/${tenant.slug}/team`)).status).toBe(403);

    const tooMuch = await as(owner, 'PATCH', `/api/t/${tenant.slug}/team/members/${staff.staffId}`, {
      role: 'manager',
      permissions: { team: 'manage' },
    });
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.body.code).toBe('invalid_permissions');
    // Permissions are per page of the admin; a coarse area is not a page.
    const notAPage = await as(owner, 'PATCH', `/api/t/${tenant.slug}/team/members/${staff.staffId}`, {
      role: 'manager',
      permissions: { analytics: 'view' },
    });
    expect(notAPage.status).toBe(400);

    const pages = { 'reports/daily': 'manage', 'settings/shop': 'none', 'members/points': 'none' } as const;
    const changed = await as(owner, 'PATCH', `/api/t/${tenant.slug}/team/members/${staff.staffId}`, {
      role: 'manager',
      permissions: pages,
    });
    expect(changed.status).toBe(200);
    expect(changed.body.member).toMatchObject({
      role: 'manager',
      permissions: { ...ROLE_DEFAULTS.manager, ...pages },
    });
    // The member's very next request has the new access, page by page: no sign-out needed.
    expect((await as(staff, 'GET', `/api/t/${tenant.slug}/team`)).status).toBe(200);
    expect((await as(staff, 'GET', `/api/t/${tenant.slug}/reports/daily`)).status).toBe(200);
    expect((await as(staff, 'GET', `/api/t/${tenant.slug}/settings/store-profile`)).status).toBe(403);
    const points = await as(staff, 'GET', `/api/t/${tenant.slug}/member-points/rules`);
    expect(points.status).toBe(403);
    expect(points.body.message).toContain('點數規則設定');
    expect((await as(staff, 'GET', `/api/t/${tenant.slug}/member-tiers`)).status).toBe(200);

    const audit = await server.db.auditLog.findFirstOrThrow({
      where: { action: 'team.member_update', targetId: staff.staffId },
    });
    expect(audit.data).toMatchObject({
      before: { role: 'staff', permissions: ROLE_DEFAULTS.staff },
      after: { role: 'manager', permissions: pages },
    });

    // Managers see the team but do not change it.
    const byManager = await as(staff, 'PATCH', `/api/t/${tenant.slug}/team/members/${owner.staffId}`, {
      role: 'staff',
    });
    expect(byManager.status).toBe(403);
    expect((await server.db.staff.findUniqueOrThrow({ where: { id: owner.staffId } })).role).toBe('owner');
  });

  it('keeps at least one owner, and nobody demotes or removes themselves', async () => {
    const self = await as(owner, 'PATCH', `/api/t/${tenant.slug}/team/members/${owner.staffId}`, { role: 'manager' });
    expect(self.status).toBe(409);
    expect(self.body.code).toBe('self');
    const second = await signedInMember(server.db, server.config, tenant.id, { role: 'owner', displayName: '二老闆' });
    expect((await as(second, 'DELETE', `/api/t/${tenant.slug}/team/members/${owner.staffId}`)).status).toBe(200);
    const last = await as(second, 'DELETE', `/api/t/${tenant.slug}/team/members/${second.staffId}`);
    expect(last.status).toBe(409);
    // The removed owner's session no longer opens the shop.
    expect((await as(owner, 'GET', `/api/t/${tenant.slug}/me`)).status).toBe(404);
    expect(await server.db.auditLog.count({ where: { action: 'team.member_remove', targetId: owner.staffId } })).toBe(
      1,
    );
    owner = second;
  });

  it('lists the audit log newest first for those who can see the team', async () => {
    const log = await as(owner, 'GET', `/api/t/${tenant.slug}/audit?limit=50`);
    expect(log.status).toBe(200);
    const entries = log.body.entries as { action: string; actorName: string; createdAt: string }[];
    const actions = entries.map((e) => e.action);
    for (const action of [
      'team.invite',
      'team.join',
      'team.member_update',
      'team.member_remove',
      'team.invitation_revoke',
      'access.denied',
    ]) {
      expect(actions, action).toContain(action);
    }
    const times = entries.map((e) => e.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
    const staffOnly = await createMember(server.db, tenant.id, { role: 'staff' });
    const session = await createSession(server.db, server.config, staffOnly.userId);
    expect((await as(session, 'GET', `/api/t/${tenant.slug}/audit`)).status).toBe(403);
  });
});
