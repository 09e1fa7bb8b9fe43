import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadEnv } from '../../config/env.ts';
import { createDb, type Db } from '../../db/client.ts';
import { joinMember } from '../../db/members/members.ts';
import { createTag, refreshRuleTags, setManualTags } from '../../db/members/tags.ts';
import { createSecretBox } from '../../db/secret-box.ts';
import { PRIVACY_NOTICE_VERSION, type Gender } from '../../domain/members/member-profile.ts';
import type { OrderStatus } from '../../domain/orders/order-status.ts';
import { buildServer } from '../server.ts';
import { createMember, createSession, ownerOfEveryShop } from '../../test/support/auth.ts';
import { reportOrder } from '../../test/support/report-orders.ts';
import type { MemberAnalyticsReport, TagAnalyticsReport } from './member-analytics.ts';

/**
 * 會員經營分析 and 會員標籤分析 against March 2026 seeded by hand: members who joined and
 * ordered on either side of Taipei midnight, a customer who ordered before joining, orders
 * cancelled, rejected and still open, two branches, and another shop. Expected figures are
 * summed by hand in the comments.
 */

let db: Db;
let app: Awaited<ReturnType<typeof buildServer>>;
const suffix = randomBytes(3).toString('hex');
const shop = { id: uuidv7(), slug: `mia-${suffix}` };
const other = { id: uuidv7(), slug: `mia-other-${suffix}` };
const branchA = uuidv7();
const branchB = uuidv7();
const RANGE = 'from=2026-03-01&to=2026-03-31';
const people: Record<string, { customerId: string; memberId?: string }> = {};

async function person(tenantId: string, name: string, joined: string | null, gender: Gender = 'male') {
  const customer = await db.customer.create({
    data: { tenantId, lineUserId: `U${randomBytes(16).toString('hex')}`, displayName: name },
  });
  people[name] = { customerId: customer.id };
  if (joined) {
    const card = await joinMember(
      db,
      tenantId,
      customer.id,
      {
        phone: `09${randomBytes(4).readUInt32BE() % 100_000_000}`.padEnd(10, '0'),
        birthday: null,
        gender,
        consent: true,
        consentVersion: PRIVACY_NOTICE_VERSION,
      },
      new Date(joined),
    );
    people[name].memberId = card.memberId;
  }
}

async function order(
  tenantId: string,
  name: string,
  at: string,
  status: OrderStatus,
  amount: number,
  branchId?: string,
) {
  const product = await db.product.findFirstOrThrow({ where: { tenantId } });
  await reportOrder(db, {
    tenantId,
    customerId: people[name]!.customerId,
    at,
    status,
    lines: [{ productId: product.id, code: product.code, name: product.name, price: amount, qty: 1 }],
    ...(branchId ? { branchId, pickupMethod: 'pickup' as const } : {}),
  });
}

