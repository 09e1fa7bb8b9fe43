import { randomInt } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { generateOrderPrefix } from '../domain/orders/order-number.ts';
import type { Db } from '../db/client.ts';
import { createProduct } from '../db/catalog/products.ts';
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
 * sandbox gives 店長 阿美 (per provider, so not her ID in the shop's chat), linked to her Staff row.
 */
async function seedDemoOwnerLogin(db: Db, tenantId: string): Promise<void> {
  const lineLoginUserId = loginUserIdFor(DEFAULT_PROVIDER_ID, DEMO.owner.userId);
  const user =
    (await db.user.findUnique({ where: { email: DEMO.ownerLogin.email } })) ??
    (await db.user.create({
      data: {
        displayName: DEMO.owner.displayName,
        email: DEMO.ownerLogin.email,
        passwordHash: await hashPassword(DEMO.ownerLogin.password),
        lineLoginUserId,
      },
    }));
  await db.staff.updateMany({ where: { tenantId, lineUserId: DEMO.owner.userId, userId: null }, data: { userId: user.id } });
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
