import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestAs, signedInMember, type TestMember, type TestSession } from '../../support/auth.ts';
import { startAuthServer, type AuthServer } from '../../support/auth-server.ts';
import { createShop, createTenant, insertOrder, type Shop } from '../../support/shops.ts';
import { DEFAULT_BUSINESS_HOURS, type BusinessHours, type Period } from '../../../domain/restaurant/business-hours.ts';
import { dayKeyToIsoDate, weekdayOfDayKey } from '../../../domain/insights/report-range.ts';
import { taipeiDayKey } from '../../../domain/taipei-time.ts';

/**
 * A branch's business hours over the real server and database: defaults, saving with the rules
 * of domain/restaurant/business-hours.ts, the order slots, the warning about upcoming orders the
 * new hours leave out, and the fences: another shop's or branch's IDs are not found or
 * forbidden, staff who only view change nothing.
 */

let server: AuthServer;
let shop: Shop;
let otherShop: { id: string; slug: string };
let owner: TestMember & TestSession;
let otherOwner: TestMember & TestSession;
let xinyi: string;
let daan: string;
let theirs: string;

const as = (session: TestSession, method: string, path: string, body?: unknown) =>
  requestAs(server.baseUrl, session, method, path, body);
const api = (slug: string, path: string) => `/api/t/${slug}${path}`;
const hoursOf = (branchId: string, slug = shop.slug) => api(slug, `/branches/${branchId}/business-hours`);
const slotsOf = (branchId: string, query: string, slug = shop.slug) =>
  api(slug, `/branches/${branchId}/order-slots?${query}`);

const p = (start: string, end: string): Period => ({ start, end });
const LUNCH_DINNER = [p('11:00', '14:00'), p('17:00', '21:00')];
const EVERY_DAY: BusinessHours = {
  week: Array.from({ length: 7 }, () => LUNCH_DINNER),
  special: [],
  orderAheadDays: 7,
};
const DAY_MS = 86_400_000;

/** The next Taipei day (tomorrow at the earliest) falling on `weekday` (0 = Sunday), YYYY-MM-DD. */
function next(weekday: number): string {
  for (let i = 1; ; i++) {
    const key = taipeiDayKey(new Date(Date.now() + i * DAY_MS));
    if (weekdayOfDayKey(key) === weekday) return dayKeyToIsoDate(key);
  }
}
const taipei = (date: string, time: string) => new Date(`${date}T${time}:00+08:00`);

/** Every saved hours row, to prove a refusal changed nothing. */
async function snapshot(): Promise<string> {
  const rows = await server.db.$queryRaw<{ t: string }[]>`
    SELECT md5(coalesce(string_agg(row(h.*)::text, '|' ORDER BY h.branch_id), '')) AS t FROM branch_business_hours h`;
  return rows[0]!.t;
}

