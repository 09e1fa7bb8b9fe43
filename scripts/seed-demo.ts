import { randomInt } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { generateOrderPrefix } from '../domain/orders/order-number.ts';
import type { Db, Prisma } from '../db/client.ts';
import { createProduct, insertProduct } from '../db/catalog/products.ts';
import { saveNotificationSettings } from '../db/orders/notification-settings.ts';
import { saveBusinessHours } from '../db/restaurant/business-hours.ts';
import { savePickupMethods } from '../db/restaurant/pickup-methods.ts';
import { saveStoreProfile, setStoreImage } from '../db/restaurant/store-profile.ts';
import type { BusinessHours } from '../domain/restaurant/business-hours.ts';
import {
  DEFAULT_NOTIFICATION_SETTINGS,
  type NotificationSettingsUpdate,
} from '../domain/orders/notification-settings.ts';
import { DEFAULT_PICKUP_METHODS, expandTables, type PickupMethods } from '../domain/restaurant/pickup-methods.ts';
import { dayKeyToIsoDate } from '../domain/insights/report-range.ts';
import { taipeiDayKey, taipeiDayRange } from '../domain/taipei-time.ts';
import type { FileStorage } from '../storage/file-storage.ts';
import { storeProductImage } from '../storage/catalog/product-images.ts';
import { storeShopImage } from '../storage/restaurant/store-images.ts';
import { defaultStoreProfile, type StoreImageKind, type StoreProfile } from '../domain/restaurant/store-profile.ts';
import type { SecretBox } from '../db/secret-box.ts';
import { hashPassword } from '../api/team/auth/passwords.ts';
import { DEFAULT_PROVIDER_ID, loginUserIdFor } from '../sandbox/line/routes-login.ts';

/** The demo shop's LINE channel, as registered in the local LINE sandbox. Not real secrets. */
export const DEMO = {
  slug: 'demo',
  name: '加一示範小舖',
  channelId: '2000000001',
  channelSecret: 'demo0channel0secret0000000000000',
  channelAccessToken: 'demo-channel-access-token-for-the-local-line-sandbox',
  botUserId: 'U00000000000000000000000000000b07',
  /** The shop's LIFF app (its page for customers), on a LINE Login channel in the shop's provider. */
  liffId: '2000000101-DemoShop',
  owner: { userId: 'U0000000000000000000000000000a001', displayName: '店長 阿美' },
  /** How the demo owner signs in to the admin: this e-mail and password, or LINE Login as 店長 阿美 in the sandbox. */
  ownerLogin: { email: 'owner@demo.jiayi.test', password: 'jiayi-demo-2026' },
  customers: [
    { userId: 'U0000000000000000000000000000c001', displayName: '王小明' },
    { userId: 'U0000000000000000000000000000c002', displayName: '陳美玲' },
  ],
} as const;

const DEMO_PRODUCTS = [
  { name: '手工薰衣草皂', category: '生活雜貨', price: 280, stock: 40 },
  { name: '限量聖誕馬克杯', category: '廚房', price: 480, stock: 2 },
  { name: '客製刻字鋼筆', category: '文具', price: 1200, stock: -1, description: '可刻 10 字以內，約 7 個工作天' },
  { name: '冬季羊毛圍巾', category: '服飾', price: 1500, stock: 25 },
];

/**
 * The demo owner's admin account (idempotent): an e-mail and password, and the LINE Login ID the
 * sandbox gives 店長 阿美 (per provider, so not her ID in the shop's chat).
 */
async function demoOwnerUser(db: Db): Promise<{ id: string }> {
  const lineLoginUserId = loginUserIdFor(DEFAULT_PROVIDER_ID, DEMO.owner.userId);
  return (
    (await db.user.findUnique({ where: { email: DEMO.ownerLogin.email }, select: { id: true } })) ??
    (await db.user.create({
      data: {
        displayName: DEMO.owner.displayName,
        email: DEMO.ownerLogin.email,
        passwordHash: await hashPassword(DEMO.ownerLogin.password),
        lineLoginUserId,
      },
      select: { id: true },
    }))
  );
}

/** The demo owner's account, linked to her Staff row of the demo shop. */
async function seedDemoOwnerLogin(db: Db, tenantId: string): Promise<void> {
  const user = await demoOwnerUser(db);
  await db.staff.updateMany({
    where: { tenantId, lineUserId: DEMO.owner.userId, userId: null },
    data: { userId: user.id },
  });
}

