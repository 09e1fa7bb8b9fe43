import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { loadMenu } from '../../../db/catalog/menu.ts';
import { createDb } from '../../../db/client.ts';
import { PRODUCT_IMAGE_SIZES } from '../../../domain/catalog/image-type.ts';
import { applyMigrations } from '../../../db/migrate.ts';
import { createSecretBox } from '../../../db/secret-box.ts';
import { getBusinessHours } from '../../../db/restaurant/business-hours.ts';
import { getPickupMethods } from '../../../db/restaurant/pickup-methods.ts';
import { isOpenAt } from '../../../domain/restaurant/business-hours.ts';
import { methodsOpen } from '../../../domain/restaurant/pickup-methods.ts';
import { getStoreProfile } from '../../../db/restaurant/store-profile.ts';
import { isAnnouncementShown } from '../../../domain/restaurant/store-profile.ts';
import { createLocalDiskStorage } from '../../../storage/local-disk.ts';
import {
  DEMO,
  DEMO_DAILY_OPS,
  DEMO_RESTAURANT,
  DEMO_STORE_PROFILE,
  seedDemoRestaurant,
  seedDemoTenant,
} from '../../../scripts/seed-demo.ts';
import { stockToday } from '../../../db/restaurant/item-stock.ts';
import { getBranchCapacity } from '../../../db/restaurant/slot-capacity.ts';
import { scratchDatabases } from '../../support/scratch-database.ts';

const scratch = scratchDatabases('demo_restaurant');
afterAll(() => scratch.dropAll());

