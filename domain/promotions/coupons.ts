import { z } from 'zod';
import { storedDiscountSchema, type DiscountRule, type StoredDiscount } from './discount-rules.ts';

/**
 * 優惠券: what a shop sets for a coupon (its discount, how long an issued one is good, how many
 * orders it may be used on), when an issued one is good, and why it cannot be used now. Pure;
 * db/promotions/coupons.ts issues them (once per issue key) and takes a use under a row lock.
 */

export const COUPON_NAME_MAX = 40;
const DAY_MS = 24 * 60 * 60 * 1000;

export const couponInputSchema = z
  .object({
    name: z
      .string({ error: '請輸入優惠券名稱' })
      .trim()
      .min(1, '請輸入優惠券名稱')
      .max(COUPON_NAME_MAX, `優惠券名稱最多 ${COUPON_NAME_MAX} 個字`),
    rule: storedDiscountSchema,
    validDays: z
      .number({ error: '有效天數必須是整數' })
      .int('有效天數必須是整數')
      .min(1, '有效天數至少 1 天')
      .max(3650, '有效天數最多 3650 天')
      .nullable(),
    startsAt: z.coerce.date({ error: '開始時間不正確' }).nullable(),
    endsAt: z.coerce.date({ error: '結束時間不正確' }).nullable(),
    usesPerCoupon: z
      .number({ error: '可用次數必須是整數' })
      .int('可用次數必須是整數')
      .min(1, '可用次數至少 1 次')
      .max(99, '可用次數最多 99 次')
      .default(1),
    active: z.boolean().default(true),
  })
  .refine((c) => !c.startsAt || !c.endsAt || c.startsAt < c.endsAt, {
    message: '結束時間要晚於開始時間',
    path: ['endsAt'],
  });
export type CouponInput = z.infer<typeof couponInputSchema>;

/** An issued coupon is good from its issue (not before the coupon's start) until the earlier of its days and the coupon's end. */
export function issuedValidity(
  coupon: { validDays: number | null; startsAt: Date | null; endsAt: Date | null },
  issuedAt: Date,
): { validFrom: Date; validUntil: Date | null } {
  const validFrom = coupon.startsAt && coupon.startsAt > issuedAt ? coupon.startsAt : issuedAt;
  const byDays = coupon.validDays === null ? null : new Date(validFrom.getTime() + coupon.validDays * DAY_MS);
  const ends = [byDays, coupon.endsAt].filter((d): d is Date => d !== null);
  const validUntil = ends.length ? new Date(Math.min(...ends.map((d) => d.getTime()))) : null;
  return { validFrom, validUntil };
}

export type CouponRefusal = 'unknown' | 'not_started' | 'expired' | 'used';

export const COUPON_REFUSALS_ZH: Record<CouponRefusal, string> = {
  unknown: '找不到這張優惠券',
  not_started: '優惠券還沒開始使用',
  expired: '優惠券已過期',
  used: '優惠券已經用過了',
};

export interface IssuedCouponState {
  validFrom: Date;
  validUntil: Date | null;
  usedCount: number;
  usesPerCoupon: number;
  /** The coupon switched off by the shop: its issued coupons cannot be used. */
  active: boolean;
}

export function couponRefusal(issued: IssuedCouponState, now: Date): CouponRefusal | null {
  if (!issued.active) return 'expired';
  if (now < issued.validFrom) return 'not_started';
  if (issued.validUntil && now >= issued.validUntil) return 'expired';
  if (issued.usedCount >= issued.usesPerCoupon) return 'used';
  return null;
}

/** The issued coupon as the pricing order's coupon step; the customer reads 「優惠券：name」. */
export function couponDiscountRule(issued: { id: string; name: string; rule: StoredDiscount }): DiscountRule {
  return { id: issued.id, label: `優惠券：${issued.name}`, ...issued.rule };
}
