import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestAs, signedInMember, type TestMember, type TestSession } from '../../support/auth.ts';
import { startAuthServer, type AuthServer } from '../../support/auth-server.ts';
import { createTenant } from '../../support/shops.ts';

/**
 * The restaurant menu over the real server and database: categories, shared option groups, an
 * item's groups and tags, branch prices, the customer's menu and its version. Another shop's
 * ids are not found and change nothing; a member who may only look is refused.
 */

let server: AuthServer;
let shop: { id: string; slug: string };
let otherShop: { id: string; slug: string };
let owner: TestMember & TestSession;
let otherOwner: TestMember & TestSession;
let viewer: TestMember & TestSession;
let productId: string;
let otherProductId: string;
let branchId: string;
let otherBranchId: string;

const as = (session: TestSession, method: string, path: string, body?: unknown) =>
  requestAs(server.baseUrl, session, method, path, body);
const api = (path: string) => `/api/t/${shop.slug}${path}`;
const publicMenu = async (path: string) => {
  const response = await fetch(`${server.baseUrl}/api/menu/${path}`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> & { version?: number } };
};
const versionOf = async (tenantId: string) =>
  (await server.db.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { menuVersion: true } })).menuVersion;

/** Every menu row of every shop, to prove a refusal changed nothing. */
async function snapshot(): Promise<string> {
  const rows = await server.db.$queryRaw<{ t: string }[]>`
    SELECT md5(coalesce(string_agg(x, '|' ORDER BY x), '')) AS t FROM (
      SELECT 'category:' || row(c.*)::text AS x FROM menu_categories c
      UNION ALL SELECT 'group:' || row(g.*)::text FROM option_groups g
      UNION ALL SELECT 'choice:' || row(o.*)::text FROM option_choices o
      UNION ALL SELECT 'link:' || row(l.*)::text FROM product_option_groups l
      UNION ALL SELECT 'branch_product:' || row(b.*)::text FROM branch_products b
      UNION ALL SELECT 'product:' || row(p.*)::text FROM products p
      UNION ALL SELECT 'tenant:' || row(t.*)::text FROM tenants t
    ) all_rows`;
  return rows[0]!.t;
}

const EXTRAS = {
  name: '加購',
  required: false,
  multiple: true,
  choices: [
    { name: '加蛋', priceDelta: 15 },
    { name: '加起司', priceDelta: 20 },
  ],
};

beforeAll(async () => {
  server = await startAuthServer('catalog_menu');
  shop = await createTenant(server.db, 'beef-noodle', '老張牛肉麵');
  otherShop = await createTenant(server.db, 'tea-stand', '茶舖');
  await server.db.tenant.updateMany({ where: { id: { in: [shop.id, otherShop.id] } }, data: { kind: 'restaurant' } });
  owner = await signedInMember(server.db, server.config, shop.id, { role: 'owner' });
  otherOwner = await signedInMember(server.db, server.config, otherShop.id, { role: 'owner' });
  viewer = await signedInMember(server.db, server.config, shop.id, {
    role: 'staff',
    permissions: { products: 'view' },
  });
  productId = (
    await server.db.product.create({
      data: { tenantId: shop.id, code: '261205001', name: '紅燒牛肉麵', price: 180, stock: -1 },
    })
  ).id;
  otherProductId = (
    await server.db.product.create({
      data: { tenantId: otherShop.id, code: '261205001', name: '珍珠奶茶', price: 60, stock: -1 },
    })
  ).id;
  const address = { address: '台北市信義區松高路 11 號', phone: '0223456789' };
  branchId = (await server.db.branch.create({ data: { tenantId: shop.id, name: '信義店', ...address } })).id;
  otherBranchId = (await server.db.branch.create({ data: { tenantId: otherShop.id, name: '茶舖本店', ...address } }))
    .id;
}, 120_000);
afterAll(() => server?.close());

describe('categories', () => {
  it('are added last, reordered as a whole, and each change bumps the menu version', async () => {
    const before = await versionOf(shop.id);
    const noodles = await as(owner, 'POST', api('/menu/categories'), { name: ' 麵食 ' });
    expect(noodles).toMatchObject({ status: 201, body: { name: '麵食', sortOrder: 0 } });
    const sides = await as(owner, 'POST', api('/menu/categories'), { name: '小菜' });
    expect(sides.body).toMatchObject({ sortOrder: 1 });
    expect(await versionOf(shop.id)).toBe(before + 2);

    const reordered = await as(owner, 'PUT', api('/menu/categories/order'), { ids: [sides.body.id, noodles.body.id] });
    expect(reordered.status).toBe(200);
    expect((reordered.body.categories as { name: string }[]).map((c) => c.name)).toEqual(['小菜', '麵食']);
    expect(await versionOf(shop.id)).toBe(before + 3);
    const audit = await server.db.auditLog.findFirstOrThrow({
      where: { tenantId: shop.id, action: 'menu.category_reorder' },
    });
    expect(audit.data).toEqual({ ids: [sides.body.id, noodles.body.id] });
  });

  it('refuses bad input with the field and changes nothing', async () => {
    const before = await snapshot();
    const blank = await as(owner, 'POST', api('/menu/categories'), { name: '   ' });
    expect(blank.status).toBe(400);
    expect(blank.body.fields).toEqual({ name: '請輸入分類名稱' });
    const partial = await as(owner, 'PUT', api('/menu/categories/order'), { ids: [randomUUID()] });
    expect(partial.status).toBe(409);
    expect((await as(owner, 'PATCH', api('/menu/categories/not-an-id'), { name: 'x' })).status).toBe(404);
    expect(await snapshot()).toBe(before);
  });
});