/** Creates the demo tenant once (idempotent): channel, owner bound to LINE, products, the owner's sign-in. */
export async function seedDemoTenant(db: Db, secrets: SecretBox): Promise<{ tenantId: string; created: boolean }> {
  const existing = await db.tenant.findUnique({ where: { slug: DEMO.slug }, select: { id: true, liffId: true } });
  if (existing) {
    await seedDemoOwnerLogin(db, existing.id);
    // The secrets key may have been regenerated (a wiped .data/): re-seal the demo channel.
    await db.tenant.update({
      where: { id: existing.id },
      data: {
        lineChannelSecretEnc: secrets.seal(DEMO.channelSecret),
        lineChannelTokenEnc: secrets.seal(DEMO.channelAccessToken),
        // A demo made before the shop had a LIFF app gets it; a merchant's own setting stays.
        ...(existing.liffId ? {} : { liffId: DEMO.liffId }),
      },
    });
    return { tenantId: existing.id, created: false };
  }
  const tenantId = uuidv7();
  const ownerStaffId = uuidv7();
  await db.tenant.create({
    data: {
      id: tenantId,
      slug: DEMO.slug,
      name: DEMO.name,
      orderPrefix: generateOrderPrefix((max) => randomInt(max)),
      lineChannelId: DEMO.channelId,
      lineChannelSecretEnc: secrets.seal(DEMO.channelSecret),
      lineChannelTokenEnc: secrets.seal(DEMO.channelAccessToken),
      liffId: DEMO.liffId,
      staff: {
        create: { id: ownerStaffId, displayName: DEMO.owner.displayName, role: 'owner', lineUserId: DEMO.owner.userId },
      },
    },
  });
  const start = Date.now() - DEMO_PRODUCTS.length * 1000;
  for (const [i, product] of DEMO_PRODUCTS.entries()) {
    await createProduct(db, tenantId, product, new Date(start + i * 1000));
  }
  await db.$transaction((tx) =>
    saveNotificationSettings(tx, secrets, tenantId, demoNotificationSettings(ownerStaffId)),
  );
  await seedDemoOwnerLogin(db, tenantId);
  return { tenantId, created: true };
}

/**
 * The demo shop tells its owner of every new order and every payment by LINE (in the sandbox)
 * and by e-mail (in npm start's mailpit), through the platform's SMTP server.
 */
export function demoNotificationSettings(ownerStaffId: string): NotificationSettingsUpdate {
  return {
    ...DEFAULT_NOTIFICATION_SETTINGS,
    newOrder: true,
    statusChanges: ['paid'],
    lineStaffIds: [ownerStaffId],
    emailEnabled: true,
    emailRecipients: [DEMO.ownerLogin.email],
    smtpPassword: null,
  };
}

/** The demo restaurant: a shop of kind restaurant with two branches, next to the demo "+1" shop. */
export const DEMO_RESTAURANT = {
  slug: 'demo-restaurant',
  name: '加一示範餐館',
  /** Its ordering pages' LIFF app, on the same LINE Login channel as the demo shop's. */
  liffId: `${DEMO.liffId.split('-')[0]}-DemoMeal`,
  branches: [
    {
      name: '信義店',
      address: '台北市信義區松壽路 12 號',
      phone: '0227221234',
      mapUrl: 'https://www.google.com/maps/search/?api=1&query=25.0360,121.5669',
      latitude: 25.036,
      longitude: 121.5669,
    },
    {
      name: '大安店',
      address: '台北市大安區復興南路一段 219 號',
      phone: '0227005678',
      mapUrl: 'https://www.google.com/maps/search/?api=1&query=25.0375,121.5436',
      latitude: 25.0375,
      longitude: 121.5436,
    },
  ],
  /** A staff member who works in 信義店 only (signs in with this e-mail and the demo password). */
  staff: { displayName: '信義店 小林', email: 'xinyi@demo.jiayi.test' },
} as const;

/** Pickup and delivery (3 km, NT$60, minimum NT$300) at both branches; dine-in at the first. */
export function demoPickupMethods(withTables: boolean): PickupMethods {
  const tables = expandTables('A1-A10 B1-B4');
  return {
    ...DEFAULT_PICKUP_METHODS,
    deliveryEnabled: true,
    deliveryArea: 'radius',
    deliveryRadiusMetres: 3000,
    deliveryFee: 60,
    deliveryMinimumOrder: 300,
    dineInEnabled: withTables,
    tables: withTables && tables.ok ? tables.tables : [],
  };
}

