import { z } from 'zod';

/**
 * A branch's 接單設定: how long a new order may wait for the shop (the staff are reminded first,
 * then it is rejected and the customer told), whether orders are accepted at once, and how long
 * before the slot the customer is reminded to come. One rule for the page and the API; the order
 * workflow reads it when the order is placed, so a change never moves a promise already made.
 */

export const ACCEPT_WITHIN_MAX = 60;
export const PICKUP_REMINDER_MAX = 120;

const minutes = (label: string, min: number, max: number) =>
  z
    .number({ error: `${label}必須是整數分鐘` })
    .refine(Number.isInteger, `${label}必須是整數分鐘`)
    .min(min, `${label}最少 ${min} 分鐘`)
    .max(max, `${label}最多 ${max} 分鐘`);

export const orderHandlingSchema = z
  .strictObject({
    acceptWithinMinutes: minutes('接單時限', 1, ACCEPT_WITHIN_MAX),
    /** 0: no reminder. */
    remindAfterMinutes: minutes('提醒時間', 0, ACCEPT_WITHIN_MAX - 1),
    autoAccept: z.boolean({ error: '自動接單必須是開或關' }),
    /** 0: no reminder. */
    pickupReminderMinutes: minutes('取餐提醒', 0, PICKUP_REMINDER_MAX),
  })
  .refine((s) => s.remindAfterMinutes < s.acceptWithinMinutes, {
    path: ['remindAfterMinutes'],
    message: '提醒時間要比接單時限短',
  });
export type OrderHandling = z.infer<typeof orderHandlingSchema>;

export const DEFAULT_ORDER_HANDLING: OrderHandling = {
  acceptWithinMinutes: 10,
  remindAfterMinutes: 3,
  autoAccept: false,
  pickupReminderMinutes: 15,
};

/** The stored row as the app reads it: the defaults under whatever is missing or damaged. */
export function readOrderHandling(
  stored: Partial<Record<keyof OrderHandling, unknown>> | null | undefined,
): OrderHandling {
  const merged = { ...DEFAULT_ORDER_HANDLING, ...(stored ?? {}) };
  const parsed = orderHandlingSchema.safeParse(merged);
  return parsed.success ? parsed.data : DEFAULT_ORDER_HANDLING;
}
