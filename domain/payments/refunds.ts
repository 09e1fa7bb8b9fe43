import { z } from 'zod';

/** What a refund's reason may be at most (it is kept on the order and told to the shop). */
export const REFUND_REASON_MAX = 100;

/**
 * How much of an order's card payment the shop can still give back by hand: all that came and
 * has not gone back yet; nothing for cash and transfers (the shop hands those back itself) or a
 * payment that never came.
 */
export function refundableAmount(payment: { method: string; status: string; amount: number; refundedAmount: number }): number {
  if (payment.method !== 'card' || payment.status !== 'paid') return 0;
  return Math.max(0, payment.amount - payment.refundedAmount);
}

/**
 * 退款: part of a card payment given back (an item the shop could not make, a shortage), or all
 * of it. `requestId` is made once per form, so a press sent twice is one refund.
 */
export const refundRequestSchema = z.strictObject({
  amount: z
    .number({ error: '請輸入退款金額' })
    .int('退款金額請輸入整數元')
    .min(1, '退款金額至少 NT$1'),
  reason: z
    .string({ error: '請填寫退款原因' })
    .trim()
    .min(1, '請填寫退款原因')
    .max(REFUND_REASON_MAX, `退款原因最多 ${REFUND_REASON_MAX} 個字`),
  requestId: z.uuid({ error: 'requestId 必須是 UUID' }),
});
export type RefundRequest = z.infer<typeof refundRequestSchema>;
