import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestAs, signedInMember, type TestMember, type TestSession } from '../../support/auth.ts';
import { startAuthServer, type AuthServer } from '../../support/auth-server.ts';
import { createTenant } from '../../support/shops.ts';

/**
 * A restaurant's branches over the real server and database: the shop's kind, branch CRUD with
 * the rules of domain/restaurant/branch-rules.ts, the online-ordering switch, and the two
 * fences: another shop's branch is not found, and a member limited to one branch reaches no other.
 */

let server: AuthServer;
let shop: { id: string; slug: string };
let otherShop: { id: string; slug: string };
let owner: TestMember & TestSession;
let otherOwner: TestMember & TestSession;

type Json = Record<string, unknown> & { code?: string; message?: string };

const as = (session: TestSession, method: string, path: string, body?: unknown) =>
  requestAs(server.baseUrl, session, method, path, body);

const api = (path = '') => `/api/t/${shop.slug}${path}`;
const XINYI = { name: '信義店', address: '台北市信義區松高路 11 號', phone: '02-2345-6789' };
const DAAN = { name: '大安店', address: '台北市大安區復興南路一段 100 號', phone: '0912 345 678' };

/** Every branch row and every member's branches, to prove a refusal changed nothing. */
async function snapshot(): Promise<string> {
  const rows = await server.db.$queryRaw<{ t: string }[]>`
    SELECT md5(coalesce(string_agg(x, '|' ORDER BY x), '')) AS t FROM (
      SELECT 'branch:' || row(b.*)::text AS x FROM branches b
      UNION ALL SELECT 'staff_branch:' || row(sb.*)::text FROM staff_branches sb
      UNION ALL SELECT 'staff:' || row(s.*)::text FROM staff s
      UNION ALL SELECT 'tenant:' || row(t.*)::text FROM tenants t
    ) all_rows`;
  return rows[0]!.t;
}

beforeAll(async () => {
  server = await startAuthServer('restaurant_branches');
  shop = await createTenant(server.db, 'noodle-house', '阿城麵館');
  otherShop = await createTenant(server.db, 'dumpling-bar', '鼎好水餃');
  await server.db.tenant.update({ where: { id: otherShop.id }, data: { kind: 'restaurant' } });
  owner = await signedInMember(server.db, server.config, shop.id, { role: 'owner', displayName: '店主阿城' });
  otherOwner = await signedInMember(server.db, server.config, otherShop.id, { role: 'owner', displayName: '水餃老闆' });
}, 120_000);
afterAll(() => server?.close());

