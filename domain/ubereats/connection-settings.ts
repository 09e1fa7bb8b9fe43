import { z } from 'zod';

/**
 * What a branch's Uber Eats connection is saved with: the page checks it with the same messages
 * the API enforces. The client secret is write-only: left out, the stored one is kept.
 */
const idText = (label: string) =>
  z
    .string({ error: `${label}必須是文字` })
    .trim()
    .min(1, `請輸入${label}`)
    .max(200, `${label}最多 200 個字`)
    .regex(/^[\w.:-]+$/, `${label}只能有英數字和 - _ . :`);

export const uberEatsConnectionSchema = z.strictObject({
  storeId: idText('Uber Eats 商店 ID'),
  clientId: idText('Client ID'),
  clientSecret: z.string().trim().min(8, 'Client Secret 至少 8 個字').max(500).optional(),
  autoAccept: z.boolean({ error: '自動接單必須是是或否' }),
});
export type UberEatsConnectionSettings = z.infer<typeof uberEatsConnectionSchema>;
