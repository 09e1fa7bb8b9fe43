import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRIVACY_NOTICE_VERSION, type Gender } from '../../domain/members/member-profile.ts';
import { createShop, insertOrder, type Shop } from '../../test/support/shops.ts';
import { scratchDatabases } from '../../test/support/scratch-database.ts';
import { createDb, type Db } from '../client.ts';
import { applyMigrations } from '../migrate.ts';
import { listMembers, loadMember, type MemberFilters } from './member-list.ts';
import { joinMember } from './members.ts';
import { createTag, listTags, refreshRuleTags, setManualTags } from './tags.ts';
import { previewTiers, saveTiers } from './tiers.ts';

/** Members, tags and tiers against a real PostgreSQL. */
const scratch = scratchDatabases('members');
let db: Db;
const DAY = 86_400_000;
const NOW = new Date('2026-06-01T04:00:00.000Z');
const none: MemberFilters = { query: null, tier: null, tagId: null, gender: null, birthdayMonth: null };

beforeAll(async () => {
  db = createDb(await migrated(), { poolSize: 4 });
}, 60_000);
afterAll(async () => {
  await db?.$disconnect();
  await scratch.dropAll();
});
async function migrated() {
  const url = scratch.url();
  await applyMigrations(url);
  return url;
}

async function shopWithMembers(people: { name: string; gender: Gender; birthday: string | null }[]) {
  const suffix = randomBytes(3).toString('hex');
  const prefix = Array.from(randomBytes(4), (b) => 'ABCDEFGHJKLMNPQRSTUVWXYZ'[b % 24]).join('');
  const shop: Shop = await createShop(db, { slug: `mem-${suffix}`, name: `會員店 ${suffix}`, prefix });
  const members = [];
  for (const [i, p] of people.entries()) {
    const customer = await db.customer.create({
      data: { tenantId: shop.tenantId, lineUserId: `U${randomBytes(16).toString('hex')}`, displayName: p.name },
    });
    const card = await joinMember(
      db,
      shop.tenantId,
      customer.id,
      {
        phone: `09123456${String(i).padStart(2, '0')}`,
        birthday: p.birthday,
        gender: p.gender,
        consent: true,
        consentVersion: PRIVACY_NOTICE_VERSION,
      },
      new Date(NOW.getTime() - (people.length - i) * DAY),
    );
    members.push({ ...card, customerId: customer.id });
  }
  return { shop, members };
}