beforeAll(async () => {
  server = await startAuthServer('restaurant_hours');
  shop = await createShop(server.db, { slug: 'rice-house', name: '阿美飯館', prefix: 'RCHS' });
  otherShop = await createTenant(server.db, 'tea-stand', '好茶飲');
  for (const id of [shop.tenantId, otherShop.id])
    await server.db.tenant.update({ where: { id }, data: { kind: 'restaurant' } });
  owner = await signedInMember(server.db, server.config, shop.tenantId, { role: 'owner' });
  otherOwner = await signedInMember(server.db, server.config, otherShop.id, { role: 'owner' });
  const add = async (session: TestSession, slug: string, name: string) => {
    const res = await as(session, 'POST', api(slug, '/branches'), { name, address: '台北市', phone: '02-2345-6789' });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  xinyi = await add(owner, shop.slug, '信義店');
  daan = await add(owner, shop.slug, '大安店');
  theirs = await add(otherOwner, otherShop.slug, '中山店');
  expect((await as(otherOwner, 'PUT', hoursOf(theirs, otherShop.slug), EVERY_DAY)).status).toBe(200);
}, 120_000);
afterAll(() => server?.close());

describe('business hours', () => {
  it('start as the defaults, then save whole and audited', async () => {
    const first = await as(owner, 'GET', hoursOf(xinyi));
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ hours: DEFAULT_BUSINESS_HOURS, saved: false });
    const hours: BusinessHours = {
      ...EVERY_DAY,
      week: EVERY_DAY.week.map((day, i) => (i === 1 ? [] : day)),
      special: [{ date: next(3), closed: true, periods: [], note: ' 中秋節公休 ' }],
    };
    const saved = await as(owner, 'PUT', hoursOf(xinyi), hours);
    expect(saved.status).toBe(200);
    const expected = { ...hours, special: [{ ...hours.special[0], note: '中秋節公休' }] };
    expect(saved.body).toMatchObject({ hours: expected, saved: true });
    expect(saved.body.status).toHaveProperty('open');
    expect((await as(owner, 'GET', hoursOf(xinyi))).body).toMatchObject({ hours: expected, saved: true });
    // The other branch keeps its own.
    expect((await as(owner, 'GET', hoursOf(daan))).body).toMatchObject({ hours: DEFAULT_BUSINESS_HOURS, saved: false });
    const audit = await server.db.auditLog.findFirstOrThrow({
      where: { tenantId: shop.tenantId, action: 'branch.business_hours' },
    });
    expect(audit).toMatchObject({ targetId: xinyi, data: { hours: { orderAheadDays: 7 }, ordersOutside: [] } });
  });

  it('refuses bad input with 400 and the fields, changing nothing', async () => {
    const before = await snapshot();
    const bad = await as(owner, 'PUT', hoursOf(xinyi), {
      ...EVERY_DAY,
      week: EVERY_DAY.week.map((day, i) => (i === 2 ? [p('11:00', '14:00'), p('13:00', '15:00')] : day)),
      special: [{ date: '2026-02-30', closed: true, periods: [], note: '' }],
      orderAheadDays: -1,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('invalid_business_hours');
    expect(bad.body.fields).toEqual({
      special: '請選擇日期（例如 2026-09-25）',
      orderAheadDays: '可預訂天數不能小於 0',
    });
    // Once the other fields are right, the overlap is named at its own period.
    const overlap = await as(owner, 'PUT', hoursOf(xinyi), {
      ...EVERY_DAY,
      week: EVERY_DAY.week.map((day, i) => (i === 2 ? [p('11:00', '14:00'), p('13:00', '15:00')] : day)),
    });
    expect(overlap.body.paths).toEqual({ 'week.2.1.start': '週二 13:00–15:00 和 11:00–14:00 重疊了' });
    for (const body of [null, 'x', [], { week: 'mon' }, { ...EVERY_DAY, week: EVERY_DAY.week.slice(1) }]) {
      expect((await as(owner, 'PUT', hoursOf(xinyi), body)).status, JSON.stringify(body)).toBe(400);
    }
    expect((await as(owner, 'PUT', hoursOf('not-a-uuid'), EVERY_DAY)).status).toBe(404);
    expect(await snapshot()).toBe(before);
  });

  it('lists the order slots a customer may pick', async () => {
    expect((await as(owner, 'PUT', hoursOf(daan), EVERY_DAY)).status).toBe(200);
    const day = next(4);
    const pickup = await as(owner, 'GET', slotsOf(daan, `method=pickup&date=${day}`));
    expect(pickup.status).toBe(200);
    // Default pickup methods: 15-minute slots, 11:00–13:45 and 17:00–20:45.
    const slots = pickup.body.slots as { start: string; end: string }[];
    expect(slots).toHaveLength(12 + 16);
    expect(slots[0]).toEqual({
      start: taipei(day, '11:00').toISOString(),
      end: taipei(day, '11:15').toISOString(),
    });
    expect(slots[11]!.end).toBe(taipei(day, '14:00').toISOString());
    expect(slots[12]!.start).toBe(taipei(day, '17:00').toISOString());
    // Delivery is off until the branch turns it on.
    expect((await as(owner, 'GET', slotsOf(daan, 'method=delivery'))).body).toMatchObject({ slots: [] });
    const bad = await as(owner, 'GET', slotsOf(daan, 'method=teleport&date=2026-13-01'));
    expect(bad).toMatchObject({ status: 400, body: { code: 'invalid_slots_query' } });
    expect(Object.keys(bad.body.fields as object).sort()).toEqual(['date', 'method']);
  });

  it('warns with 409 about upcoming orders the new hours leave out, and saves once confirmed', async () => {
    expect((await as(owner, 'PUT', hoursOf(daan), EVERY_DAY)).status).toBe(200);
    const tuesday = next(2);
    const wednesday = next(3);
    const order = async (branchId: string, wantedAt: Date, status: 'pending' | 'cancelled' = 'pending') => {
      const made = await insertOrder(server.db, shop, { status });
      await server.db.order.update({ where: { id: made.id }, data: { branchId, wantedAt } });
      return made;
    };
    const lunch = await order(daan, taipei(tuesday, '12:00'));
    const dinner = await order(daan, taipei(wednesday, '18:30'));
    await order(daan, taipei(tuesday, '12:30'), 'cancelled');
    await order(xinyi, taipei(tuesday, '12:00'));
    await order(daan, new Date(Date.now() - 3 * DAY_MS));

    const closedTuesdays = { ...EVERY_DAY, week: EVERY_DAY.week.map((day, i) => (i === 2 ? [] : day)) };
    const before = await snapshot();
    const warned = await as(owner, 'PUT', hoursOf(daan), closedTuesdays);
    expect(warned.status).toBe(409);
    expect(warned.body).toMatchObject({
      code: 'orders_outside_hours',
      orders: [{ id: lunch.id, number: lunch.number, wantedAt: taipei(tuesday, '12:00').toISOString() }],
    });
    expect(warned.body.message).toContain('1 筆');
    expect(await snapshot()).toBe(before);

    // Dinner only from 19:00 on Wednesday leaves the 18:30 order out too.
    const later = {
      ...closedTuesdays,
      special: [{ date: wednesday, closed: false, periods: [p('19:00', '21:00')], note: '晚開' }],
    };
    const both = await as(owner, 'PUT', hoursOf(daan), later);
    expect((both.body.orders as { id: string }[]).map((o) => o.id).sort()).toEqual([lunch.id, dinner.id].sort());

    const confirmed = await as(owner, 'PUT', hoursOf(daan), { ...closedTuesdays, confirm: true });
    expect(confirmed).toMatchObject({ status: 200, body: { hours: closedTuesdays, saved: true } });
    const audit = await server.db.auditLog.findFirstOrThrow({
      where: { tenantId: shop.tenantId, action: 'branch.business_hours', targetId: daan },
      orderBy: { createdAt: 'desc' },
    });
    expect(audit.data).toMatchObject({ ordersOutside: [lunch.number] });
    // The orders are kept as they were.
    expect(await server.db.order.count({ where: { id: lunch.id, status: 'pending' } })).toBe(1);
  });

  it('another shop’s branch is not found, and nothing of theirs changes', async () => {
    const before = await snapshot();
    expect((await as(owner, 'GET', hoursOf(theirs))).status).toBe(404);
    expect(await as(owner, 'PUT', hoursOf(theirs), DEFAULT_BUSINESS_HOURS)).toMatchObject({
      status: 404,
      body: { code: 'branch_not_found' },
    });
    expect((await as(owner, 'GET', slotsOf(theirs, 'method=pickup'))).status).toBe(404);
    expect(await snapshot()).toBe(before);
    expect((await as(otherOwner, 'GET', hoursOf(theirs, otherShop.slug))).body.hours).toEqual(EVERY_DAY);
  });

  it('a manager of one branch is refused on another; staff may look but not save', async () => {
    const limited = await signedInMember(server.db, server.config, shop.tenantId, {
      role: 'manager',
      displayName: '信義店長',
    });
    const set = await as(owner, 'PATCH', api(shop.slug, `/team/members/${limited.staffId}`), {
      branches: { all: false, branchIds: [xinyi] },
    });
    expect(set.status).toBe(200);
    const before = await snapshot();
    expect((await as(limited, 'GET', hoursOf(xinyi))).status).toBe(200);
    for (const [method, path, body] of [
      ['GET', hoursOf(daan)],
      ['PUT', hoursOf(daan), EVERY_DAY],
      ['GET', slotsOf(daan, 'method=pickup')],
    ] as const) {
      const answer = await as(limited, method, path, body);
      expect(answer.status, `${method} ${path}`).toBe(403);
      expect(answer.body.code).toBe('branch_forbidden');
    }
    const staff = await signedInMember(server.db, server.config, shop.tenantId, { role: 'staff' });
    expect((await as(staff, 'GET', hoursOf(xinyi))).status).toBe(200);
    expect((await as(staff, 'PUT', hoursOf(xinyi), EVERY_DAY)).status).toBe(403);
    expect(await snapshot()).toBe(before);
  });
});
