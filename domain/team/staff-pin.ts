/**
 * 快速登入 on a shop tablet: a short PIN per staff member. Short enough to type with flour on
 * your hands, so it is only accepted on a device the owner registered, and tries are limited
 * per device and per person.
 */
import { z } from 'zod';

export const PIN_MIN_LENGTH = 4;
export const PIN_MAX_LENGTH = 6;
/** Wrong PINs one device may try for one person per window, and for everyone together. */
export const PIN_ATTEMPTS_PER_PERSON = 5;
export const PIN_ATTEMPTS_PER_DEVICE = 20;
export const PIN_ATTEMPTS_WINDOW_MS = 15 * 60 * 1000;

export const pinSchema = z
  .string()
  .regex(
    new RegExp(`^[0-9]{${PIN_MIN_LENGTH},${PIN_MAX_LENGTH}}$`),
    `PIN 請輸入 ${PIN_MIN_LENGTH} 到 ${PIN_MAX_LENGTH} 位數字`,
  );

/** The name of a registered device, as the owner will recognise it (櫃台平板). */
export const deviceNameSchema = z
  .string()
  .trim()
  .min(1, '請幫這台裝置取個名字，例如「櫃台平板」')
  .max(40, '裝置名稱最多 40 字');

/** 職稱, as the shop writes it; empty clears it. */
export const jobTitleSchema = z
  .string()
  .trim()
  .max(20, '職稱最多 20 字')
  .transform((text) => (text === '' ? null : text));
