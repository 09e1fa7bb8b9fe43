import { z } from 'zod';
import { ATTENTION_AFTER_MINUTES_MAX, ATTENTION_AFTER_MINUTES_MIN } from './attention.ts';
import { MAX_RESERVATION_HOLD_MINUTES } from './reservation.ts';

/**
 * The shop's order settings (設定 › 訂單設定), one rule for the page and the server: how long a
 * reservation (幫我留) holds its stock, and how long a step of an order may keep failing before
 * the order asks for a person.
 */
const wholeMinutes = (min: number, max: number, label: string) =>
  z
    .number({ error: `請輸入${label}（分鐘）` })
    .int({ error: `${label}請輸入整數分鐘` })
    .min(min, { error: `${label}最少 ${min} 分鐘` })
    .max(max, { error: `${label}最多 ${max.toLocaleString('en-US')} 分鐘` });

export const orderSettingsSchema = z
  .object({
    reservationHoldMinutes: wholeMinutes(1, MAX_RESERVATION_HOLD_MINUTES, '保留時間'),
    attentionAfterMinutes: wholeMinutes(ATTENTION_AFTER_MINUTES_MIN, ATTENTION_AFTER_MINUTES_MAX, '提醒時間'),
  })
  .strict();
export type OrderSettings = z.infer<typeof orderSettingsSchema>;
