import { describe, expect, it } from 'vitest';
import { WELCOME_MESSAGE_MAX_LENGTH, welcomeMessageSchema } from './welcome-message.ts';

describe('welcomeMessageSchema', () => {
  it('trims, and blank means the default (null)', () => {
    expect(welcomeMessageSchema.parse({ welcomeMessage: '  歡迎光臨！\n輸入 +1 下單  ' })).toEqual({
      welcomeMessage: '歡迎光臨！\n輸入 +1 下單',
    });
    expect(welcomeMessageSchema.parse({ welcomeMessage: ' \n ' })).toEqual({ welcomeMessage: null });
  });

  it('takes 500 characters and refuses 501 with a zh-TW message', () => {
    expect(welcomeMessageSchema.safeParse({ welcomeMessage: '好'.repeat(WELCOME_MESSAGE_MAX_LENGTH) }).success).toBe(
      true,
    );
    const tooLong = welcomeMessageSchema.safeParse({ welcomeMessage: '好'.repeat(WELCOME_MESSAGE_MAX_LENGTH + 1) });
    expect(tooLong.success).toBe(false);
    expect(tooLong.error!.issues[0]!.message).toBe('歡迎訊息最多 500 個字');
    expect(welcomeMessageSchema.safeParse({ welcomeMessage: 42 }).success).toBe(false);
  });
});
