import { describe, expect, it } from 'vitest';
import { loadEnv } from './env.ts';

const SECRETS_KEY = Buffer.alloc(32, 7).toString('base64');

describe('PLATFORM_SUPPORT_LINE_ID (線上客服’s LINE account)', () => {
  it('defaults to Jiayi’s own account and takes another official account’s @ID', () => {
    expect(loadEnv({ SECRETS_KEY }).PLATFORM_SUPPORT_LINE_ID).toBe('@jiayi-support');
    expect(loadEnv({ SECRETS_KEY, PLATFORM_SUPPORT_LINE_ID: '@123abcde' }).PLATFORM_SUPPORT_LINE_ID).toBe('@123abcde');
  });

  it('refuses at start what is not a LINE @ID, rather than a broken link on every help page', () => {
    for (const bad of ['jiayi-support', '@', '@jiayi support', 'https://line.me/R/ti/p/@x'])
      expect(() => loadEnv({ SECRETS_KEY, PLATFORM_SUPPORT_LINE_ID: bad }), bad).toThrow(/PLATFORM_SUPPORT_LINE_ID/);
  });
});