/** What the demo restaurant's customers see above its menu: always announced, in 紅磚紅. */
export const DEMO_STORE_PROFILE: StoreProfile = {
  ...defaultStoreProfile(DEMO_RESTAURANT.name),
  description: '台北在地的牛肉麵與手搖飲，信義、大安兩間分店，線上點餐免排隊。',
  phone: DEMO_RESTAURANT.branches[0].phone,
  lineUrl: 'https://lin.ee/jiayidemo',
  instagramUrl: 'https://www.instagram.com/jiayi.demo',
  announcement: '新開幕優惠：線上點餐滿 NT$300 送滷蛋一顆，送完為止！',
  theme: 'brick_red',
};

/**
 * 11:00–14:00 and 17:00–21:00 with the break between, every day or closed Mondays, and 公休 a
 * week after `now` (Taipei), so the storefront and 營業時間設定 show a break and a closed day.
 */
export function demoBusinessHours(closedMondays: boolean, now: Date): BusinessHours {
  const lunchDinner = [
    { start: '11:00', end: '14:00' },
    { start: '17:00', end: '21:00' },
  ];
  const nextWeek = dayKeyToIsoDate(taipeiDayKey(new Date(now.getTime() + 7 * 24 * 60 * 60 * 1000)));
  return {
    week: Array.from({ length: 7 }, (_, day) => (closedMondays && day === 1 ? [] : lunchDinner)),
    special: [{ date: nextWeek, closed: true, periods: [], note: '員工旅遊公休' }],
    orderAheadDays: 7,
  };
}

/**
 * Creates the demo restaurant once (idempotent): kind restaurant, its two branches, 店長 阿美 as
 * its owner (the same sign-in as the demo shop's), 小林, limited to 信義店, both branches' pickup
 * methods and business hours (大安店 closed Mondays), its menu (DEMO_MENU) and profile
 * (DEMO_STORE_PROFILE), with generated photos, logo and cover when given the storage, and its
 * daily operations (DEMO_DAILY_OPS: stock, a pause, slot limits).
 */
export async function seedDemoRestaurant(
  db: Db,
  storage?: FileStorage,
): Promise<{ tenantId: string; created: boolean }> {
  const owner = await demoOwnerUser(db);
  const existing = await db.tenant.findUnique({
    where: { slug: DEMO_RESTAURANT.slug },
    select: { id: true, liffId: true },
  });
  if (existing) {
    // A demo made before the restaurant had a LIFF app gets it; a merchant's own setting stays.
    if (!existing.liffId)
      await db.tenant.update({ where: { id: existing.id }, data: { liffId: DEMO_RESTAURANT.liffId } });
    return { tenantId: existing.id, created: false };
  }
  const tenantId = uuidv7();
  const staffUser = await db.user.upsert({
    where: { email: DEMO_RESTAURANT.staff.email },
    create: {
      displayName: DEMO_RESTAURANT.staff.displayName,
      email: DEMO_RESTAURANT.staff.email,
      passwordHash: await hashPassword(DEMO.ownerLogin.password),
    },
    update: {},
    select: { id: true },
  });
  await db.$transaction(async (tx) => {
    await tx.tenant.create({
      data: {
        id: tenantId,
        slug: DEMO_RESTAURANT.slug,
        name: DEMO_RESTAURANT.name,
        kind: 'restaurant',
        liffId: DEMO_RESTAURANT.liffId,
        orderPrefix: generateOrderPrefix((max) => randomInt(max)),
        staff: { create: { displayName: DEMO.owner.displayName, role: 'owner', userId: owner.id } },
      },
    });
    const start = Date.now() - DEMO_RESTAURANT.branches.length * 1000;
    const branchIds: string[] = [];
    for (const [i, branch] of DEMO_RESTAURANT.branches.entries()) {
      const created = await tx.branch.create({ data: { tenantId, ...branch, createdAt: new Date(start + i * 1000) } });
      branchIds.push(created.id);
      await savePickupMethods(tx, tenantId, created.id, demoPickupMethods(i === 0));
      await saveBusinessHours(tx, tenantId, created.id, demoBusinessHours(i === 1, new Date()));
    }
    await tx.staff.create({
      data: {
        tenantId,
        userId: staffUser.id,
        displayName: DEMO_RESTAURANT.staff.displayName,
        role: 'staff',
        allBranches: false,
        branches: { create: { branchId: branchIds[0]! } },
      },
    });
    await seedDemoMenu(tx, tenantId, branchIds);
    await saveStoreProfile(tx, tenantId, DEMO_STORE_PROFILE);
    await seedDemoDailyOps(tx, tenantId, branchIds);
  });
  if (storage) {
    await seedDemoMenuPhotos(db, storage, tenantId);
    await seedDemoStoreImages(db, storage, tenantId);
  }
  return { tenantId, created: true };
}

