import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { taipeiDayKey, taipeiDayRange } from '../../../domain/taipei-time.ts';
import { requestAs, signedInMember, type TestMember, type TestSession } from '../../support/auth.ts';
import { startAuthServer, type AuthServer } from '../../support/auth-server.ts';
import { restaurantWithOwner } from '../../support/restaurants.ts';

/**
 * 日常營運 over the real server and database: a branch's stock with +/− and 售完, pausing an item
 * or an option choice (the customer's menu shows it unavailable and open pages refresh), slot
 * limits, and the fences: another shop's or branch's ids are not found and change nothing,
 * members limited to another branch or to looking are refused.
 */

let server: AuthServer;
let shop: { id: string; slug: string };
let otherShop: { id: string; slug: string };
let owner: TestMember & TestSession;
let otherOwner: TestMember & TestSession;
let xinyi: string;
let daan: string;
let theirBranch: string;
let bento: string;
let noodles: string;
let egg: string;
let theirItem: string;
let theirChoice: string;

const as = (session: TestSession, method: string, path: string, body?: unknown) =>
  requestAs(server.baseUrl, session, method, path, body);
const api = (path: string, slug = shop.slug) => `/api/t/${slug}${path}`;
const branchApi = (branchId: string, path: string, slug = shop.slug) => api(`/branches/${branchId}${path}`, slug);

async function publicMenu(branchId: string) {
  const response = await fetch(`${server.baseUrl}/api/menu/${shop.slug}?branch=${branchId}`);
  return (await response.json()) as {
    version: number;
    refreshAt: string | null;
    categories: {
      items: {
        id: string;
        soldOut: boolean;
        unavailable: string | null;
        groups: { choices: { id: string; soldOut: boolean }[] }[];
      }[];
    }[];
  };
}
const menuItem = async (branchId: string, id: string) =>
  (await publicMenu(branchId)).categories.flatMap((c) => c.items).find((i) => i.id === id)!;

/** Every daily-ops row and the shops' menu versions, to prove a refusal changed nothing. */
async function snapshot(): Promise<string> {
  const rows = await server.db.$queryRaw<{ t: string }[]>`
    SELECT md5(coalesce(string_agg(x, '|' ORDER BY x), '')) AS t FROM (
      SELECT 'stock:' || row(s.*)::text AS x FROM branch_item_stock s
      UNION ALL SELECT 'capacity:' || row(c.*)::text FROM branch_capacity c
      UNION ALL SELECT 'item_pause:' || row(p.*)::text FROM branch_item_pauses p
      UNION ALL SELECT 'choice_pause:' || row(p.*)::text FROM branch_choice_pauses p
      UNION ALL SELECT 'version:' || t.id || ':' || t.menu_version FROM tenants t
    ) all_rows`;
  return rows[0]!.t;
}

