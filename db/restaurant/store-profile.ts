import { readStoreProfile, type StoreImageKind, type StoreProfile } from '../../domain/restaurant/store-profile.ts';
import type { Db, Prisma } from '../client.ts';

/**
 * A shop's profile (店家資料), one row per tenant: the validated settings and the URLs of its
 * logo and cover. No row yet means the defaults, named after the shop.
 */

type Client = Db | Prisma.TransactionClient;

export interface StoredStoreProfile {
  profile: StoreProfile;
  logoUrl: string | null;
  coverUrl: string | null;
}

export async function getStoreProfile(db: Client, tenantId: string, shopName: string): Promise<StoredStoreProfile> {
  const row = await db.storeProfile.findUnique({
    where: { tenantId },
    select: { settings: true, logoUrl: true, coverUrl: true },
  });
  return {
    profile: readStoreProfile(row?.settings ?? null, shopName),
    logoUrl: row?.logoUrl ?? null,
    coverUrl: row?.coverUrl ?? null,
  };
}

/** Replaces the settings (validated by storeProfileSchema before); the pictures stay. */
export async function saveStoreProfile(db: Client, tenantId: string, profile: StoreProfile): Promise<void> {
  await db.storeProfile.upsert({
    where: { tenantId },
    create: { tenantId, settings: profile },
    update: { settings: profile },
  });
}

const column = { logo: 'logoUrl', cover: 'coverUrl' } as const;

/**
 * Points the shop's logo or cover at `url` (null: removes it) and returns the URL it replaced,
 * for the caller to delete once the transaction commits. The row is locked first, so two
 * uploads at once each get the other's picture back to delete, never the same one.
 */
export async function setStoreImage(
  tx: Prisma.TransactionClient,
  tenantId: string,
  kind: StoreImageKind,
  url: string | null,
): Promise<string | null> {
  // An empty settings object reads as the defaults (readStoreProfile).
  await tx.storeProfile.upsert({ where: { tenantId }, create: { tenantId, settings: {} }, update: {} });
  const [locked] = await tx.$queryRaw<{ logo_url: string | null; cover_url: string | null }[]>`
    SELECT logo_url, cover_url FROM store_profiles WHERE tenant_id = ${tenantId}::uuid FOR UPDATE`;
  await tx.storeProfile.update({ where: { tenantId }, data: { [column[kind]]: url } });
  return (kind === 'logo' ? locked?.logo_url : locked?.cover_url) ?? null;
}