describe('the shop’s kind', () => {
  it('is a +1 seller until the owner makes it a restaurant; a manager may not change it', async () => {
    expect((await as(owner, 'GET', api('/me'))).body.tenant).toEqual({
      slug: 'noodle-house',
      name: '阿城麵館',
      kind: 'plus_one',
    });
    const manager = await signedInMember(server.db, server.config, shop.id, { role: 'manager' });
    const refused = await as(manager, 'PUT', api('/settings/shop-kind'), { kind: 'restaurant' });
    expect(refused.status).toBe(403);
    const wrong = await as(owner, 'PUT', api('/settings/shop-kind'), { kind: 'cafe' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.message).toContain('請選擇經營型態');
    expect((await server.db.tenant.findUniqueOrThrow({ where: { id: shop.id } })).kind).toBe('plus_one');
    // A "+1" seller has no branch pages, so not even its owner adds a branch yet.
    expect((await as(owner, 'POST', api('/branches'), XINYI)).status).toBe(403);

    const changed = await as(owner, 'PUT', api('/settings/shop-kind'), { kind: 'restaurant' });
    expect(changed).toEqual({ status: 200, body: { kind: 'restaurant' } });
    expect((await as(manager, 'GET', api('/me'))).body.tenant).toMatchObject({ kind: 'restaurant' });
    const audit = await server.db.auditLog.findFirstOrThrow({ where: { action: 'settings.shop_kind' } });
    expect(audit).toMatchObject({ tenantId: shop.id, data: { before: 'plus_one', after: 'restaurant' } });
  });
});

describe('branches', () => {
  let xinyi: Json & { id: string };
  let daan: Json & { id: string };

  it('are added with the rules the form uses, phones kept as digits, names unique in the shop', async () => {
    const refused = await as(owner, 'POST', api('/branches'), {
      ...XINYI,
      phone: '123',
      latitude: 121.56,
      longitude: 25.03,
    });
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('invalid_branch');
    expect(refused.body.message).toContain('請輸入有效的電話號碼，例如 02-2345-6789 或 0912-345-678');
    expect(refused.body.message).toContain('緯度必須介於 -90 到 90，看起來和經度填反了');
    // Field by field, as the page shows them.
    expect(refused.body.fields).toEqual({
      phone: '請輸入有效的電話號碼，例如 02-2345-6789 或 0912-345-678',
      latitude: '緯度必須介於 -90 到 90，看起來和經度填反了',
    });
    expect(await server.db.branch.count()).toBe(0);

    const created = await as(owner, 'POST', api('/branches'), {
      ...XINYI,
      mapUrl: 'https://maps.google.com/?q=25.0339639,121.5644722',
      latitude: 25.0339639,
      longitude: 121.5644722,
    });
    expect(created.status).toBe(201);
    xinyi = created.body as typeof xinyi;
    expect(xinyi).toMatchObject({
      name: '信義店',
      phone: '0223456789',
      latitude: 25.0339639,
      longitude: 121.5644722,
      orderingStatus: 'accepting',
      orderingChangedAt: null,
    });
    daan = (await as(owner, 'POST', api('/branches'), DAAN)).body as typeof daan;
    expect(daan).toMatchObject({ phone: '0912345678', mapUrl: null, latitude: null });

    const twin = await as(owner, 'POST', api('/branches'), { ...DAAN, name: '  大安店 ' });
    expect(twin).toMatchObject({ status: 409, body: { code: 'branch_name_taken' } });
    const list = await as(owner, 'GET', api('/branches'));
    expect((list.body.branches as { name: string }[]).map((b) => b.name)).toEqual(['信義店', '大安店']);
    expect(await server.db.auditLog.count({ where: { action: 'branch.create', tenantId: shop.id } })).toBe(2);
  });

  it('are edited field by field, coordinates as a pair, never their ordering status', async () => {
    const edited = await as(owner, 'PATCH', api(`/branches/${daan.id}`), { address: '台北市大安區忠孝東路四段 1 號' });
    expect(edited.body).toMatchObject({ name: '大安店', address: '台北市大安區忠孝東路四段 1 號' });
    const half = await as(owner, 'PATCH', api(`/branches/${daan.id}`), { latitude: 25.04 });
    expect(half.status).toBe(400);
    expect(half.body.message).toContain('緯度和經度要一起修改');
    const sneaky = await as(owner, 'PATCH', api(`/branches/${daan.id}`), { orderingStatus: 'paused' });
    expect(sneaky.status).toBe(400);
    const renamed = await as(owner, 'PATCH', api(`/branches/${daan.id}`), { name: '信義店' });
    expect(renamed).toMatchObject({ status: 409, body: { code: 'branch_name_taken' } });
    expect((await as(owner, 'GET', api(`/branches/${daan.id}`))).body).toMatchObject({
      name: '大安店',
      orderingStatus: 'accepting',
      latitude: null,
    });
  });

  it('stop and restart taking online orders with the switch; a repeated tap changes nothing', async () => {
    const paused = await as(owner, 'PUT', api(`/branches/${xinyi.id}/ordering`), { status: 'paused' });
    expect(paused.body).toMatchObject({ id: xinyi.id, orderingStatus: 'paused' });
    const changedAt = paused.body.orderingChangedAt as string;
    expect(Date.now() - Date.parse(changedAt)).toBeLessThan(60_000);
    const again = await as(owner, 'PUT', api(`/branches/${xinyi.id}/ordering`), { status: 'paused' });
    expect(again.body).toMatchObject({ orderingStatus: 'paused', orderingChangedAt: changedAt });
    // Only that branch stopped.
    expect((await as(owner, 'GET', api(`/branches/${daan.id}`))).body.orderingStatus).toBe('accepting');
    expect((await as(owner, 'PUT', api(`/branches/${xinyi.id}/ordering`), { status: 'closed' })).status).toBe(400);

    // Staff take orders, so they may pause too; someone who may only look at orders may not.
    const lookOnly = await signedInMember(server.db, server.config, shop.id, {
      role: 'staff',
      permissions: { orders: 'view', 'order-board': 'view' },
    });
    const before = await snapshot();
    const refused = await as(lookOnly, 'PUT', api(`/branches/${xinyi.id}/ordering`), { status: 'accepting' });
    expect(refused).toMatchObject({ status: 403, body: { code: 'forbidden', pages: ['orders', 'order-board'] } });
    expect(await snapshot()).toBe(before);

    const resumed = await as(owner, 'PUT', api(`/branches/${xinyi.id}/ordering`), { status: 'accepting' });
    expect(resumed.body.orderingStatus).toBe('accepting');
    const audit = await server.db.auditLog.findMany({
      where: { tenantId: shop.id, action: { startsWith: 'branch.ordering' } },
      orderBy: { createdAt: 'asc' },
    });
    expect(audit.map((a) => [a.action, a.targetId, a.actorName])).toEqual([
      ['branch.ordering_pause', xinyi.id, '店主阿城'],
      ['branch.ordering_resume', xinyi.id, '店主阿城'],
    ]);
  });

  it('of another shop are not found under this one, and nothing of them changes', async () => {
    const theirs = (await as(otherOwner, 'POST', `/api/t/${otherShop.slug}/branches`, { ...XINYI, name: '水餃本店' }))
      .body as { id: string };
    const before = await snapshot();
    const tries: [string, string, unknown?][] = [
      ['GET', api(`/branches/${theirs.id}`)],
      ['PATCH', api(`/branches/${theirs.id}`), { name: '偷改的分店' }],
      ['PUT', api(`/branches/${theirs.id}/ordering`), { status: 'paused' }],
      ['DELETE', api(`/branches/${theirs.id}`)],
      ['GET', api('/branches/not-a-uuid')],
    ];
    for (const [method, path, body] of tries) {
      const answer = await as(owner, method, path, body);
      expect(answer, `${method} ${path}`).toEqual({
        status: 404,
        body: { code: 'branch_not_found', message: '找不到這間分店' },
      });
    }
    expect(await snapshot()).toBe(before);
    // And their owner does not reach ours through their own shop's address either.
    expect((await as(otherOwner, 'GET', `/api/t/${otherShop.slug}/branches/${xinyi.id}`)).status).toBe(404);
    expect((await as(owner, 'GET', api('/branches'))).body.branches).toHaveLength(2);
  });

  describe('a member limited to one branch', () => {
    let limited: TestMember & TestSession;

    beforeAll(async () => {
      limited = await signedInMember(server.db, server.config, shop.id, { role: 'manager', displayName: '信義店長' });
      const set = await as(owner, 'PATCH', api(`/team/members/${limited.staffId}`), {
        branches: { all: false, branchIds: [xinyi.id] },
      });
      expect(set.body.member).toMatchObject({ branches: { all: false, branchIds: [xinyi.id] } });
    });

    it('sees and works in that branch only: the other one is refused and stays as it was', async () => {
      const list = await as(limited, 'GET', api('/branches'));
      expect((list.body.branches as { id: string }[]).map((b) => b.id)).toEqual([xinyi.id]);
      expect((await as(limited, 'GET', api(`/branches/${xinyi.id}`))).status).toBe(200);
      expect((await as(limited, 'PATCH', api(`/branches/${xinyi.id}`), { phone: '02-2345-0000' })).status).toBe(200);

      const before = await snapshot();
      const tries: [string, string, unknown?][] = [
        ['GET', api(`/branches/${daan.id}`)],
        ['PATCH', api(`/branches/${daan.id}`), { name: '改名' }],
        ['PUT', api(`/branches/${daan.id}/ordering`), { status: 'paused' }],
        ['DELETE', api(`/branches/${daan.id}`)],
      ];
      for (const [method, path, body] of tries) {
        const answer = await as(limited, method, path, body);
        expect(answer.status, `${method} ${path}`).toBe(403);
        expect(answer.body.code).toBe('branch_forbidden');
      }
      // Adding or removing branches is for members who work in every branch.
      expect((await as(limited, 'POST', api('/branches'), { ...DAAN, name: '新店' })).status).toBe(403);
      expect((await as(limited, 'DELETE', api(`/branches/${xinyi.id}`))).status).toBe(403);
      expect(await snapshot()).toBe(before);
      // Written once each refusal has been answered.
      await expect
        .poll(() => server.db.auditLog.count({ where: { tenantId: shop.id, action: 'access.denied', actorName: '信義店長' } }))
        .toBe(5);
    });

    it('is shown on the team page; another shop’s branch or none at all is refused', async () => {
      const team = await as(owner, 'GET', api('/team'));
      const members = team.body.members as { id: string; branches: unknown }[];
      expect(members.find((m) => m.id === limited.staffId)?.branches).toEqual({ all: false, branchIds: [xinyi.id] });
      expect(members.find((m) => m.id === owner.staffId)?.branches).toEqual({ all: true });

      const theirs = await server.db.branch.findFirstOrThrow({ where: { tenantId: otherShop.id } });
      const before = await snapshot();
      const foreign = await as(owner, 'PATCH', api(`/team/members/${limited.staffId}`), {
        role: 'staff',
        branches: { all: false, branchIds: [xinyi.id, theirs.id] },
      });
      expect(foreign).toMatchObject({ status: 404, body: { code: 'branch_not_found' } });
      const none = await as(owner, 'PATCH', api(`/team/members/${limited.staffId}`), {
        branches: { all: false, branchIds: [] },
      });
      expect(none).toMatchObject({ status: 400, body: { message: '請至少選一間分店' } });
      expect(await snapshot()).toBe(before);
    });

    it('keeps their branches through a permission change, and loses a branch that is removed', async () => {
      const kept = await as(owner, 'PATCH', api(`/team/members/${limited.staffId}`), {
        permissions: { orders: 'view' },
      });
      expect(kept.body.member).toMatchObject({ branches: { all: false, branchIds: [xinyi.id] } });

      expect((await as(owner, 'DELETE', api(`/branches/${xinyi.id}`))).body).toEqual({ ok: true });
      expect((await as(owner, 'GET', api(`/branches/${xinyi.id}`))).status).toBe(404);
      expect((await as(owner, 'GET', api('/branches'))).body.branches).toMatchObject([{ id: daan.id }]);
      // Limited to a branch that is gone: no branch at all, never the remaining one.
      expect((await as(limited, 'GET', api('/branches'))).body.branches).toEqual([]);
      expect((await as(limited, 'GET', api(`/branches/${daan.id}`))).status).toBe(403);

      // Made an owner, they work in every branch.
      await as(owner, 'PATCH', api(`/team/members/${limited.staffId}`), { role: 'owner' });
      expect((await as(limited, 'GET', api('/branches'))).body.branches).toMatchObject([{ id: daan.id }]);
    });
  });
});