beforeAll(async () => {
  server = await startAuthServer('restaurant_daily_ops');
  ({ shop, owner } = await restaurantWithOwner(server, 'bento-house', '好呷便當'));
  ({ shop: otherShop, owner: otherOwner } = await restaurantWithOwner(server, 'tea-stand', '春水茶飲'));
  const branch = async (session: TestSession, slug: string, name: string) => {
    const res = await as(session, 'POST', api('/branches', slug), { name, address: '台北市', phone: '02-2345-6789' });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  xinyi = await branch(owner, shop.slug, '信義店');
  daan = await branch(owner, shop.slug, '大安店');
  theirBranch = await branch(otherOwner, otherShop.slug, '中山店');
  const item = async (tenantId: string, code: string, name: string) =>
    (await server.db.product.create({ data: { tenantId, code, name, price: 100, stock: -1 }, select: { id: true } }))
      .id;
  bento = await item(shop.id, '261204001', '排骨便當');
  noodles = await item(shop.id, '261204002', '牛肉麵');
  theirItem = await item(otherShop.id, '261204001', '珍珠奶茶');
  const group = (tenantId: string, name: string) =>
    server.db.optionGroup.create({
      data: {
        tenantId,
        name: '加購',
        required: false,
        multiple: true,
        minSelect: 0,
        maxSelect: 1,
        choices: { create: { name, priceDelta: 15 } },
      },
      select: { id: true, choices: { select: { id: true } } },
    });
  const ours = await group(shop.id, '加蛋');
  egg = ours.choices[0]!.id;
  await server.db.productOptionGroup.create({ data: { tenantId: shop.id, productId: noodles, groupId: ours.id } });
  theirChoice = (await group(otherShop.id, '加珍珠')).choices[0]!.id;
}, 120_000);
afterAll(() => server?.close());

describe('stock (庫存管理)', () => {
  it('starts unlimited, is set with a daily quantity, and +/− never goes below 0', async () => {
    const board = await as(owner, 'GET', branchApi(xinyi, '/daily-ops'));
    expect(board.status).toBe(200);
    expect(board.body.items).toContainEqual(
      expect.objectContaining({ id: bento, name: '排骨便當', stock: -1, dailyQuantity: null, pause: null }),
    );

    const set = await as(owner, 'PUT', branchApi(xinyi, `/items/${bento}/stock`), { quantity: 5, dailyQuantity: 10 });
    expect(set).toEqual({ status: 200, body: { productId: bento, quantity: 5, dailyQuantity: 10 } });
    expect((await as(owner, 'POST', branchApi(xinyi, `/items/${bento}/stock/adjust`), { delta: -2 })).body).toEqual({
      productId: bento,
      quantity: 3,
      dailyQuantity: 10,
    });

    const version = (await publicMenu(xinyi)).version;
    const soldOut = await as(owner, 'POST', branchApi(xinyi, `/items/${bento}/stock/adjust`), { delta: -10 });
    expect(soldOut.body.quantity).toBe(0);
    const shown = await menuItem(xinyi, bento);
    expect(shown).toMatchObject({ soldOut: true, unavailable: 'sold_out' });
    expect((await publicMenu(xinyi)).version).toBe(version + 1);
    // The other branch does not count the item: still orderable there.
    expect(await menuItem(daan, bento)).toMatchObject({ soldOut: false, unavailable: null });

    await as(owner, 'POST', branchApi(xinyi, `/items/${bento}/stock/adjust`), { delta: 4 });
    expect(await menuItem(xinyi, bento)).toMatchObject({ soldOut: false, unavailable: null });

    const audit = await server.db.auditLog.findMany({
      where: { tenantId: shop.id, action: { startsWith: 'branch.item_stock' } },
      select: { action: true, data: true },
    });
    expect(audit).toContainEqual({
      action: 'branch.item_stock',
      data: { branchId: xinyi, quantity: 5, dailyQuantity: 10 },
    });
  });

  it('refuses bad input with zh-TW field errors, and changes nothing', async () => {
    const before = await snapshot();
    const bad = await as(owner, 'PUT', branchApi(xinyi, `/items/${bento}/stock`), { quantity: 2.5, dailyQuantity: -1 });
    expect(bad.status).toBe(400);
    expect(bad.body.fields).toEqual({ quantity: '庫存數量必須是整數', dailyQuantity: '每日補貨數量不能小於 0' });
    const zero = await as(owner, 'POST', branchApi(xinyi, `/items/${bento}/stock/adjust`), { delta: 0 });
    expect(zero.body.fields).toEqual({ delta: '調整數量不能是 0' });
    expect((await as(owner, 'PUT', branchApi(xinyi, `/items/${bento}/stock`), 'lots')).status).toBe(400);
    expect(await snapshot()).toBe(before);
  });
});

describe('pauses (暫停銷售)', () => {
  it('pauses an item for today: the branch menu shows it unavailable, open pages refresh, resume sells it again', async () => {
    const version = (await publicMenu(xinyi)).version;
    const paused = await as(owner, 'POST', branchApi(xinyi, `/items/${noodles}/pause`), { until: 'today' });
    expect(paused.status).toBe(200);
    expect(paused.body.until).toBe(taipeiDayRange(taipeiDayKey(new Date())).end.toISOString());
    const menu = await publicMenu(xinyi);
    expect(menu.version).toBe(version + 1);
    expect(await menuItem(xinyi, noodles)).toMatchObject({ soldOut: true, unavailable: 'paused' });
    expect(await menuItem(daan, noodles)).toMatchObject({ soldOut: false });

    const board = await as(owner, 'GET', branchApi(xinyi, '/daily-ops'));
    expect((board.body.items as { id: string; pause: unknown }[]).find((i) => i.id === noodles)!.pause).toEqual({
      until: paused.body.until,
      pausedAt: paused.body.pausedAt,
    });

    expect(await as(owner, 'POST', branchApi(xinyi, `/items/${noodles}/resume`), {})).toEqual({
      status: 200,
      body: { id: noodles, until: null, paused: false },
    });
    expect(await menuItem(xinyi, noodles)).toMatchObject({ soldOut: false, unavailable: null });
    expect((await publicMenu(xinyi)).version).toBe(version + 2);
  });

  it('pauses an option choice until resumed, and one to a time', async () => {
    const paused = await as(owner, 'POST', branchApi(xinyi, `/choices/${egg}/pause`), { until: 'resume' });
    expect(paused.body.until).toBeNull();
    const item = await menuItem(xinyi, noodles);
    expect(item.groups[0]!.choices).toEqual([expect.objectContaining({ id: egg, soldOut: true })]);
    expect(item.soldOut).toBe(false);

    const inAnHour = new Date(Date.now() + 3_600_000).toISOString();
    const timed = await as(owner, 'POST', branchApi(daan, `/items/${noodles}/pause`), { until: inAnHour });
    expect(timed.body.until).toBe(inAnHour);
    // An open menu reloads when the pause ends, with nobody touching anything.
    expect((await publicMenu(daan)).refreshAt).toBe(inAnHour);
    await as(owner, 'POST', branchApi(xinyi, `/choices/${egg}/resume`), {});
    await as(owner, 'POST', branchApi(daan, `/items/${noodles}/resume`), {});
  });

  it('an expired pause is simply not a pause', async () => {
    await server.db.branchItemPause.create({
      data: { tenantId: shop.id, branchId: daan, productId: bento, until: new Date(Date.now() - 60_000) },
    });
    expect(await menuItem(daan, bento)).toMatchObject({ soldOut: false, unavailable: null });
    const board = await as(owner, 'GET', branchApi(daan, '/daily-ops'));
    expect((board.body.items as { id: string; pause: unknown }[]).find((i) => i.id === bento)!.pause).toBeNull();
  });

  it('refuses a time already past, a made-up word and a resume with a body, and changes nothing', async () => {
    const before = await snapshot();
    const past = await as(owner, 'POST', branchApi(xinyi, `/items/${noodles}/pause`), {
      until: new Date(Date.now() - 60_000).toISOString(),
    });
    expect(past).toMatchObject({ status: 400, body: { fields: { until: '這個時間已經過了，請選之後的時間' } } });
    const word = await as(owner, 'POST', branchApi(xinyi, `/items/${noodles}/pause`), { until: 'tomorrow' });
    expect(word.status).toBe(400);
    expect(word.body.fields).toHaveProperty('until');
    expect((await as(owner, 'POST', branchApi(xinyi, `/items/${noodles}/resume`), { all: true })).status).toBe(400);
    expect(await snapshot()).toBe(before);
  });
});

describe('capacity (產能限制)', () => {
  it('sets orders per slot for the branch and a slot limit per item', async () => {
    expect(await as(owner, 'PUT', branchApi(xinyi, '/capacity'), { maxOrdersPerSlot: 20 })).toEqual({
      status: 200,
      body: { maxOrdersPerSlot: 20 },
    });
    expect(await as(owner, 'PUT', branchApi(xinyi, `/items/${noodles}/capacity`), { maxPerSlot: 8 })).toEqual({
      status: 200,
      body: { productId: noodles, maxPerSlot: 8 },
    });
    const board = await as(owner, 'GET', branchApi(xinyi, '/daily-ops'));
    expect(board.body.maxOrdersPerSlot).toBe(20);
    expect(board.body.items).toContainEqual(expect.objectContaining({ id: noodles, maxPerSlot: 8, stock: -1 }));
    expect((await as(owner, 'GET', branchApi(daan, '/daily-ops'))).body.maxOrdersPerSlot).toBeNull();

    const before = await snapshot();
    const bad = await as(owner, 'PUT', branchApi(xinyi, '/capacity'), { maxOrdersPerSlot: 0 });
    expect(bad).toMatchObject({ status: 400, body: { fields: { maxOrdersPerSlot: '每個時段最多訂單數不能小於 1' } } });
    expect(await snapshot()).toBe(before);
  });
});

describe('fences', () => {
  it("another shop's items, choices and branches are not found, and nothing changes", async () => {
    await as(otherOwner, 'POST', branchApi(theirBranch, `/items/${theirItem}/pause`, otherShop.slug), {
      until: 'resume',
    });
    const before = await snapshot();
    const tries: [string, string, unknown][] = [
      ['PUT', branchApi(xinyi, `/items/${theirItem}/stock`), { quantity: 0, dailyQuantity: null }],
      ['POST', branchApi(xinyi, `/items/${theirItem}/stock/adjust`), { delta: -1 }],
      ['POST', branchApi(xinyi, `/items/${theirItem}/pause`), { until: 'today' }],
      ['POST', branchApi(xinyi, `/items/${theirItem}/resume`), {}],
      ['POST', branchApi(xinyi, `/choices/${theirChoice}/pause`), { until: 'today' }],
      ['PUT', branchApi(xinyi, `/items/${theirItem}/capacity`), { maxPerSlot: 1 }],
      ['POST', branchApi(theirBranch, `/items/${theirItem}/resume`), {}],
      ['POST', branchApi(theirBranch, `/items/${bento}/pause`), { until: 'today' }],
      ['PUT', branchApi(theirBranch, '/capacity'), { maxOrdersPerSlot: 1 }],
      ['GET', branchApi(theirBranch, '/daily-ops'), undefined],
      ['POST', branchApi(xinyi, '/items/not-an-id/pause'), { until: 'today' }],
    ];
    for (const [method, path, body] of tries) {
      const answer = await as(owner, method, path, body);
      expect(answer.status, `${method} ${path}`).toBe(404);
    }
    expect(await snapshot()).toBe(before);
  });

  it('a manager of one branch is refused on another; staff who only look, and staff on slot limits, are refused', async () => {
    const limited = await signedInMember(server.db, server.config, shop.id, { role: 'manager' });
    expect(
      (
        await as(owner, 'PATCH', api(`/team/members/${limited.staffId}`), {
          branches: { all: false, branchIds: [xinyi] },
        })
      ).status,
    ).toBe(200);
    const looker = await signedInMember(server.db, server.config, shop.id, {
      role: 'staff',
      permissions: { 'daily/stock': 'view', 'daily/pauses': 'view' },
    });
    const kitchen = await signedInMember(server.db, server.config, shop.id, { role: 'staff' });
    const before = await snapshot();

    const onDaan = await as(limited, 'POST', branchApi(daan, `/items/${bento}/pause`), { until: 'today' });
    expect(onDaan).toMatchObject({ status: 403, body: { code: 'branch_forbidden' } });
    expect((await as(looker, 'GET', branchApi(xinyi, '/daily-ops'))).status).toBe(200);
    expect((await as(looker, 'POST', branchApi(xinyi, `/items/${bento}/pause`), { until: 'today' })).status).toBe(403);
    expect((await as(looker, 'POST', branchApi(xinyi, `/items/${bento}/stock/adjust`), { delta: 1 })).status).toBe(403);
    expect((await as(kitchen, 'PUT', branchApi(xinyi, '/capacity'), { maxOrdersPerSlot: 1 })).status).toBe(403);
    expect(await snapshot()).toBe(before);

    // Default staff run the kitchen: they may pause.
    expect((await as(kitchen, 'POST', branchApi(xinyi, `/items/${bento}/pause`), { until: 'today' })).status).toBe(200);
    await as(kitchen, 'POST', branchApi(xinyi, `/items/${bento}/resume`), {});
  });
});
