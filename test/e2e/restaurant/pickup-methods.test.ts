import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestAs, signedInMember, type TestMember, type TestSession } from '../../support/auth.ts';
import { startAuthServer, type AuthServer } from '../../support/auth-server.ts';
import { restaurantWithOwner } from '../../support/restaurants.ts';
import { DEFAULT_PICKUP_METHODS, type PickupMethods } from '../../../domain/restaurant/pickup-methods.ts';

/**
 * A branch's pickup methods over the real server and database: defaults, saving with the rules
 * of domain/restaurant/pickup-methods.ts, the delivery quote, and the fences: another shop's
 * branch is not found, a member limited to one branch and staff who only view change nothing.
 */

let server: AuthServer;
let shop: { id: string; slug: string };
let otherShop: { id: string; slug: string };
let owner: TestMember & TestSession;
let otherOwner: TestMember & TestSession;
let xinyi: string;
let daan: string;
let theirs: string;

const as = (session: TestSession, method: string, path: string, body?: unknown) =>
  requestAs(server.baseUrl, session, method, path, body);
const api = (slug: string, path: string) => `/api/t/${slug}${path}`;
const methods = (branchId: string, slug = shop.slug) => api(slug, `/branches/${branchId}/pickup-methods`);

const DELIVERY: PickupMethods = {
  ...DEFAULT_PICKUP_METHODS,
  deliveryEnabled: true,
  deliveryRadiusMetres: 3000,
  deliveryFee: 60,
  deliveryMinimumOrder: 300,
  freeDeliveryOver: 1500,
  dineInEnabled: true,
  tables: ['A1', 'A2', 'A3'],
};

/** Every saved setting, to prove a refusal changed nothing. */
async function snapshot(): Promise<string> {
  const rows = await server.db.$queryRaw<{ t: string }[]>`
    SELECT md5(coalesce(string_agg(row(p.*)::text, '|' ORDER BY p.branch_id), '')) AS t FROM branch_pickup_methods p`;
  return rows[0]!.t;
}

