import { ADMIN_LOCALES, type AdminLocale, type SystemSettings } from '../../domain/team/system-settings.ts';
import { isRetentionMonths } from '../../domain/customers/data-retention.ts';
import type { Db } from '../client.ts';

type DbLike = Pick<Db, 'tenant'>;

const asLocale = (value: string | null): AdminLocale | null =>
  (ADMIN_LOCALES as readonly string[]).includes(value ?? '') ? (value as AdminLocale) : null;

/** 系統設定 as stored on the shop (domain/team/system-settings.ts). */
export async function findSystemSettings(db: DbLike, tenantId: string): Promise<SystemSettings> {
  const row = await db.tenant.findUniqueOrThrow({
    where: { id: tenantId },
    select: { adminLocale: true, customerRetentionMonths: true },
  });
  return {
    adminLocale: asLocale(row.adminLocale),
    customerRetentionMonths: isRetentionMonths(row.customerRetentionMonths) ? row.customerRetentionMonths : null,
  };
}

export async function saveSystemSettings(db: DbLike, tenantId: string, settings: SystemSettings): Promise<void> {
  await db.tenant.update({
    where: { id: tenantId },
    data: { adminLocale: settings.adminLocale, customerRetentionMonths: settings.customerRetentionMonths },
  });
}

/** The admin's default language of the shop at this slug; null when it chose none (or no such shop). */
export async function findShopAdminLocale(db: DbLike, slug: string): Promise<AdminLocale | null> {
  const row = await db.tenant.findUnique({ where: { slug }, select: { adminLocale: true } });
  return asLocale(row?.adminLocale ?? null);
}
