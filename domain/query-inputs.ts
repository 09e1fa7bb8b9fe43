import { z } from 'zod';
import { isDayKey } from './taipei-time.ts';

/**
 * What a merchant types into a search box or puts in a report's address, one rule for every
 * route: control characters (a NUL byte PostgreSQL cannot even store) are a clear 400, not a 500.
 */
export const SEARCH_TEXT_MAX_LENGTH = 100;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001F\u007F]/;

export const searchTextSchema = z
  .string()
  .trim()
  .max(SEARCH_TEXT_MAX_LENGTH, `搜尋文字最多 ${SEARCH_TEXT_MAX_LENGTH} 個字`)
  .refine((text) => !CONTROL_CHARACTERS.test(text), '搜尋文字不能包含控制字元（例如 NUL）');

/** A path part such as an order number: any printable text; control characters never name anything. */
export const printableTextSchema = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .refine((text) => !CONTROL_CHARACTERS.test(text), '不能包含控制字元（例如 NUL）');

/** Reports cover the years Jiayi can hold orders for. */
export const FIRST_BUSINESS_YEAR = 2000;
export const LAST_BUSINESS_YEAR = 2100;

/** An Asia/Taipei business day, YYYY-MM-DD or YYYYMMDD, a real date in 2000..2100; the key YYYYMMDD. */
export const businessDaySchema = z
  .string()
  .regex(/^\d{4}-?\d{2}-?\d{2}$/, '日期請用 YYYY-MM-DD')
  .transform((text) => text.replaceAll('-', ''))
  .refine(isDayKey, '沒有這一天，請確認日期')
  .refine((key) => {
    const year = Number(key.slice(0, 4));
    return year >= FIRST_BUSINESS_YEAR && year <= LAST_BUSINESS_YEAR;
  }, `日期請在 ${FIRST_BUSINESS_YEAR} 到 ${LAST_BUSINESS_YEAR} 年之間`);

/** The body of a POST that takes none (a button): `{}` or nothing, never stray fields. */
export const emptyBody = z.strictObject({}, { error: '這個請求不需要內容' });
