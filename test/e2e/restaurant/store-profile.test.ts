import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestAs, signedInMember, type TestMember, type TestSession } from '../../support/auth.ts';
import { startAuthServer, type AuthServer } from '../../support/auth-server.ts';
import { createTenant } from '../../support/shops.ts';
import {
  defaultStoreProfile,
  type PublicStoreProfile,
  type StoreProfileInput,
} from '../../../domain/restaurant/store-profile.ts';
import { THEME_PRESETS } from '../../../domain/restaurant/store-theme.ts';

/**
 * The shop's profile (店家資料) over the real server, database and storage: saving with the
 * rules of domain/restaurant/store-profile.ts, logo and cover uploads, what customers get from
 * GET /api/menu/:tenant, and the fences: another shop's member finds nothing, a manager (settings:
 * view) changes nothing.
 */

let server: AuthServer;
let shop: { id: string; slug: string; name: string };
let otherShop: { id: string; slug: string; name: string };
let owner: TestMember & TestSession;
let manager: TestMember & TestSession;
let otherOwner: TestMember & TestSession;

const as = (session: TestSession, method: string, path: string, body?: unknown) =>
  requestAs(server.baseUrl, session, method, path, body);
const profilePath = (slug = shop.slug) => `/api/t/${slug}/settings/store-profile`;

async function upload(session: TestSession, path: string, bytes: Buffer, type = 'image/png') {
  const response = await fetch(`${server.baseUrl}${path}`, {
    method: 'PUT',
    headers: { ...session.headers, 'content-type': type },
    body: new Uint8Array(bytes),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
const png = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: '#b3261e' } })
    .png()
    .toBuffer();
const menuVersion = async () =>
  (await server.db.tenant.findUniqueOrThrow({ where: { id: shop.id }, select: { menuVersion: true } })).menuVersion;
const publicMenu = async (slug = shop.slug) => {
  const response = await fetch(`${server.baseUrl}/api/menu/${slug}`);
  return { status: response.status, body: (await response.json()) as { store: PublicStoreProfile } };
};
/** Every stored profile, to prove a refusal changed nothing. */
async function snapshot(): Promise<string> {
  const rows = await server.db.$queryRaw<{ t: string }[]>`
    SELECT md5(coalesce(string_agg(row(p.*)::text, '|' ORDER BY p.tenant_id), '')) AS t FROM store_profiles p`;
  return rows[0]!.t;
}

const PROFILE: StoreProfileInput = {
  ...defaultStoreProfile('阿城麵館'),
  displayName: '阿城麵館 信義總店',
  description: '三代傳承的古早味切仔麵',
  phone: '02-2345-6789',
  lineUrl: 'https://lin.ee/AbC123',
  instagramUrl: 'https://www.instagram.com/achengnoodles',
  announcement: '本週六公休一天，週日照常營業',
  theme: 'brick_red',
};

beforeAll(async () => {
  server = await startAuthServer('restaurant_store_profile');
  shop = await createTenant(server.db, 'acheng-noodles', '阿城麵館');
  otherShop = await createTenant(server.db, 'dumpling-bar', '鼎好水餃');
  for (const t of [shop, otherShop])
    await server.db.tenant.update({ where: { id: t.id }, data: { kind: 'restaurant' } });
  owner = await signedInMember(server.db, server.config, shop.id, { role: 'owner' });
  manager = await signedInMember(server.db, server.config, shop.id, { role: 'manager' });
  otherOwner = await signedInMember(server.db, server.config, otherShop.id, { role: 'owner' });
}, 120_000);
afterAll(() => server?.close());

