import { z } from 'zod';

/**
 * A branch's 外送物流設定: the partner that brings the shop's own delivery orders, its API key
 * and secret (write-only: left out, the stored one is kept), the vehicle, who pays the rider's
 * fee, and when the rider is booked. The page checks it with the same messages the API enforces.
 */
export const DELIVERY_PARTNERS = ['lalamove'] as const;
export type DeliveryPartner = (typeof DELIVERY_PARTNERS)[number];

/** Lalamove's vehicles in Taiwan that carry food. */
export const DELIVERY_SERVICE_TYPES = ['MOTORCYCLE', 'CAR', 'VAN'] as const;
export type DeliveryServiceType = (typeof DELIVERY_SERVICE_TYPES)[number];

/** shop: the partner bills the shop's account; customer: the rider collects the fee on delivery. */
export const DELIVERY_FEE_PAYERS = ['shop', 'customer'] as const;
export type DeliveryFeePayer = (typeof DELIVERY_FEE_PAYERS)[number];

/** on_accept: as soon as the shop accepts; before_slot: N minutes before the order's slot. */
export const DELIVERY_BOOK_WHEN = ['on_accept', 'before_slot'] as const;
export type DeliveryBookWhen = (typeof DELIVERY_BOOK_WHEN)[number];

export const BOOK_MINUTES_MIN = 5;
export const BOOK_MINUTES_MAX = 180;

const keyText = (label: string, min: number) =>
  z
    .string({ error: `${label}必須是文字` })
    .trim()
    .min(min, min > 1 ? `${label}至少 ${min} 個字` : `請輸入${label}`)
    .max(200, `${label}最多 200 個字`)
    .regex(/^[\w.:-]+$/, `${label}只能有英數字和 - _ . :`);

export const deliverySettingsSchema = z.strictObject({
  partner: z.enum(DELIVERY_PARTNERS, { error: '請選擇外送物流夥伴' }),
  apiKey: keyText('API Key', 1),
  apiSecret: keyText('API Secret', 8).optional(),
  serviceType: z.enum(DELIVERY_SERVICE_TYPES, { error: '請選擇車型' }),
  feePaidBy: z.enum(DELIVERY_FEE_PAYERS, { error: '請選擇運費由誰支付' }),
  bookWhen: z.enum(DELIVERY_BOOK_WHEN, { error: '請選擇叫車時機' }),
  bookMinutesBefore: z
    .number({ error: '提前叫車分鐘數必須是數字' })
    .int('提前叫車分鐘數必須是整數')
    .min(BOOK_MINUTES_MIN, `提前叫車至少 ${BOOK_MINUTES_MIN} 分鐘`)
    .max(BOOK_MINUTES_MAX, `提前叫車最多 ${BOOK_MINUTES_MAX} 分鐘`),
});
export type DeliverySettingsInput = z.infer<typeof deliverySettingsSchema>;

/** When the rider is booked: at once on accept, or the slot less the minutes (never before now). */
export function deliveryBookAtMs(
  settings: { bookWhen: DeliveryBookWhen; bookMinutesBefore: number },
  wantedAtMs: number,
  nowMs: number,
): number {
  if (settings.bookWhen === 'on_accept') return nowMs;
  return Math.max(nowMs, wantedAtMs - settings.bookMinutesBefore * 60_000);
}