beforeAll(async () => {
  const env = loadEnv({ DATABASE_URL: inject('databaseUrl'), SECRETS_KEY: randomBytes(32).toString('base64') });
  db = createDb(env.DATABASE_URL, { poolSize: 4 });
  app = await buildServer({
    env,
    db,
    temporal: {} as never,
    secrets: createSecretBox(env.SECRETS_KEY),
    log: pino({ level: 'silent' }),
  });
  const prefix = suffix.slice(0, 3).toUpperCase();
  await db.tenant.create({
    data: { id: shop.id, slug: shop.slug, name: '會員分析餐廳', orderPrefix: `M${prefix}`, kind: 'both' },
  });
  await db.tenant.create({ data: { id: other.id, slug: other.slug, name: '別家', orderPrefix: `N${prefix}` } });
  for (const [id, name] of [
    [branchA, '信義店'],
    [branchB, '大安店'],
  ] as const)
    await db.branch.create({ data: { id, tenantId: shop.id, name, address: '台北市', phone: '0223456789' } });
  for (const tenantId of [shop.id, other.id])
    await db.product.create({
      data: { id: uuidv7(), tenantId, code: '260301001', name: '便當', price: 100, stock: -1, isPublic: true },
    });

  await person(shop.id, '阿美', '2026-02-20T02:00:00Z', 'female');
  // 3/1 00:00 and 3/2 00:30 in Taipei: new on 3/1 and on 3/2.
  await person(shop.id, '大華', '2026-02-28T16:00:00Z', 'female');
  await person(shop.id, '小明', '2026-03-01T16:30:00Z');
  await person(shop.id, '老客', '2025-06-01T02:00:00Z');
  // 3/31 23:59 in Taipei (new, counted) and a minute later, 4/1 (neither new nor at the end).
  await person(shop.id, '新朋友', '2026-03-31T15:59:00Z');
  await person(shop.id, '明天來', '2026-03-31T16:00:00Z');
  await person(shop.id, '路人', null);

  // 阿美: 3/1 23:59 and 3/2 00:00 in Taipei, two branches: a member who came back.
  await order(shop.id, '阿美', '2026-03-01T15:59:00Z', 'completed', 200, branchA);
  await order(shop.id, '阿美', '2026-03-01T16:00:00Z', 'completed', 300, branchB);
  await order(shop.id, '阿美', '2026-03-05T04:00:00Z', 'cancelled', 500, branchA);
  // 小明 ordered (3/1 18:00) before joining (3/2 00:30): that one is not a member's.
  await order(shop.id, '小明', '2026-03-01T10:00:00Z', 'completed', 150, branchA);
  await order(shop.id, '小明', '2026-03-03T04:00:00Z', 'shipped', 120);
  // 大華's orders never got done.
  await order(shop.id, '大華', '2026-03-10T04:00:00Z', 'rejected', 400, branchB);
  await order(shop.id, '大華', '2026-03-10T05:00:00Z', 'pending', 100, branchB);
  await order(shop.id, '大華', '2026-03-11T05:00:00Z', 'paid', 100);
  await order(shop.id, '路人', '2026-03-02T02:00:00Z', 'completed', 250, branchB);
  // Outside March in Taipei: 2/28 23:59 and 4/1 00:00.
  await order(shop.id, '老客', '2026-02-28T15:59:00Z', 'completed', 777, branchA);
  await order(shop.id, '路人', '2026-03-31T16:00:00Z', 'completed', 999, branchA);

  // Tags: 常客 by hand (阿美, 小明), 沉睡 by hand (大華), 女性 by rule (阿美, 大華).
  const regulars = await createTag(db, shop.id, { name: '常客', rule: null });
  const asleep = await createTag(db, shop.id, { name: '沉睡', rule: null });
  await createTag(db, shop.id, {
    name: '女性會員',
    rule: { match: 'all', conditions: [{ kind: 'gender', gender: 'female' }] },
  });
  await setManualTags(db, shop.id, people['阿美']!.memberId!, [regulars!.id]);
  await setManualTags(db, shop.id, people['小明']!.memberId!, [regulars!.id]);
  await setManualTags(db, shop.id, people['大華']!.memberId!, [asleep!.id]);
  await refreshRuleTags(db, shop.id, new Date('2026-04-01T00:00:00Z'));

  // The other shop: a member of its own, who spent 6,543 on 3/2, with a tag of its own.
  await person(other.id, '別家會員', '2026-03-01T02:00:00Z', 'female');
  await order(other.id, '別家會員', '2026-03-02T02:00:00Z', 'completed', 6543);
  const theirs = await createTag(db, other.id, { name: '別家標籤', rule: null });
  await setManualTags(db, other.id, people['別家會員']!.memberId!, [theirs!.id]);
});
afterAll(async () => {
  await app?.close();
  await db?.$disconnect();
});

let asOwner: ((url: string) => Promise<Record<string, string>>) | undefined;
const get = async (url: string, headers?: Record<string, string>) => {
  asOwner ??= ownerOfEveryShop(db, app.jiayiAuth.config);
  return app.inject({ method: 'GET', url, headers: headers ?? (await asOwner(url)) });
};
const api = (path: string, slug = shop.slug) => `/api/t/${slug}/members/${path}`;

