import { z } from 'zod';

/**
 * An internal note on an order (訂單管理: 備註): what the page checks as the member
 * types and what the API accepts, one rule.
 */
export const ORDER_NOTE_MAX_LENGTH = 1000;

export const orderNoteSchema = z.object({
  body: z
    .string({ error: '請輸入備註內容' })
    .trim()
    .min(1, '請輸入備註內容')
    .max(ORDER_NOTE_MAX_LENGTH, `備註最多 ${ORDER_NOTE_MAX_LENGTH} 個字`),
});
