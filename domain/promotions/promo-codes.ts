import { z } from 'zod';
import { storedDiscountSchema, type DiscountRule, type StoredDiscount } from './discount-rules.ts';

/**
 * 優惠碼: what a shop may set as a code, how a typed code is matched, and why a code cannot be
 * used now. Pure; db/promotions/promo-codes.ts holds the counts and takes the use atomically.
 */

/** Customers type codes in any case and with stray spaces; shops print them in capitals. */
export function normalizePromoCode(typed: string): string {
  return typed.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
}

/** The stored discount of a code: a DiscountRule without its id and label. */
export const promoCodeRuleSchema = storedDiscountSchema;
export type PromoCodeRule = StoredDiscount;

export const promoCodeInputSchema = z
  .object({
    code: z
      .string()
      .transform(normalizePromoCode)
      .pipe(z.string().regex(/^[A-Z0-9_-]{3,20}$/, '優惠碼限 3～20 個英文字母、數字、- 或 _')),
    label: z.string({ error: '請輸入說明' }).trim().min(1, '請輸入說明').max(40, '說明最多 40 個字'),
    rule: promoCodeRuleSchema,
    startsAt: z.coerce.date({ error: '開始時間不正確' }).nullable(),
    endsAt: z.coerce.date({ error: '結束時間不正確' }).nullable(),
    totalLimit: z
      .number({ error: '總使用次數必須是整數' })
      .int('總使用次數必須是整數')
      .min(1, '總使用次數至少 1 次')
      .max(1_000_000, '總使用次數最多 1,000,000 次')
      .nullable(),
    perCustomerLimit: z
      .number({ error: '每人可用次數必須是整數' })
      .int('每人可用次數必須是整數')
      .min(1, '每人可用次數至少 1 次')
      .max(1000, '每人可用次數最多 1,000 次')
      .nullable(),
  })
  .refine((c) => !c.startsAt || !c.endsAt || c.startsAt < c.endsAt, {
    message: '結束時間要晚於開始時間',
    path: ['endsAt'],
  });
export type PromoCodeInput = z.infer<typeof promoCodeInputSchema>;

/**
 * An edit never gives back uses: a total below what customers already used would end the code
 * without the shop seeing why, so it is refused with the count.
 */
export function promoCodeLimitRefusal(input: { totalLimit: number | null }, usedCount: number): string | null {
  return input.totalLimit !== null && input.totalLimit < usedCount
    ? `已經用了 ${usedCount} 次，總使用上限不能少於 ${usedCount}`
    : null;
}

export type PromoCodeRefusal = 'unknown' | 'not_started' | 'ended' | 'used_up' | 'customer_limit';

export const PROMO_CODE_REFUSALS_ZH: Record<PromoCodeRefusal, string> = {
  unknown: '查無此優惠碼',
  not_started: '優惠碼還沒開始使用',
  ended: '優惠碼已過期',
  used_up: '優惠碼已被使用完畢',
  customer_limit: '您已用過這個優惠碼',
};

export interface PromoCodeState {
  startsAt: Date | null;
  endsAt: Date | null;
  totalLimit: number | null;
  perCustomerLimit: number | null;
  usedCount: number;
}

/** Why the code cannot be used at `now` by a customer who has used it `usesByCustomer` times; null if it can. */
export function promoCodeRefusal(code: PromoCodeState, now: Date, usesByCustomer: number): PromoCodeRefusal | null {
  if (code.startsAt && now < code.startsAt) return 'not_started';
  if (code.endsAt && now >= code.endsAt) return 'ended';
  if (code.totalLimit !== null && code.usedCount >= code.totalLimit) return 'used_up';
  if (code.perCustomerLimit !== null && usesByCustomer >= code.perCustomerLimit) return 'customer_limit';
  return null;
}

/** The code as the pricing order takes it; the customer reads 「優惠碼 CODE：label」. */
export function promoCodeDiscountRule(code: {
  id: string;
  code: string;
  label: string;
  rule: PromoCodeRule;
}): DiscountRule {
  return { id: code.id, label: `優惠碼 ${code.code}：${code.label}`, ...code.rule };
}