describe('會員經營分析', () => {
  it('counts new members, member and non-member revenue per Taipei day, and the repurchase rate', async () => {
    const response = await get(api(`analytics?${RANGE}`));
    expect(response.statusCode).toBe(200);
    const a = response.json<MemberAnalyticsReport>();
    expect(a.range).toEqual({ from: '20260301', to: '20260331' });
    expect(a.days).toHaveLength(31);
    const day = (key: string) => a.days.find((d) => d.day === key)!;
    // 3/1: 大華 joined at 00:00; 阿美's 200 at 23:59; 小明's 150 before he joined.
    expect(day('20260301')).toEqual({
      day: '20260301',
      newMembers: 1,
      member: { orders: 1, amount: 200, average: 200 },
      nonMember: { orders: 1, amount: 150, average: 150 },
    });
    // 3/2: 小明 joined at 00:30; 阿美's 300 at 00:00; 路人's 250.
    expect(day('20260302')).toEqual({
      day: '20260302',
      newMembers: 1,
      member: { orders: 1, amount: 300, average: 300 },
      nonMember: { orders: 1, amount: 250, average: 250 },
    });
    expect(day('20260303')).toMatchObject({ newMembers: 0, member: { orders: 1, amount: 120 } });
    // Cancelled, rejected, open and paid-not-done orders count nowhere.
    for (const key of ['20260305', '20260310', '20260311']) {
      expect(day(key)).toMatchObject({ member: { orders: 0 }, nonMember: { orders: 0 } });
    }
    expect(day('20260331')).toMatchObject({ newMembers: 1, nonMember: { orders: 0 } });
    expect(a.totals).toEqual({
      newMembers: 3,
      // 阿美, 大華, 小明, 老客, 新朋友 (明天來 joined on 4/1; the other shop's never count).
      membersAtEnd: 5,
      // 阿美 (2 orders) and 小明 (1 as a member): 1 of 2 came back.
      activeMembers: 2,
      repeatMembers: 1,
      repurchaseRate: 50,
      // 200 + 300 + 120 = 620 over 3; 150 + 250 = 400 over 2.
      member: { orders: 3, amount: 620, average: 207 },
      nonMember: { orders: 2, amount: 400, average: 200 },
      // 620 / 1,020.
      memberRevenueShare: 60.8,
    });
    expect(a.branches.map((b) => b.name)).toEqual(['信義店', '大安店']);
  });

  it('narrows the orders to one branch, members still joining the whole shop', async () => {
    const a = (await get(api(`analytics?${RANGE}&branch=${branchB}`))).json<MemberAnalyticsReport>();
    expect(a.totals).toMatchObject({
      newMembers: 3,
      activeMembers: 1,
      repeatMembers: 0,
      repurchaseRate: 0,
      member: { orders: 1, amount: 300, average: 300 },
      nonMember: { orders: 1, amount: 250, average: 250 },
    });
  });

  it('gives the table as CSV, a row per day and the total', async () => {
    const response = await get(api(`analytics.csv?${RANGE}`));
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/csv');
    expect(response.headers['content-disposition']).toContain(`member-analytics-${shop.slug}-20260301-20260331.csv`);
    const lines = response.body
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe('日期,新會員,會員訂單數,會員營收,會員客單價,非會員訂單數,非會員營收,非會員客單價');
    expect(lines).toHaveLength(1 + 31 + 1);
    expect(lines[1]).toBe('2026-03-01,1,1,200,200,1,150,150');
    expect(lines[2]).toBe('2026-03-02,1,1,300,300,1,250,250');
    expect(lines.at(-1)).toBe('合計,3,3,620,207,2,400,200');
  });

  it('refuses a range that is not one and a branch that is not a branch', async () => {
    expect((await get(api('analytics?from=2026-02-30&to=2026-03-01'))).statusCode).toBe(400);
    expect((await get(api('analytics?from=2026-03-02&to=2026-03-01'))).statusCode).toBe(400);
    expect((await get(api('analytics.csv?branch=nope'))).statusCode).toBe(400);
    expect((await get(api('analytics/tags?from=2020-01-01&to=2026-03-01'))).statusCode).toBe(400);
  });
});