it('npm start’s demo restaurant has two branches, the demo owner, and a staff member of one branch', async () => {
  const url = scratch.url('seed');
  await applyMigrations(url);
  const db = createDb(url, { poolSize: 2 });
  try {
    const shop = await seedDemoTenant(db, createSecretBox(randomBytes(32).toString('base64')));
    const photos = createLocalDiskStorage(mkdtempSync(join(tmpdir(), 'jiayi-demo-photos-')));
    const first = await seedDemoRestaurant(db, photos);
    const second = await seedDemoRestaurant(db);
    expect([first.created, second.created]).toEqual([true, false]);

    // The "+1" demo shop stays a "+1" seller.
    expect((await db.tenant.findUniqueOrThrow({ where: { id: shop.tenantId } })).kind).toBe('plus_one');
    const restaurant = await db.tenant.findUniqueOrThrow({
      where: { slug: DEMO_RESTAURANT.slug },
      include: {
        branches: { orderBy: { createdAt: 'asc' } },
        staff: { include: { user: true, branches: true }, orderBy: { createdAt: 'asc' } },
      },
    });
    expect(restaurant.kind).toBe('restaurant');
    // Its ordering pages have a LIFF app of their own, so a customer can sign in and order.
    expect(restaurant.liffId).toBe(DEMO_RESTAURANT.liffId);
    expect(restaurant.liffId).not.toBe(DEMO.liffId);
    expect(restaurant.branches.map((b) => [b.name, b.orderingStatus])).toEqual([
      ['信義店', 'accepting'],
      ['大安店', 'accepting'],
    ]);
    const [owner, staff] = restaurant.staff;
    // One sign-in for both demo shops.
    expect(owner).toMatchObject({ role: 'owner', user: { email: DEMO.ownerLogin.email } });
    expect(staff).toMatchObject({ role: 'staff', allBranches: false, user: { email: DEMO_RESTAURANT.staff.email } });
    expect(staff!.branches.map((b) => b.branchId)).toEqual([restaurant.branches[0]!.id]);
    expect(await db.user.count()).toBe(2);

    // Pickup and delivery at both branches, dine-in with tables at the first.
    const [xinyi, daan] = await Promise.all(
      restaurant.branches.map((b) => getPickupMethods(db, restaurant.id, b.id).then(methodsOpen)),
    );
    expect([xinyi, daan]).toEqual([
      ['pickup', 'delivery', 'dine_in'],
      ['pickup', 'delivery'],
    ]);
    const settings = await getPickupMethods(db, restaurant.id, restaurant.branches[0]!.id);
    expect(settings).toMatchObject({
      deliveryArea: 'radius',
      deliveryRadiusMetres: 3000,
      deliveryFee: 60,
      deliveryMinimumOrder: 300,
    });
    expect(settings.tables.slice(0, 2)).toEqual(['A1', 'A2']);
    // Hours: 11:00–14:00 and 17:00–21:00 with a break, 大安店 closed Mondays, both 公休 a week on.
    const [xinyiHours, daanHours] = await Promise.all(
      restaurant.branches.map((b) => getBusinessHours(db, restaurant.id, b.id)),
    );
    expect(xinyiHours!.saved).toBe(true);
    const lunchDinner = [
      { start: '11:00', end: '14:00' },
      { start: '17:00', end: '21:00' },
    ];
    expect(xinyiHours!.hours.week).toEqual(Array.from({ length: 7 }, () => lunchDinner));
    expect(daanHours!.hours.week[1]).toEqual([]);
    expect(daanHours!.hours.week[2]).toEqual(lunchDinner);
    const closedDay = xinyiHours!.hours.special[0]!;
    expect(closedDay).toMatchObject({ closed: true, note: '員工旅遊公休' });
    const noonThatDay = new Date(`${closedDay.date}T12:00:00+08:00`);
    expect(noonThatDay.getTime() - Date.now()).toBeGreaterThan(5 * 24 * 60 * 60 * 1000);
    expect(isOpenAt(xinyiHours!.hours, noonThatDay)).toBe(false);
    expect(isOpenAt(xinyiHours!.hours, new Date(noonThatDay.getTime() + 24 * 60 * 60 * 1000))).toBe(true);
    // The menu: 4 categories in order, 15 items, 甜度 / 冰塊 / 加購 (加蛋 +15, 加起司 +20).
    const menu = await loadMenu(db, restaurant.id, restaurant.branches[0]!.id);
    expect(menu.categories.map((c) => c.name)).toEqual(['招牌主食', '小菜', '湯品', '飲料']);
    expect(menu.categories.flatMap((c) => c.items)).toHaveLength(15);
    const tea = menu.categories[3]!.items[0]!;
    expect(tea.groups.map((g) => g.name)).toEqual(['甜度', '冰塊']);
    const beef = menu.categories[0]!.items[0]!;
    expect(beef.groups[0]!.choices.map((c) => [c.name, c.priceDelta])).toEqual([
      ['加蛋', 15],
      ['加起司', 20],
    ]);
    expect(menu.version).toBe(1);
    // Every item has a photo, stored as an upload is; the menu names the card-sized file.
    const card = `/${PRODUCT_IMAGE_SIZES.card}.jpg`;
    expect(menu.categories.flatMap((c) => c.items).every((i) => i.imageUrl?.endsWith(card))).toBe(true);
    const stored = await photos.get(beef.imageUrl!.replace(/^\/media\//, ''));
    expect(stored).toMatchObject({ contentType: 'image/jpeg' });
    expect(stored!.size).toBeGreaterThan(1000);
    stored!.stream.destroy();
    // 大安店 prices its beef noodles at NT$190 and has no 味噌湯.
    const daanMenu = await loadMenu(db, restaurant.id, restaurant.branches[1]!.id);
    expect(daanMenu.categories[0]!.items[0]).toMatchObject({ name: '紅燒牛肉麵', price: 190 });
    expect(daanMenu.categories.flatMap((c) => c.items)).toHaveLength(14);
    // The profile customers see: an announcement shown now, 紅磚紅, a stored logo and cover.
    const store = await getStoreProfile(db, restaurant.id, restaurant.name);
    expect(store.profile).toEqual(DEMO_STORE_PROFILE);
    expect(store.profile.theme).toBe('brick_red');
    expect(isAnnouncementShown(store.profile, new Date())).toBe(true);
    for (const [url, size] of [
      [store.logoUrl, '512x512'],
      [store.coverUrl, '1600x600'],
    ] as const) {
      expect(url).toMatch(new RegExp(`^/media/shops/${restaurant.id}/.+/${size}\\.jpg$`));
      const picture = await photos.get(url!.replace(/^\/media\//, ''));
      expect(picture).toMatchObject({ contentType: 'image/jpeg' });
      picture!.stream.destroy();
    }

    // 日常營運 at 信義店: 滷肉飯 and 紅燒牛肉麵 counted with a daily refill, 涼拌小黃瓜 paused until
    // tomorrow, 20 orders per pickup slot at both branches.
    const xinyiId = restaurant.branches[0]!.id;
    const items = menu.categories.flatMap((c) => c.items);
    const named = (name: string) => items.find((i) => i.name === name)!;
    expect(named('涼拌小黃瓜')).toMatchObject({ soldOut: true, unavailable: 'paused' });
    expect(named('滷肉飯')).toMatchObject({ soldOut: false, unavailable: null });
    expect(daanMenu.categories.flatMap((c) => c.items).find((i) => i.name === '涼拌小黃瓜')!.unavailable).toBeNull();
    const stock = await stockToday(db, restaurant.id, xinyiId);
    expect(
      [...stock.values()].map((s) => [items.find((i) => i.id === s.productId)!.name, s.quantity, s.dailyQuantity]),
    ).toEqual(
      expect.arrayContaining([
        ['滷肉飯', 30, 30],
        ['紅燒牛肉麵', 20, 20],
      ]),
    );
    const tomorrowNoon = new Date(Date.now() + 36 * 3_600_000);
    expect(
      (await loadMenu(db, restaurant.id, xinyiId, tomorrowNoon)).categories
        .flatMap((c) => c.items)
        .find((i) => i.name === '涼拌小黃瓜')!.unavailable,
    ).toBeNull();
    for (const branch of restaurant.branches)
      expect(await getBranchCapacity(db, restaurant.id, branch.id)).toEqual({
        maxOrdersPerSlot: DEMO_DAILY_OPS.maxOrdersPerSlot,
      });
  } finally {
    await db.$disconnect();
  }
});
