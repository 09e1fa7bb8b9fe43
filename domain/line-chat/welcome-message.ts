import { z } from 'zod';

/** The shop's own welcome for new friends: 1–500 characters; blank = the default. */
export const WELCOME_MESSAGE_MAX_LENGTH = 500;

export const welcomeMessageSchema = z.object({
  welcomeMessage: z
    .string({ error: '請輸入歡迎訊息（留白則使用預設內容）' })
    .transform((s) => s.trim())
    .pipe(z.string().max(WELCOME_MESSAGE_MAX_LENGTH, { error: `歡迎訊息最多 ${WELCOME_MESSAGE_MAX_LENGTH} 個字` }))
    .transform((s) => (s === '' ? null : s)),
});
export type WelcomeMessageInput = z.infer<typeof welcomeMessageSchema>;