/** The demo restaurant's menu: 4 categories, 15 items, 甜度 / 冰塊 / 加購 shared by the items they fit. */
export const DEMO_MENU = {
  groups: [
    {
      key: 'sweet',
      name: '甜度',
      required: true,
      multiple: false,
      minSelect: 1,
      maxSelect: 1,
      choices: [
        ['正常甜', 0],
        ['半糖', 0],
        ['微糖', 0],
        ['無糖', 0],
      ],
    },
    {
      key: 'ice',
      name: '冰塊',
      required: true,
      multiple: false,
      minSelect: 1,
      maxSelect: 1,
      choices: [
        ['正常冰', 0],
        ['少冰', 0],
        ['去冰', 0],
        ['熱', 0],
      ],
    },
    {
      key: 'extra',
      name: '加購',
      required: false,
      multiple: true,
      minSelect: 0,
      maxSelect: 2,
      choices: [
        ['加蛋', 15],
        ['加起司', 20],
      ],
    },
  ],
  categories: [
    {
      name: '招牌主食',
      items: [
        { name: '紅燒牛肉麵', price: 180, tags: ['招牌', '辣'], groups: ['extra'] },
        { name: '清燉牛肉麵', price: 180, tags: [], groups: ['extra'] },
        { name: '滷肉飯', price: 45, tags: ['招牌'], groups: ['extra'] },
        { name: '雞肉飯', price: 50, tags: [], groups: ['extra'] },
        { name: '麻醬麵', price: 60, tags: ['素'], groups: ['extra'] },
      ],
    },
    {
      name: '小菜',
      items: [
        { name: '燙青菜', price: 40, tags: ['素'], groups: [] },
        { name: '滷蛋', price: 15, tags: [], groups: [] },
        { name: '涼拌小黃瓜', price: 35, tags: ['素', '辣'], groups: [] },
        { name: '海帶豆干', price: 40, tags: ['素'], groups: [] },
      ],
    },
    {
      name: '湯品',
      items: [
        { name: '貢丸湯', price: 35, tags: [], groups: [] },
        { name: '味噌湯', price: 30, tags: [], groups: [] },
      ],
    },
    {
      name: '飲料',
      items: [
        { name: '古早味紅茶', price: 30, tags: ['招牌'], groups: ['sweet', 'ice'] },
        { name: '冬瓜檸檬', price: 40, tags: [], groups: ['sweet', 'ice'] },
        { name: '珍珠奶茶', price: 55, tags: [], groups: ['sweet', 'ice'] },
        { name: '無糖綠茶', price: 30, tags: [], groups: ['ice'] },
      ],
    },
  ],
} as const;

type Tx = Prisma.TransactionClient;

async function seedDemoMenu(tx: Tx, tenantId: string, branchIds: string[]): Promise<void> {
  const groupIds: Record<string, string> = {};
  for (const group of DEMO_MENU.groups) {
    const { key, choices, ...fields } = group;
    const row = await tx.optionGroup.create({ data: { tenantId, ...fields } });
    await tx.optionChoice.createMany({
      data: choices.map(([name, priceDelta], sortOrder) => ({
        tenantId,
        groupId: row.id,
        name,
        priceDelta,
        sortOrder,
      })),
    });
    groupIds[key] = row.id;
  }
  for (const [position, category] of DEMO_MENU.categories.entries()) {
    const row = await tx.menuCategory.create({ data: { tenantId, name: category.name, sortOrder: position } });
    for (const [sortOrder, item] of category.items.entries()) {
      const product = await insertProduct(tx, tenantId, {
        name: item.name,
        price: item.price,
        stock: -1,
        isPublic: true,
        description: null,
        category: category.name,
      });
      await tx.product.update({
        where: { id: product.id },
        data: { categoryId: row.id, tags: [...item.tags], sortOrder },
      });
      await tx.productOptionGroup.createMany({
        data: item.groups.map((key, i) => ({ tenantId, productId: product.id, groupId: groupIds[key]!, sortOrder: i })),
      });
    }
  }
  // 大安店 charges a little more for its beef noodles and has no 味噌湯.
  const daan = branchIds[1];
  if (daan) {
    const beef = await tx.product.findFirstOrThrow({ where: { tenantId, name: '紅燒牛肉麵' } });
    const miso = await tx.product.findFirstOrThrow({ where: { tenantId, name: '味噌湯' } });
    await tx.branchProduct.createMany({
      data: [
        { tenantId, branchId: daan, productId: beef.id, available: true, price: 190 },
        { tenantId, branchId: daan, productId: miso.id, available: false, price: null },
      ],
    });
  }
  await tx.tenant.update({ where: { id: tenantId }, data: { menuVersion: 1 } });
}

