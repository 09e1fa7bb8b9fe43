import { z } from 'zod';
import { storedDiscountSchema, type DiscountRule, type StoredDiscount } from './discount-rules.ts';

/**
 * 促銷活動: a discount the shop runs by itself for a period, in some branches or all of them.
 * Pure; db/promotions/promotions.ts stores them and the checkout prices the running ones first
 * (domain/promotions/order-discounts.ts).
 */

export const PROMOTION_NAME_MAX = 40;

export const promotionInputSchema = z
  .object({
    name: z
      .string({ error: '請輸入活動名稱' })
      .trim()
      .min(1, '請輸入活動名稱')
      .max(PROMOTION_NAME_MAX, `活動名稱最多 ${PROMOTION_NAME_MAX} 個字`),
    rule: storedDiscountSchema,
    /** Empty: every branch. */
    branchIds: z
      .array(z.uuid({ error: '分店不正確' }))
      .max(200)
      .default([]),
    startsAt: z.coerce.date({ error: '開始時間不正確' }).nullable(),
    endsAt: z.coerce.date({ error: '結束時間不正確' }).nullable(),
    active: z.boolean().default(true),
  })
  .refine((p) => !p.startsAt || !p.endsAt || p.startsAt < p.endsAt, {
    message: '結束時間要晚於開始時間',
    path: ['endsAt'],
  })
  .refine((p) => p.rule.value.kind !== 'amount' || p.rule.minSpend === 0 || p.rule.value.amount <= p.rule.minSpend, {
    message: '折抵金額不能高於最低消費',
    path: ['rule', 'value', 'amount'],
  });
export type PromotionInput = z.infer<typeof promotionInputSchema>;

export interface PromotionState {
  id: string;
  name: string;
  rule: StoredDiscount;
  branchIds: readonly string[];
  startsAt: Date | null;
  endsAt: Date | null;
  active: boolean;
}

export type PromotionPhase = 'paused' | 'upcoming' | 'running' | 'ended';

/** Where the promotion stands at `now`, as the admin list labels it. */
export function promotionPhase(
  p: Omit<PromotionState, 'id' | 'name' | 'rule' | 'branchIds'>,
  now: Date,
): PromotionPhase {
  if (!p.active) return 'paused';
  if (p.startsAt && now < p.startsAt) return 'upcoming';
  if (p.endsAt && now >= p.endsAt) return 'ended';
  return 'running';
}

/** Whether an order in this branch (null: a shop without branches) at `now` gets the promotion. */
export function promotionApplies(p: PromotionState, branchId: string | null, now: Date): boolean {
  if (promotionPhase(p, now) !== 'running') return false;
  return p.branchIds.length === 0 || (branchId !== null && p.branchIds.includes(branchId));
}

/** The promotion as the pricing order takes it; the customer reads its name. */
export function promotionDiscountRule(p: Pick<PromotionState, 'id' | 'name' | 'rule'>): DiscountRule {
  return { id: p.id, label: p.name, ...p.rule };
}