describe('members', () => {
  it('lists members newest first with their figures, searches and filters, and pages by keyset', async () => {
    const { shop, members } = await shopWithMembers([
      { name: '王小明', gender: 'male', birthday: '1988-07-07' },
      { name: '陳美玲', gender: 'female', birthday: '1992-07-20' },
      { name: '林大華', gender: 'male', birthday: null },
    ]);
    await insertOrder(db, shop, { customerId: members[0]!.customerId, status: 'shipped', at: NOW });
    const first = await listMembers(db, shop.tenantId, none, { limit: 2, after: null });
    expect(first.members.map((m) => m.displayName)).toEqual(['林大華', '陳美玲']);
    const second = await listMembers(db, shop.tenantId, none, { limit: 2, after: first.next });
    expect(second.members.map((m) => [m.displayName, m.orderCount, m.birthday])).toEqual([['王小明', 1, '1988-07-07']]);
    expect(second.next).toBeNull();
    const names = async (f: Partial<MemberFilters>) =>
      (await listMembers(db, shop.tenantId, { ...none, ...f }, { limit: 50, after: null })).members.map(
        (m) => m.displayName,
      );
    expect(await names({ query: '美玲' })).toEqual(['陳美玲']);
    expect(await names({ query: '0912-3456-02' })).toEqual(['林大華']);
    expect(await names({ query: members[0]!.memberCode })).toEqual(['王小明']);
    // Three characters and more go through the trigram indexes: names, phone prefixes, with the filters.
    expect(await names({ query: '陳美玲' })).toEqual(['陳美玲']);
    expect(await names({ query: '0912 3456' })).toEqual(['林大華', '陳美玲', '王小明']);
    expect(await names({ query: '0912-3456', gender: 'male' })).toEqual(['林大華', '王小明']);
    expect(await names({ query: '小明%' })).toEqual([]);
    expect(await names({ gender: 'male', birthdayMonth: 7 })).toEqual(['王小明']);
  });

  it('keeps rule tags to their rule: 近 30 天未回購 and 愛吃辣; manual tags as set', async () => {
    const { shop, members } = await shopWithMembers([
      { name: '阿辣', gender: 'female', birthday: null },
      { name: '久沒來', gender: 'male', birthday: null },
      { name: '常客', gender: 'male', birthday: null },
    ]);
    const [spicy, lapsed, regular] = members as [(typeof members)[0], (typeof members)[0], (typeof members)[0]];
    await insertOrder(db, shop, {
      customerId: spicy.customerId,
      status: 'completed',
      productName: '麻辣鴨血',
      requested: 3,
      at: new Date(NOW.getTime() - 2 * DAY),
    });
    await insertOrder(db, shop, {
      customerId: lapsed.customerId,
      status: 'completed',
      at: new Date(NOW.getTime() - 45 * DAY),
    });
    await insertOrder(db, shop, {
      customerId: regular.customerId,
      status: 'completed',
      at: new Date(NOW.getTime() - DAY),
    });
    const lapsedTag = await createTag(db, shop.tenantId, {
      name: '近 30 天未回購',
      rule: { match: 'all', conditions: [{ kind: 'lapsed', days: 30 }] },
    });
    const spicyTag = await createTag(db, shop.tenantId, {
      name: '愛吃辣',
      rule: { match: 'all', conditions: [{ kind: 'bought', keyword: '辣', minUnits: 3 }] },
    });
    const vip = await createTag(db, shop.tenantId, { name: '老朋友', rule: null });
    expect(await createTag(db, shop.tenantId, { name: '愛吃辣', rule: null })).toBeNull();
    await setManualTags(db, shop.tenantId, regular.memberId, [vip!.id, spicyTag!.id]);
    await refreshRuleTags(db, shop.tenantId, NOW);
    const tagged = async (tagId: string) =>
      (await listMembers(db, shop.tenantId, { ...none, tagId }, { limit: 50, after: null })).members.map(
        (m) => m.displayName,
      );
    expect(await tagged(lapsedTag!.id)).toEqual(['久沒來']);
    expect(await tagged(spicyTag!.id)).toEqual(['阿辣']);
    expect(await tagged(vip!.id)).toEqual(['常客']);
    // The lapsed member comes back: the next refresh takes the tag off.
    await insertOrder(db, shop, { customerId: lapsed.customerId, status: 'completed', at: NOW });
    await refreshRuleTags(db, shop.tenantId, NOW);
    expect(await tagged(lapsedTag!.id)).toEqual([]);
    expect((await listTags(db, shop.tenantId)).map((t) => [t.name, t.kind, t.members])).toEqual([
      ['老朋友', 'manual', 1],
      ['愛吃辣', 'rule', 1],
      ['近 30 天未回購', 'rule', 0],
    ]);
  });

  it('previews how many members a threshold moves before saving, then moves them', async () => {
    const { shop, members } = await shopWithMembers([
      { name: 'A', gender: 'male', birthday: null },
      { name: 'B', gender: 'male', birthday: null },
      { name: 'C', gender: 'male', birthday: null },
    ]);
    await insertOrder(db, shop, { customerId: members[0]!.customerId, status: 'completed', unitPrice: 5_000, at: NOW });
    await insertOrder(db, shop, { customerId: members[1]!.customerId, status: 'completed', unitPrice: 2_000, at: NOW });
    const silver = {
      id: null,
      name: '銀卡',
      rank: 1,
      minSpend: 3_000,
      minOrders: 0,
      windowDays: 365,
      discountPercent: 0,
      pointsMultiplierPct: 100,
    };
    await saveTiers(db, shop.tenantId, [silver], NOW);
    const saved = (await db.memberTier.findFirstOrThrow({ where: { tenantId: shop.tenantId } })).id;
    const preview = await previewTiers(db, shop.tenantId, [{ ...silver, id: saved, minSpend: 1_000 }], NOW);
    expect(preview.moves).toEqual([{ from: null, to: '銀卡', count: 1 }]);
    expect(await db.member.count({ where: { tenantId: shop.tenantId, tierId: saved } })).toBe(1);
    expect(await saveTiers(db, shop.tenantId, [{ ...silver, id: saved, minSpend: 1_000 }], NOW)).toEqual({ moved: 1 });
    expect((await loadMember(db, shop.tenantId, members[1]!.memberId))?.tier).toBe('銀卡');
  });

  it('shows no shop another shop’s members', async () => {
    const a = await shopWithMembers([{ name: '甲', gender: 'male', birthday: null }]);
    const b = await shopWithMembers([{ name: '乙', gender: 'male', birthday: null }]);
    expect(await loadMember(db, b.shop.tenantId, a.members[0]!.memberId)).toBeNull();
    expect(await setManualTags(db, b.shop.tenantId, a.members[0]!.memberId, [])).toBe(false);
    expect(
      (await listMembers(db, b.shop.tenantId, none, { limit: 50, after: null })).members.map((m) => m.displayName),
    ).toEqual(['乙']);
  });
});
