import { z } from 'zod';
import { RETENTION_MONTHS } from '../customers/data-retention.ts';

/**
 * 員工與系統管理 › 系統設定: the shop-wide settings no other page holds, one rule for the page
 * and the server.
 *
 * - adminLocale (後台預設語言): the admin's language for a member who has not chosen one with the
 *   language switch (its `lang` cookie wins). Null: the browser's language, then 中文, as before
 *   a shop chose.
 * - customerRetentionMonths (個資保存期限): see domain/customers/data-retention.ts; null: 不自動清除.
 */
export const ADMIN_LOCALES = ['zh-TW', 'en'] as const;
export type AdminLocale = (typeof ADMIN_LOCALES)[number];

/**
 * The request header the server (api/plugins/web.ts) gives an admin page with its shop's default
 * language; web/src/hooks.server.ts reads it. Set from the database on every admin page request
 * and removed from all others, so a client cannot choose it.
 */
export const SHOP_LOCALE_HEADER = 'x-jiayi-shop-locale';

export const systemSettingsSchema = z.strictObject({
  adminLocale: z.enum(ADMIN_LOCALES, { error: '後台預設語言請選擇「依瀏覽器語言」、「繁體中文」或「English」' }).nullable(),
  customerRetentionMonths: z
    .literal(RETENTION_MONTHS, { error: '個資保存期限請選擇 6、12、24、36 個月或「不自動清除」' })
    .nullable(),
});
export type SystemSettings = z.infer<typeof systemSettingsSchema>;

/** ?months= of the preview: one of the choices, as the query string spells it. */
export const retentionPreviewQuery = z.strictObject({
  months: z.coerce
    .number({ error: '請選擇個資保存期限（月）' })
    .pipe(z.literal(RETENTION_MONTHS, { error: '個資保存期限請選擇 6、12、24 或 36 個月' })),
});