describe('會員標籤分析', () => {
  it("gives each tag's members and what they spent, most spent first, beside every member", async () => {
    const response = await get(api(`analytics/tags?${RANGE}`));
    expect(response.statusCode).toBe(200);
    const r = response.json<TagAnalyticsReport>();
    expect(
      r.tags.map((t) => [t.name, t.kind, t.members, t.buyers, t.orders, t.amount, t.average, t.perMember]),
    ).toEqual([
      // 阿美 500 + 小明 120 (as a member).
      ['常客', 'manual', 2, 2, 3, 620, 207, 310],
      // 阿美 500; 大華 nothing done.
      ['女性會員', 'rule', 2, 1, 2, 500, 250, 250],
      ['沉睡', 'manual', 1, 0, 0, 0, 0, 0],
    ]);
    expect(r.tags[1]!.buyerRate).toBe(50);
    expect(r.tags[2]!.buyerRate).toBe(0);
    // Six members now (明天來 too), two of whom bought: 620 / 6.
    expect(r.everyone).toEqual({
      members: 6,
      buyers: 2,
      orders: 3,
      amount: 620,
      average: 207,
      buyerRate: 33.3,
      perMember: 103,
    });
  });

  it('narrows the spend to the branches a member works in', async () => {
    const member = await createMember(db, shop.id, { role: 'manager' });
    await db.staff.update({ where: { id: member.staffId }, data: { allBranches: false } });
    await db.staffBranch.create({ data: { tenantId: shop.id, staffId: member.staffId, branchId: branchA } });
    const { headers } = await createSession(db, app.jiayiAuth.config, member.userId);
    const tags = (await get(api(`analytics/tags?${RANGE}`), headers)).json<TagAnalyticsReport>();
    expect(tags.branches.map((b) => b.name)).toEqual(['信義店']);
    expect(Object.fromEntries(tags.tags.map((t) => [t.name, [t.orders, t.amount]]))).toEqual({
      常客: [1, 200],
      女性會員: [1, 200],
      沉睡: [0, 0],
    });
    const a = (await get(api(`analytics?${RANGE}`), headers)).json<MemberAnalyticsReport>();
    // 信義店 only: 阿美's 200 and 小明's 150 before he joined; the +1 order has no branch.
    expect(a.totals).toMatchObject({
      activeMembers: 1,
      repeatMembers: 0,
      member: { orders: 1, amount: 200 },
      nonMember: { orders: 1, amount: 150 },
    });
    expect((await get(api(`analytics?${RANGE}&branch=${branchB}`), headers)).statusCode).toBe(403);
    expect((await get(api(`analytics/tags.csv?${RANGE}`), headers)).body).not.toContain('300');
  });

  it('gives the tags as CSV, with every member last', async () => {
    const response = await get(api(`analytics/tags.csv?${RANGE}`));
    expect(response.statusCode).toBe(200);
    const lines = response.body
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines).toEqual([
      '標籤,類型,會員數,消費會員,消費會員比例,訂單數,營收,客單價,人均消費',
      '常客,手動標籤,2,2,100%,3,620,207,310',
      '女性會員,自動標籤,2,1,50%,2,500,250,250',
      '沉睡,手動標籤,1,0,0%,0,0,0,0',
      '全部會員,,6,2,33.3%,3,620,207,103',
    ]);
  });
});

describe('another shop', () => {
  it('sees only its own members, orders and tags, and none of the first', async () => {
    const theirs = (await get(api(`analytics?${RANGE}`, other.slug))).json<MemberAnalyticsReport>();
    expect(theirs.totals).toMatchObject({
      newMembers: 1,
      membersAtEnd: 1,
      activeMembers: 1,
      member: { orders: 1, amount: 6543 },
      nonMember: { orders: 0, amount: 0 },
    });
    const tags = (await get(api(`analytics/tags?${RANGE}`, other.slug))).json<TagAnalyticsReport>();
    expect(tags.tags.map((t) => [t.name, t.members, t.amount])).toEqual([['別家標籤', 1, 6543]]);
    expect(tags.everyone.members).toBe(1);

    // A member of the other shop only, asking for the first shop's figures.
    const outsider = await createMember(db, other.id, { role: 'owner' });
    const { headers } = await createSession(db, app.jiayiAuth.config, outsider.userId);
    for (const path of ['analytics', 'analytics.csv', 'analytics/tags', 'analytics/tags.csv']) {
      const response = await get(api(`${path}?${RANGE}`), headers);
      expect(response.statusCode).toBe(404);
      expect(response.body).not.toContain('常客');
      expect(response.body).not.toContain('620');
    }
  });
});