beforeAll(async () => {
  server = await startAuthServer('restaurant_pickup');
  ({ shop, owner } = await restaurantWithOwner(server, 'noodle-house', '阿城麵館'));
  ({ shop: otherShop, owner: otherOwner } = await restaurantWithOwner(server, 'dumpling-bar', '鼎好水餃'));
  const add = async (session: TestSession, slug: string, body: Record<string, unknown>) => {
    const res = await as(session, 'POST', api(slug, '/branches'), body);
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const phone = '02-2345-6789';
  xinyi = await add(owner, shop.slug, {
    name: '信義店',
    address: '台北市信義區',
    phone,
    latitude: 25.033964,
    longitude: 121.564468,
  });
  daan = await add(owner, shop.slug, { name: '大安店', address: '台北市大安區', phone });
  theirs = await add(otherOwner, otherShop.slug, { name: '中山店', address: '台北市中山區', phone });
  await as(otherOwner, 'PUT', methods(theirs, otherShop.slug), DELIVERY);
}, 120_000);
afterAll(() => server?.close());

describe('pickup methods', () => {
  it('start as pickup only, then save whole and audited', async () => {
    expect((await as(owner, 'GET', methods(xinyi))).body).toEqual({
      settings: DEFAULT_PICKUP_METHODS,
      open: ['pickup'],
    });
    const saved = await as(owner, 'PUT', methods(xinyi), { ...DELIVERY, tables: [' A1', 'A2', 'A3'] });
    expect(saved).toEqual({ status: 200, body: { settings: DELIVERY, open: ['pickup', 'delivery', 'dine_in'] } });
    expect((await as(owner, 'GET', methods(xinyi))).body.settings).toEqual(DELIVERY);
    // The other branch keeps its own.
    expect((await as(owner, 'GET', methods(daan))).body.settings).toEqual(DEFAULT_PICKUP_METHODS);
    const audit = await server.db.auditLog.findFirstOrThrow({
      where: { tenantId: shop.id, action: 'branch.pickup_methods' },
    });
    expect(audit).toMatchObject({ targetId: xinyi, data: { deliveryFee: 60, tables: ['A1', 'A2', 'A3'] } });
  });

  it('refuses bad input with 400 and the fields, changing nothing', async () => {
    const before = await snapshot();
    const bad = await as(owner, 'PUT', methods(xinyi), {
      ...DELIVERY,
      deliveryFee: 12.5,
      deliveryRadiusMetres: -3,
      tables: ['A1', 'a1'],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('invalid_pickup_methods');
    expect(bad.body.fields).toEqual({
      deliveryFee: '外送運費（NT$）必須是整數',
      deliveryRadiusMetres: '外送半徑（公尺）不能小於 100',
      tables: '桌號「a1」重複了',
    });
    const zones = await as(owner, 'PUT', methods(xinyi), {
      ...DELIVERY,
      deliveryArea: 'zones',
      deliveryZones: [{ name: '信義區', fee: -1, minimumOrder: 200 }],
    });
    expect(zones).toMatchObject({ status: 400, body: { zones: { '0.fee': '區域運費（NT$）不能小於 0' } } });
    for (const body of [null, 'x', [], { pickupEnabled: 'yes' }]) {
      expect((await as(owner, 'PUT', methods(xinyi), body)).status, JSON.stringify(body)).toBe(400);
    }
    expect((await as(owner, 'PUT', methods('not-a-uuid'), DELIVERY)).status).toBe(404);
    expect(await snapshot()).toBe(before);
  });

  it('quotes delivery from the branch’s coordinates, in whole NT$', async () => {
    const quote = (branchId: string, query: string) =>
      as(owner, 'GET', api(shop.slug, `/branches/${branchId}/delivery-quote?${query}`));
    // About 1.1 km north of the branch.
    expect((await quote(xinyi, 'lat=25.043964&lng=121.564468&subtotal=300')).body).toMatchObject({ ok: true, fee: 60 });
    expect((await quote(xinyi, 'lat=25.043964&lng=121.564468&subtotal=1500')).body).toMatchObject({ ok: true, fee: 0 });
    expect((await quote(xinyi, 'lat=25.043964&lng=121.564468&subtotal=299')).body).toMatchObject({
      ok: false,
      reason: 'below_minimum',
      minimumOrder: 300,
    });
    // Taipei Main Station, about 5 km away.
    expect((await quote(xinyi, 'lat=25.047675&lng=121.517055&subtotal=500')).body).toMatchObject({
      ok: false,
      reason: 'outside_radius',
    });
    expect((await quote(daan, 'lat=25.04&lng=121.56&subtotal=500')).body).toEqual({
      ok: false,
      reason: 'delivery_off',
    });
    const bad = await quote(xinyi, 'lat=abc&lng=121&subtotal=1.5');
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.fields as object).sort()).toEqual(['lat', 'subtotal']);
  });

  it('another shop’s branch is not found, and nothing of theirs changes', async () => {
    const before = await snapshot();
    expect((await as(owner, 'GET', methods(theirs))).status).toBe(404);
    const put = await as(owner, 'PUT', methods(theirs), DEFAULT_PICKUP_METHODS);
    expect(put).toMatchObject({ status: 404, body: { code: 'branch_not_found' } });
    expect(
      (
        await as(
          owner,
          'GET',
          methods(theirs, shop.slug).replace('pickup-methods', 'delivery-quote?subtotal=1&lat=1&lng=1'),
        )
      ).status,
    ).toBe(404);
    expect(await snapshot()).toBe(before);
    expect((await as(otherOwner, 'GET', methods(theirs, otherShop.slug))).body.settings).toEqual(DELIVERY);
  });

  describe('limited members', () => {
    it('a manager of branch A is refused on branch B; staff may look but not save', async () => {
      const limited = await signedInMember(server.db, server.config, shop.id, {
        role: 'manager',
        displayName: '信義店長',
      });
      const set = await as(owner, 'PATCH', api(shop.slug, `/team/members/${limited.staffId}`), {
        branches: { all: false, branchIds: [xinyi] },
      });
      expect(set.status).toBe(200);
      const before = await snapshot();
      expect((await as(limited, 'GET', methods(xinyi))).status).toBe(200);
      for (const [method, body] of [['GET'], ['PUT', DELIVERY]] as const) {
        const answer = await as(limited, method, methods(daan), body);
        expect(answer.status, method).toBe(403);
        expect(answer.body.code).toBe('branch_forbidden');
      }
      const staff = await signedInMember(server.db, server.config, shop.id, { role: 'staff' });
      expect((await as(staff, 'GET', methods(xinyi))).status).toBe(200);
      expect((await as(staff, 'PUT', methods(xinyi), DEFAULT_PICKUP_METHODS)).status).toBe(403);
      expect(await snapshot()).toBe(before);
    });
  });
});
