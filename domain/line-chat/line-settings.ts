import { z } from 'zod';

/**
 * The LINE connection a merchant types in (初始設定: LINE官方帳號連動): what each
 * field must look like, and when the monthly message quota deserves a warning. Shared by the
 * API (validation) and the admin page (hints, the quota bar).
 */

/** Blank secret or token = keep the one already stored. */
export const lineSettingsSchema = z.object({
  channelId: z
    .string({ error: '請輸入 Channel ID' })
    .trim()
    .min(1, '請輸入 Channel ID')
    .max(20, 'Channel ID 最多 20 位數字')
    .regex(/^\d+$/, 'Channel ID 只能是數字（在 LINE Developers 控制台的 Basic settings 頁）'),
  channelSecret: z
    .string()
    .trim()
    .regex(/^(?:[0-9a-fA-F]{32})?$/, 'Channel secret 是 32 個英數字（0-9、a-f），請從 Basic settings 頁完整複製')
    .default(''),
  channelAccessToken: z
    .string()
    .trim()
    .max(1000, 'Access token 太長了，請確認只貼上 token 本身')
    .regex(/^\S*$/, 'Access token 不能包含空白，請確認只貼上 token 本身')
    .default(''),
  liffId: z
    .string()
    .trim()
    .max(100, 'LIFF ID 太長了')
    .regex(/^(?:\d+-\w+)?$/, 'LIFF ID 的格式是「數字-英數字」，例如 1657000000-AbCdEfGh')
    .default(''),
});
export type LineSettingsInput = z.input<typeof lineSettingsSchema>;

/** The share of the monthly quota at which the admin warns. */
export const QUOTA_WARNING_RATIO = 0.8;

export interface QuotaStatus {
  /** null: LINE sets no limit for this plan. */
  limit: number | null;
  used: number;
  /** 0–100, rounded down; null without a limit. */
  percent: number | null;
  /** At least 80% used. */
  nearLimit: boolean;
  /** Nothing left: pushes are refused until the month ends. */
  exhausted: boolean;
}

export function quotaStatus(limit: number | null, used: number): QuotaStatus {
  if (limit === null) return { limit, used, percent: null, nearLimit: false, exhausted: false };
  const ratio = limit <= 0 ? 1 : used / limit;
  return {
    limit,
    used,
    percent: Math.min(100, Math.floor(ratio * 100)),
    nearLimit: ratio >= QUOTA_WARNING_RATIO,
    exhausted: used >= limit,
  };
}

/** What the admin shows of a stored access token: its last 4 characters. */
export function tokenTail(token: string): string {
  return token.slice(-4);
}