describe('option groups', () => {
  let groupId: string;
  let eggId: string;

  it('are created with their choices and min/max from required and single', async () => {
    const created = await as(owner, 'POST', api('/menu/option-groups'), EXTRAS);
    expect(created).toMatchObject({ status: 201, body: { name: '加購', minSelect: 0, maxSelect: 2 } });
    groupId = created.body.id as string;
    eggId = (created.body.choices as { id: string; name: string }[])[0]!.id;
    const wrong = await as(owner, 'POST', api('/menu/option-groups'), { ...EXTRAS, required: true, minSelect: 0 });
    expect(wrong.status).toBe(400);
    expect(wrong.body.fields).toEqual({ minSelect: '必選群組最少要選 1 個' });
    const negative = await as(owner, 'POST', api('/menu/option-groups'), {
      ...EXTRAS,
      choices: [{ name: '折扣', priceDelta: -10 }],
    });
    expect(negative.status).toBe(400);
    expect(negative.body.fields).toHaveProperty('choices');
  });

  it('keep a choice sent with its id and drop one left out', async () => {
    const edited = await as(owner, 'PUT', api(`/menu/option-groups/${groupId}`), {
      ...EXTRAS,
      choices: [
        { id: eggId, name: '加蛋', priceDelta: 10 },
        { name: '加麵', priceDelta: 25 },
      ],
    });
    expect(edited.status).toBe(200);
    expect(edited.body.choices).toEqual([
      { id: eggId, name: '加蛋', priceDelta: 10 },
      { id: expect.any(String), name: '加麵', priceDelta: 25 },
    ]);
  });

  it('are attached to an item with tags and a category, shown on the customer menu', async () => {
    const { categories } = (await as(owner, 'GET', api('/menu/categories'))).body as {
      categories: { id: string; name: string }[];
    };
    const noodles = categories.find((c) => c.name === '麵食')!;
    const before = await versionOf(shop.id);
    const set = await as(owner, 'PATCH', api(`/products/${productId}/menu`), {
      categoryId: noodles.id,
      tags: ['招牌', '辣', '招牌'],
      groupIds: [groupId],
    });
    expect(set).toMatchObject({
      status: 200,
      body: { categoryId: noodles.id, tags: ['招牌', '辣'], groupIds: [groupId] },
    });
    expect(await versionOf(shop.id)).toBe(before + 1);

    const menu = await publicMenu(`${shop.slug}?branch=${branchId}`);
    expect(menu.status).toBe(200);
    expect(menu.body.categories).toEqual([
      {
        id: noodles.id,
        name: '麵食',
        items: [
          expect.objectContaining({
            id: productId,
            price: 180,
            tags: ['招牌', '辣'],
            groups: [expect.objectContaining({ id: groupId, name: '加購', minSelect: 0, maxSelect: 2 })],
          }),
        ],
      },
    ]);
    expect((await publicMenu(`${shop.slug}/version`)).body).toEqual({ version: before + 1 });
  });

  it('per-branch price and availability change what that branch’s customers see', async () => {
    const priced = await as(owner, 'PUT', api(`/branches/${branchId}/products/${productId}`), {
      available: true,
      price: 200,
    });
    expect(priced).toMatchObject({ status: 200, body: { available: true, price: 200 } });
    const menu = await publicMenu(`${shop.slug}?branch=${branchId}`);
    expect(JSON.stringify(menu.body)).toContain('"price":200');
    expect(JSON.stringify((await publicMenu(shop.slug)).body)).toContain('"price":180');
    await as(owner, 'PUT', api(`/branches/${branchId}/products/${productId}`), { available: false, price: null });
    expect((await publicMenu(`${shop.slug}?branch=${branchId}`)).body.categories).toEqual([]);
    const bad = await as(owner, 'PUT', api(`/branches/${branchId}/products/${productId}`), {
      available: true,
      price: 12.5,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.fields).toEqual({ price: '分店價格必須是整數' });
  });

  it('another shop’s ids are not found (or refused) and nothing changes', async () => {
    const otherGroup = await as(otherOwner, 'POST', `/api/t/${otherShop.slug}/menu/option-groups`, {
      ...EXTRAS,
      name: '甜度',
    });
    const otherCategory = await as(otherOwner, 'POST', `/api/t/${otherShop.slug}/menu/categories`, { name: '飲料' });
    const before = await snapshot();
    expect((await as(owner, 'PUT', api(`/menu/option-groups/${otherGroup.body.id}`), EXTRAS)).status).toBe(404);
    expect((await as(owner, 'DELETE', api(`/menu/option-groups/${otherGroup.body.id}`))).status).toBe(404);
    expect((await as(owner, 'PATCH', api(`/menu/categories/${otherCategory.body.id}`), { name: '偷改' })).status).toBe(
      404,
    );
    expect((await as(owner, 'DELETE', api(`/menu/categories/${otherCategory.body.id}`))).status).toBe(404);
    expect((await as(owner, 'PATCH', api(`/products/${otherProductId}/menu`), { tags: ['辣'] })).status).toBe(404);
    expect(
      (
        await as(owner, 'PUT', api(`/branches/${otherBranchId}/products/${productId}`), {
          available: false,
          price: null,
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await as(owner, 'PUT', api(`/branches/${branchId}/products/${otherProductId}`), {
          available: false,
          price: null,
        })
      ).status,
    ).toBe(404);
    const foreignGroup = await as(owner, 'PATCH', api(`/products/${productId}/menu`), {
      groupIds: [otherGroup.body.id],
    });
    expect(foreignGroup).toMatchObject({ status: 400, body: { fields: { groupIds: '找不到選項群組' } } });
    const foreignCategory = await as(owner, 'PATCH', api(`/products/${productId}/menu`), {
      categoryId: otherCategory.body.id,
    });
    expect(foreignCategory).toMatchObject({ status: 400, body: { fields: { categoryId: '找不到這個分類' } } });
    const foreignChoice = await as(owner, 'PUT', api(`/menu/option-groups/${groupId}`), {
      ...EXTRAS,
      choices: [{ id: (otherGroup.body.choices as { id: string }[])[0]!.id, name: '偷', priceDelta: 0 }],
    });
    expect(foreignChoice.status).toBe(400);
    expect(await snapshot()).toBe(before);
  });

  it('a member who may only look reads the menu but changes nothing', async () => {
    expect((await as(viewer, 'GET', api('/menu/option-groups'))).status).toBe(200);
    const items = await as(viewer, 'GET', api('/menu/items'));
    expect(items.body.items).toEqual([
      expect.objectContaining({ id: productId, tags: ['招牌', '辣'], groupIds: [groupId] }),
    ]);
    const before = await snapshot();
    expect((await as(viewer, 'POST', api('/menu/categories'), { name: '湯品' })).status).toBe(403);
    expect((await as(viewer, 'PUT', api(`/menu/option-groups/${groupId}`), EXTRAS)).status).toBe(403);
    expect((await as(viewer, 'PATCH', api(`/products/${productId}/menu`), { tags: [] })).status).toBe(403);
    expect(
      (await as(viewer, 'PUT', api(`/branches/${branchId}/products/${productId}`), { available: true, price: null }))
        .status,
    ).toBe(403);
    expect(await snapshot()).toBe(before);
  });

  it('deleting a group takes it off its items and bumps the version', async () => {
    const before = await versionOf(shop.id);
    expect((await as(owner, 'DELETE', api(`/menu/option-groups/${groupId}`))).status).toBe(200);
    expect((await as(owner, 'GET', api(`/products/${productId}/menu`))).body.groupIds).toEqual([]);
    expect(await versionOf(shop.id)).toBe(before + 1);
  });
});

describe('deleting a category', () => {
  it('keeps its items, uncategorised, and bumps the version', async () => {
    const { categories } = (await as(owner, 'GET', api('/menu/categories'))).body as {
      categories: { id: string; name: string }[];
    };
    const noodles = categories.find((c) => c.name === '麵食')!;
    expect((await server.db.product.findUniqueOrThrow({ where: { id: productId } })).categoryId).toBe(noodles.id);
    const before = await versionOf(shop.id);
    expect((await as(owner, 'DELETE', api(`/menu/categories/${noodles.id}`))).status).toBe(200);
    expect((await server.db.product.findUniqueOrThrow({ where: { id: productId } })).categoryId).toBeNull();
    expect(await versionOf(shop.id)).toBe(before + 1);
    expect((await as(owner, 'DELETE', api(`/menu/categories/${noodles.id}`))).status).toBe(404);
  });
});

describe('the customer menu', () => {
  it('is a 404 for an unknown shop, a +1-only shop, another shop’s branch and a bad slug', async () => {
    const plusOne = await createTenant(server.db, 'plus-one-only', '團購小舖');
    expect((await publicMenu('no-such-shop')).status).toBe(404);
    expect((await publicMenu(plusOne.slug)).status).toBe(404);
    expect((await publicMenu(`${shop.slug}?branch=${otherBranchId}`)).status).toBe(404);
    expect((await publicMenu(`${shop.slug}?branch=nope`)).status).toBe(400);
    expect((await publicMenu('Bad_Slug!')).status).toBe(404);
  });
});
