import { z } from 'zod';
import { liffPermanentLink, shopPagePath } from '../storefront/share-links.ts';
import { formatTaipeiDateTime, taipeiDayKey, taipeiDayRange } from '../taipei-time.ts';

/**
 * 自動發送設定: who a coupon campaign is for and which period a run issues in, so that however
 * often a run is retried or overlaps, a member gets at most one coupon per campaign and period
 * (the issue key names all three). Pure; db/promotions/coupon-campaigns.ts finds the members.
 */

export const CAMPAIGN_KINDS = ['birthday', 'repurchase', 'segment'] as const;
export type CampaignKind = (typeof CAMPAIGN_KINDS)[number];

/** Every campaign runs daily at 10:00 Taipei, when a coupon in LINE is welcome. */
export const CAMPAIGN_RUN_AT = { hour: 10, minute: 0, timezone: 'Asia/Taipei' } as const;

export const couponCampaignInputSchema = z
  .object({
    name: z.string({ error: '請輸入活動名稱' }).trim().min(1, '請輸入活動名稱').max(40, '活動名稱最多 40 個字'),
    couponId: z.uuid({ error: '請選擇優惠券' }),
    kind: z.enum(CAMPAIGN_KINDS, { error: '請選擇發送時機' }),
    days: z
      .number({ error: '天數必須是整數' })
      .int('天數必須是整數')
      .min(1, '天數至少 1 天')
      .max(365, '天數最多 365 天')
      .nullable()
      .default(null),
    tagId: z.uuid({ error: '請選擇標籤' }).nullable().default(null),
  })
  .refine((c) => c.kind !== 'repurchase' || c.days !== null, {
    message: '請輸入最後一次消費後幾天發送',
    path: ['days'],
  })
  .refine((c) => c.kind !== 'segment' || c.tagId !== null, { message: '請選擇標籤', path: ['tagId'] });
export type CouponCampaignInput = z.infer<typeof couponCampaignInputSchema>;

/**
 * The period a member is issued in: the year of a birthday month, the member's last order for a
 * repurchase (a new order starts a new period), the month for a segment.
 */
export function campaignPeriod(kind: CampaignKind, taipeiDay: string, lastOrderId: string | null): string {
  if (kind === 'birthday') return taipeiDay.slice(0, 4);
  if (kind === 'segment') return taipeiDay.slice(0, 6);
  return `order-${lastOrderId ?? 'none'}`;
}

export function campaignIssueKey(campaignId: string, period: string, memberId: string): string {
  return `campaign:${campaignId}:${period}:${memberId}`;
}

export const campaignScheduleId = (campaignId: string) => `coupon-campaign-${campaignId}`;

/**
 * A run's key: the Taipei day it is for (the Schedule's time for it, which the run's workflow ID
 * ends with). Every run of one day, retried or overlapping, has the same key and the same row in
 * coupon_campaign_runs; the run's coupons are the campaign's issued within that day.
 */
export function campaignRunKey(at: Date): string {
  return taipeiDayKey(at);
}

export function campaignRunDay(runKey: string): { start: Date; end: Date } {
  return taipeiDayRange(runKey);
}

/** The issue keys of every coupon a campaign gave (the prefix of campaignIssueKey). */
export const campaignIssueKeyPrefix = (campaignId: string) => `campaign:${campaignId}:`;

/** What one run did (the workflow's result in the Temporal UI; the row on the campaign's page). */
export interface CampaignRunResult {
  campaignId: string;
  /** Absent in runs from before runs were recorded. */
  runKey?: string;
  /** The members it was for on this run, and how many of them got a coupon now (the rest had theirs). */
  audience: number;
  issued: number;
  skipped?: number;
  /** LINE messages telling members of their coupon: delivered and not. */
  lineSent?: number;
  lineFailed?: number;
  paused: boolean;
}

export const CAMPAIGN_MESSAGE_STATUSES = ['sent', 'failed'] as const;
export type CampaignMessageStatus = (typeof CAMPAIGN_MESSAGE_STATUSES)[number];

/** Why a member was not told of their coupon, as the shop reads it on the run. */
export const CAMPAIGN_MESSAGE_REASONS_ZH = {
  blocked: '顧客已封鎖本店的 LINE 官方帳號',
  notConnected: '本店尚未連接 LINE 官方帳號，優惠券已發出但沒有通知會員',
  retrying: 'LINE 暫時無法傳送，系統仍在重試',
} as const;

/** The member card (會員卡, where the coupons are): LINE's permanent link with a LIFF app, else the page. */
export function campaignMemberCardLink(shop: { slug: string; liffId: string | null }, origin: string): string {
  return shop.liffId ? liffPermanentLink(shop.liffId, '/member') : `${origin}${shopPagePath(shop.slug)}/member`;
}

/** The LINE message that tells a member of the coupon a campaign gave them. */
export function campaignCouponText(args: {
  shopName: string;
  couponName: string;
  validUntil: Date | null;
  memberCardUrl: string;
}): string {
  const until = args.validUntil ? `，${formatTaipeiDateTime(args.validUntil)} 前有效` : '';
  return `🎁 ${args.shopName}送您一張優惠券「${args.couponName}」${until}。結帳時就能使用，會員卡裡看得到：\n${args.memberCardUrl}`;
}
