import { z } from 'zod';

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
    days: z.number().int().min(1).max(365).nullable().default(null),
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

/** What one run did (the Schedule's run shows it in the Temporal UI). */
export interface CampaignRunResult {
  campaignId: string;
  /** The members it was for on this run, and how many of them got a coupon now (the rest had theirs). */
  audience: number;
  issued: number;
  paused: boolean;
}