describe('store profile', () => {
  it('starts as the defaults named after the shop, then saves whole, audited, bumping the menu version', async () => {
    const first = await as(owner, 'GET', profilePath());
    expect(first.body).toMatchObject({ profile: defaultStoreProfile('阿城麵館'), logoUrl: null, coverUrl: null });
    const version = await menuVersion();
    const saved = await as(owner, 'PUT', profilePath(), PROFILE);
    expect(saved.status).toBe(200);
    expect(saved.body.profile).toEqual({ ...PROFILE, phone: '0223456789' });
    expect(saved.body.theme).toMatchObject({ brand: THEME_PRESETS.brick_red, onBrand: '#ffffff' });
    expect(await menuVersion()).toBe(version + 1);
    expect((await as(manager, 'GET', profilePath())).body.profile).toEqual(saved.body.profile);
    const audit = await server.db.auditLog.findFirst({
      where: { tenantId: shop.id, action: 'settings.store_profile' },
    });
    expect(audit).toMatchObject({ targetType: 'tenant', targetId: shop.id });
  });

  it('refuses an unreadable colour and a period ending before it starts, naming the fields, and keeps the old profile', async () => {
    const before = await snapshot();
    const version = await menuVersion();
    const res = await as(owner, 'PUT', profilePath(), {
      ...PROFILE,
      theme: 'custom',
      customColor: '#ffeb3b',
      announcementStartsAt: '2026-12-25T00:00',
      announcementEndsAt: '2026-12-24T00:00',
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('invalid_store_profile');
    expect(res.body.fields).toEqual({
      customColor: expect.stringMatching(/^這個顏色太淺/),
      announcementEndsAt: '公告結束時間要晚於開始時間',
    });
    expect((await as(owner, 'PUT', profilePath(), 'not json')).status).toBe(400);
    expect(await snapshot()).toBe(before);
    expect(await menuVersion()).toBe(version);
  });

  it("is another shop's member's 404 and a manager's 403, changing nothing", async () => {
    const before = await snapshot();
    expect((await as(otherOwner, 'GET', profilePath())).status).toBe(404);
    expect((await as(otherOwner, 'PUT', profilePath(), PROFILE)).status).toBe(404);
    expect((await upload(otherOwner, `${profilePath()}/logo`, await png(64, 64))).status).toBe(404);
    expect((await as(otherOwner, 'DELETE', `${profilePath()}/logo`)).status).toBe(404);
    expect((await as(manager, 'PUT', profilePath(), { ...PROFILE, displayName: '被改了' })).status).toBe(403);
    expect((await upload(manager, `${profilePath()}/cover`, await png(64, 64))).status).toBe(403);
    expect((await as(manager, 'DELETE', `${profilePath()}/logo`)).status).toBe(403);
    expect(await snapshot()).toBe(before);
  });
});

describe('logo and cover', () => {
  it('crops an uploaded logo square, replaces it deleting the old file, and removes it', async () => {
    const first = await upload(owner, `${profilePath()}/logo`, await png(900, 600));
    expect(first.status).toBe(200);
    const firstUrl = first.body.logoUrl as string;
    expect(firstUrl).toMatch(new RegExp(`^/media/shops/${shop.id}/logo/[0-9a-f]{12}/512x512\\.jpg$`));
    const image = await fetch(`${server.baseUrl}${firstUrl}`);
    expect(image.headers.get('content-type')).toBe('image/jpeg');
    expect(await sharp(Buffer.from(await image.arrayBuffer())).metadata()).toMatchObject({ width: 512, height: 512 });

    const version = await menuVersion();
    const second = await upload(owner, `${profilePath()}/logo`, await png(300, 300));
    expect(second.body.logoUrl).not.toBe(firstUrl);
    expect(await menuVersion()).toBe(version + 1);
    expect((await fetch(`${server.baseUrl}${firstUrl}`)).status).toBe(404);

    const removed = await as(owner, 'DELETE', `${profilePath()}/logo`);
    expect(removed.body.logoUrl).toBeNull();
    expect((await fetch(`${server.baseUrl}${second.body.logoUrl as string}`)).status).toBe(404);
    const audits = await server.db.auditLog.count({ where: { tenantId: shop.id, action: 'settings.store_logo' } });
    expect(audits).toBe(3);
  });

  it('refuses what is not a JPG or PNG with a clear message, and a picture over 5 MB', async () => {
    const before = await snapshot();
    const fake = await upload(owner, `${profilePath()}/cover`, Buffer.from('GIF89a not really'), 'image/gif');
    expect(fake).toEqual({ status: 400, body: { code: 'not_an_image', message: '只接受 JPG 或 PNG 圖片' } });
    const big = await upload(owner, `${profilePath()}/cover`, Buffer.alloc(5 * 1024 * 1024 + 1, 0xff));
    expect(big).toEqual({ status: 400, body: { code: 'image_too_large', message: '圖片不能超過 5MB' } });
    expect((await upload(owner, `${profilePath()}/banner`, await png(64, 64))).status).toBe(404);
    expect(await snapshot()).toBe(before);
  });

  it('stores a cover at 1600 × 600', async () => {
    const res = await upload(owner, `${profilePath()}/cover`, await png(1200, 1200));
    expect(res.body.coverUrl).toMatch(/\/1600x600\.jpg$/);
  });
});

describe('GET /api/menu/:tenant (customers)', () => {
  it('carries the profile, theme colours, pictures and the announcement while it is shown', async () => {
    await upload(owner, `${profilePath()}/logo`, await png(200, 200));
    const { body } = await publicMenu();
    expect(body.store).toMatchObject({
      displayName: '阿城麵館 信義總店',
      description: '三代傳承的古早味切仔麵',
      phone: '0223456789',
      links: { line: 'https://lin.ee/AbC123', facebook: null, instagram: 'https://www.instagram.com/achengnoodles' },
      announcement: '本週六公休一天，週日照常營業',
      refreshAt: null,
      theme: { brand: THEME_PRESETS.brick_red, onBrand: '#ffffff' },
      logoUrl: expect.stringMatching(/512x512\.jpg$/),
      coverUrl: expect.stringMatching(/1600x600\.jpg$/),
    });
    expect(body.store).not.toHaveProperty('customColor');
  });

  it('hides an announcement outside its period and says when it appears', async () => {
    await as(owner, 'PUT', profilePath(), {
      ...PROFILE,
      announcementStartsAt: '2099-01-01T00:00',
      announcementEndsAt: null,
    });
    const { body } = await publicMenu();
    expect(body.store.announcement).toBeNull();
    expect(body.store.refreshAt).toBe('2098-12-31T16:00:00.000Z');
  });

  it("gives a shop that never saved a profile its name and the default colours; another shop's stays its own", async () => {
    const { body } = await publicMenu(otherShop.slug);
    expect(body.store).toMatchObject({
      displayName: '鼎好水餃',
      announcement: null,
      logoUrl: null,
      theme: { brand: THEME_PRESETS.tea_green },
    });
  });
});
