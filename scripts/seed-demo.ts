import { randomInt } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { generateOrderPrefix } from '../domain/orders/order-number.ts';
import type { Db } from '../db/client.ts';
import { createProduct } from '../db/catalog/products.ts';
import { savePickupMethods } from '../db/restaurant/pickup-methods.ts';
import { DEFAULT_PICKUP_METHODS, expandTables, type PickupMethods } from '../domain/restaurant/pickup-methods.ts';
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
  const existing = await db.tenant.findUnique({ where: { slug: DEMO.slug }, select: { id: true } });
  if (existing) {
    await seedDemoOwnerLogin(db, existing.id);
    // The secrets key may have been regenerated (a wiped .data/): re-seal the demo channel.
    await db.tenant.update({
      where: { id: existing.id },
      data: {
        lineChannelSecretEnc: secrets.seal(DEMO.channelSecret),
        lineChannelTokenEnc: secrets.seal(DEMO.channelAccessToken),
      },
    });
    return { tenantId: existing.id, created: false };
  }
  const tenantId = uuidv7();
  await db.tenant.create({
    data: {
      id: tenantId,
      slug: DEMO.slug,
      name: DEMO.name,
      orderPrefix: generateOrderPrefix((max) => randomInt(max)),
      lineChannelId: DEMO.channelId,
      lineChannelSecretEnc: secrets.seal(DEMO.channelSecret),
      lineChannelTokenEnc: secrets.seal(DEMO.channelAccessToken),
      staff: {
        create: { id: uuidv7(), displayName: DEMO.owner.displayName, role: 'owner', lineUserId: DEMO.owner.userId },
      },
    },
  });
  const start = Date.now() - DEMO_PRODUCTS.length * 1000;
  for (const [i, product] of DEMO_PRODUCTS.entries()) {
    await createProduct(db, tenantId, product, new Date(start + i * 1000));
  }
  await seedDemoOwnerLogin(db, tenantId);
  return { tenantId, created: true };
}

/** The demo restaurant: a shop of kind restaurant with two branches, next to the demo "+1" shop. */
export const DEMO_RESTAURANT = {
  slug: 'demo-restaurant',
  name: '加一示範餐館',
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

/**
 * Creates the demo restaurant once (idempotent): kind restaurant, its two branches, 店長 阿美 as
 * its owner (the same sign-in as the demo shop's), 小林, limited to 信義店, and both branches'
 * pickup methods. Menus, hours and
 * the rest of a restaurant are seeded by their own areas.
 */
export async function seedDemoRestaurant(db: Db): Promise<{ tenantId: string; created: boolean }> {
  const owner = await demoOwnerUser(db);
  const existing = await db.tenant.findUnique({ where: { slug: DEMO_RESTAURANT.slug }, select: { id: true } });
  if (existing) return { tenantId: existing.id, created: false };
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
  });
  return { tenantId, created: true };
}