/** A logo (the shop's first character on a red disc) and a cover (a warm banner), stored as uploads are. */
async function seedDemoStoreImages(db: Db, storage: FileStorage, tenantId: string): Promise<void> {
  const { default: sharp } = await import('sharp');
  const svgs: Record<StoreImageKind, string> = {
    logo: `<svg xmlns="http://www.w3.org/2000/svg" width="512" height="512"><rect width="512" height="512" fill="#fff"/><circle cx="256" cy="256" r="240" fill="#b3261e"/><text x="256" y="340" font-size="240" text-anchor="middle" fill="#fff" font-family="sans-serif">加</text></svg>`,
    cover: `<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="600"><defs><linearGradient id="g" x2="1" y2="1"><stop offset="0" stop-color="#f59e0b"/><stop offset="1" stop-color="#b3261e"/></linearGradient></defs><rect width="1600" height="600" fill="url(#g)"/><circle cx="1300" cy="300" r="180" fill="#fff" opacity="0.25"/><circle cx="1050" cy="420" r="90" fill="#fff" opacity="0.2"/></svg>`,
  };
  for (const kind of ['logo', 'cover'] as const) {
    const url = await storeShopImage(storage, tenantId, kind, await sharp(Buffer.from(svgs[kind])).png().toBuffer());
    await db.$transaction((tx) => setStoreImage(tx, tenantId, kind, url));
  }
}

/** What the demo's 日常營運 pages start with: counted stock that refills daily, a pause, slot limits. */
export const DEMO_DAILY_OPS = {
  /** At 信義店: how many left today and the daily refill. */
  stock: [
    { name: '滷肉飯', quantity: 30, dailyQuantity: 30 },
    { name: '紅燒牛肉麵', quantity: 20, dailyQuantity: 20, maxPerSlot: 6 },
  ],
  /** At 信義店, out of cucumbers until tomorrow's opening (11:00). */
  paused: '涼拌小黃瓜',
  reopensAtHour: 11,
  /** Both branches. */
  maxOrdersPerSlot: 20,
} as const;

async function seedDemoDailyOps(tx: Tx, tenantId: string, branchIds: string[]): Promise<void> {
  const [xinyi] = branchIds;
  if (!xinyi) return;
  const idOf = async (name: string) => (await tx.product.findFirstOrThrow({ where: { tenantId, name } })).id;
  const stockDay = taipeiDayKey(new Date());
  for (const { name, ...stock } of DEMO_DAILY_OPS.stock) {
    await tx.branchItemStock.create({
      data: { tenantId, branchId: xinyi, productId: await idOf(name), stockDay, ...stock },
    });
  }
  const tomorrow = taipeiDayRange(stockDay).end.getTime();
  await tx.branchItemPause.create({
    data: {
      tenantId,
      branchId: xinyi,
      productId: await idOf(DEMO_DAILY_OPS.paused),
      until: new Date(tomorrow + DEMO_DAILY_OPS.reopensAtHour * 3_600_000),
    },
  });
  await tx.branchCapacity.createMany({
    data: branchIds.map((branchId) => ({ tenantId, branchId, maxOrdersPerSlot: DEMO_DAILY_OPS.maxOrdersPerSlot })),
  });
}

/** A plain photo for each demo item (a coloured square with its first character), as uploads are stored. */
async function seedDemoMenuPhotos(db: Db, storage: FileStorage, tenantId: string): Promise<void> {
  const { default: sharp } = await import('sharp');
  const palette = ['#f59e0b', '#ef4444', '#10b981', '#3b82f6', '#8b5cf6'];
  const items = await db.product.findMany({ where: { tenantId }, orderBy: { code: 'asc' } });
  for (const [i, item] of items.entries()) {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="600"><rect width="600" height="600" fill="${palette[i % palette.length]}"/><text x="300" y="370" font-size="240" text-anchor="middle" fill="#fff" font-family="sans-serif">${item.name.slice(0, 1)}</text></svg>`;
    const png = await sharp(Buffer.from(svg)).png().toBuffer();
    const imageUrl = await storeProductImage(storage, { tenantId, productId: item.id }, png);
    await db.product.update({ where: { id: item.id }, data: { imageUrl } });
  }
}
