import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLineSandbox, type RunningSandbox } from '../../../sandbox/line/testing.ts';
import type { ApiServer } from '../../support/api-server.ts';
import { createMember } from '../../support/auth.ts';
import { createShop, type Shop } from '../../support/shops.ts';
import { bindStaffLineAccount } from '../../../db/team/staff-line-binding.ts';
import { findNotificationSettings } from '../../../db/orders/notification-settings.ts';
import { PHONE, SCREENSHOTS, hydrated, menuLink, startBrowserStack } from '../admin-session.ts';

/**
 * 初始設定 2. LINE官方帳號連動 in headless Chromium (zh-TW, a phone): the owner signs in with
 * e-mail and password, copies the webhook URL, saves the channel, presses 驗證 and reads the
 * result and the monthly quota (with the 80% warning) from the LINE sandbox.
 */

const PASSWORD = 'line-settings-2026';
const channel = {
  channelId: '2001234567',
  channelSecret: randomBytes(16).toString('hex'),
  channelAccessToken: `sandbox-${randomBytes(16).toString('base64url')}`,
  botUserId: `U${randomBytes(16).toString('hex')}`,
};

let sandbox: RunningSandbox;
let server: ApiServer;
let browser: Browser;
let shop: Shop;
let stack: Awaited<ReturnType<typeof startBrowserStack>> | undefined;

beforeAll(async () => {
  sandbox = await startLineSandbox();
  sandbox.store.upsertChannel({
    ...channel,
    webhookUrl: 'http://127.0.0.1:9/unused',
    displayName: '美玲的手作小舖',
    basicId: '@meiling',
    monthlyQuota: 500,
  });
  sandbox.store.pushUsage.set(channel.channelId, 412);
  stack = await startBrowserStack('line_settings', {
    LINE_API_BASE_URL: sandbox.url,
    LINE_DATA_API_BASE_URL: sandbox.url,
    PUBLIC_BASE_URL: 'https://jiayi.example.tw',
  });
  ({ server, browser } = stack);
  shop = await createShop(server.db, { slug: 'meiling-line', name: '美玲的手作小舖', prefix: 'LNST' });
  await createMember(server.db, shop.tenantId, {
    role: 'owner',
    displayName: '美玲',
    email: 'meiling@line.tw',
    password: PASSWORD,
  });
}, 240_000);

afterAll(async () => {
  await stack?.close();
  await sandbox?.close();
});

async function signIn(page: Page, path: string, email: string) {
  await page.goto(`${server.baseUrl}${path}`);
  await page.waitForURL('**/sign-in?returnTo=*');
  await page.getByLabel('電子郵件').fill(email);
  await page.getByLabel('密碼').fill(PASSWORD);
  await page.getByRole('button', { name: '登入', exact: true }).click();
  await page.waitForURL(`**${path}`);
}

async function shot(page: Page, name: string) {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

describe('LINE connection settings (/t/:tenant/admin/settings/line)', () => {
  it('the owner signs in, saves the channel, verifies it and sees the quota warning', async () => {
    const context = await browser.newContext({ ...PHONE, locale: 'zh-TW' });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.baseUrl });
    const errors: string[] = [];
    try {
      const page = await context.newPage();
      page.on('pageerror', (error) => errors.push(error.message));
      const path = `/t/${shop.slug}/admin/settings/line`;
      await page.goto(`${server.baseUrl}${path}`);
      await page.waitForURL('**/sign-in?returnTo=*');
      await page.getByLabel('電子郵件').fill('meiling@line.tw');
      await page.getByLabel('密碼').fill(PASSWORD);
      await page.getByRole('button', { name: '登入', exact: true }).click();
      await page.waitForURL(`**${path}`);

      expect(await page.title()).toBe('LINE 官方帳號連動 · 美玲的手作小舖 · 加一');
      await expect(page.getByTestId('connection-status').textContent()).resolves.toContain('尚未連動');
      await expect(page.getByTestId('webhook-url').textContent()).resolves.toBe(
        `https://jiayi.example.tw/t/${shop.slug}/webhook`,
      );
      // The menu (behind 選單 on a phone) has the page, marked as the current one.
      await expect(menuLink(page, 'LINE 設定').getAttribute('aria-current')).resolves.toBe('page');

      await page.getByRole('button', { name: '複製' }).click();
      await page.getByRole('button', { name: '已複製' }).waitFor();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
        `https://jiayi.example.tw/t/${shop.slug}/webhook`,
      );

      // A mistyped channel ID and a short secret: told which field, nothing saved.
      await page.getByLabel('Channel ID').fill('20012345a7');
      await page.getByLabel('Channel secret').fill('abc123');
      await page.getByLabel('Channel access token（長期）').fill(channel.channelAccessToken);
      await page.getByRole('button', { name: '儲存' }).click();
      await page.getByText('Channel ID 只能是數字').waitFor();
      await page.getByText('Channel secret 是 32 個英數字').waitFor();
      expect((await server.db.tenant.findUniqueOrThrow({ where: { id: shop.tenantId } })).lineChannelId).toBeNull();

      await page.getByLabel('Channel ID').fill(channel.channelId);
      await page.getByLabel('Channel secret').fill(channel.channelSecret);
      await page.getByLabel('LIFF ID').fill('2001234567-AbCdEfGh');
      await page.getByRole('button', { name: '儲存' }).click();
      await page.getByText('已儲存 LINE 設定').waitFor();
      await expect(page.getByTestId('connection-status').textContent()).resolves.toContain('已連動');
      // The secrets are not echoed back: the fields are empty, the token shows its last 4 characters.
      expect(await page.getByLabel('Channel secret').inputValue()).toBe('');
      await expect(page.getByTestId('token-hint').textContent()).resolves.toContain(
        channel.channelAccessToken.slice(-4),
      );

      await page.getByRole('button', { name: '驗證' }).click();
      const result = page.getByTestId('verify-result');
      await result.getByText('連線成功').first().waitFor();
      await expect(result.textContent()).resolves.toContain('@meiling');
      await expect(page.getByTestId('quota').textContent()).resolves.toContain('已使用 412 / 500 則（82%）');
      await expect(page.getByTestId('quota-warning').textContent()).resolves.toContain('快用完了');
      await page.getByTestId('quota').scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(SCREENSHOTS, 'line-settings-verified-phone.png') });
      await shot(page, 'line-settings-verified-phone-full');

      // Opening the page again shows the quota and its warning without pressing 驗證.
      await page.reload();
      await expect(page.getByTestId('quota-warning').textContent()).resolves.toContain('快用完了');
      expect(await page.getByTestId('verify-result').count()).toBe(0);

      // A revoked token: the page says plainly that the token is the problem.
      sandbox.store.upsertChannel({
        ...channel,
        channelAccessToken: 'reissued-token',
        webhookUrl: 'http://127.0.0.1:9/unused',
        displayName: '美玲的手作小舖',
        basicId: '@meiling',
        monthlyQuota: 500,
      });
      await page.getByRole('button', { name: '驗證' }).click();
      await result.getByText('Access token 無效或已過期').waitFor();
      await expect(result.textContent()).resolves.toContain('連線有問題');
      await shot(page, 'line-settings-token-invalid-phone');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a staff member without settings access gets a binding code, sees the binding, and unbinds', async () => {
    const member = await createMember(server.db, shop.tenantId, {
      role: 'staff',
      displayName: '小芳',
      email: 'fang@line.tw',
      password: PASSWORD,
    });
    const context = await browser.newContext({ ...PHONE, locale: 'zh-TW' });
    const errors: string[] = [];
    try {
      const page = await context.newPage();
      page.on('pageerror', (error) => errors.push(error.message));
      const path = `/t/${shop.slug}/admin/settings/line`;
      await signIn(page, path, 'fang@line.tw');
      // Staff see the page and their own card only: no channel form, no new-order switch.
      await expect(menuLink(page, 'LINE 設定').getAttribute('aria-current')).resolves.toBe('page');
      expect(await page.getByLabel('Channel ID').count()).toBe(0);
      expect(await page.getByRole('switch').count()).toBe(0);
      await expect(page.getByTestId('binding-status').textContent()).resolves.toContain('尚未綁定 LINE 帳號');

      await page.getByRole('button', { name: '產生綁定碼' }).click();
      const code = (await page.getByTestId('binding-code').textContent())!.trim();
      expect(code).toMatch(/^\d{6}$/);
      await expect(page.getByTestId('binding-code-box').textContent()).resolves.toContain('單獨傳出去');
      await shot(page, 'line-settings-binding-code-phone');
      // A new code replaces the old one.
      await page.getByRole('button', { name: '重新產生綁定碼' }).click();
      await page.waitForFunction(
        (old) => document.querySelector('[data-testid="binding-code"]')?.textContent?.trim() !== old,
        code,
      );
      const fresh = (await page.getByTestId('binding-code').textContent())!.trim();
      const lineUserId = `U${randomBytes(16).toString('hex')}`;
      const common = { tenantId: shop.tenantId, lineUserId, sourceEventId: `evt-${randomBytes(4).toString('hex')}` };
      expect(await bindStaffLineAccount(server.db, { ...common, code })).toEqual({ kind: 'invalid' });
      // What the chat does when the member types the code (test/e2e/team/staff-binding.test.ts goes through LINE).
      expect(await bindStaffLineAccount(server.db, { ...common, code: fresh })).toEqual({
        kind: 'bound',
        staffName: '小芳',
      });
      // The page notices by itself.
      await page.getByText('✓ 已綁定 LINE 帳號').waitFor();
      expect(await page.getByTestId('binding-code').count()).toBe(0);
      await shot(page, 'line-settings-bound-phone');

      page.once('dialog', (dialog) => void dialog.accept());
      await page.getByRole('button', { name: '解除綁定' }).click();
      await page.getByText('尚未綁定 LINE 帳號').waitFor();
      expect((await server.db.staff.findUniqueOrThrow({ where: { id: member.staffId } })).lineUserId).toBeNull();
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('the owner switches new-order notifications on and off', async () => {
    const context = await browser.newContext({ ...PHONE, locale: 'zh-TW' });
    const errors: string[] = [];
    try {
      const page = await context.newPage();
      page.on('pageerror', (error) => errors.push(error.message));
      await signIn(page, `/t/${shop.slug}/admin/settings/line`, 'meiling@line.tw');
      const toggle = page.getByRole('switch', { name: '新訂單通知' });
      expect(await toggle.isChecked()).toBe(false);
      await toggle.check();
      await page.getByText('已開啟新訂單通知。').waitFor();
      expect((await findNotificationSettings(server.db, shop.tenantId)).newOrder).toBe(true);
      await page.getByTestId('binding-status').scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(SCREENSHOTS, 'line-settings-notify-on-phone.png') });
      await page.reload();
      await hydrated(page);
      expect(await page.getByRole('switch', { name: '新訂單通知' }).isChecked()).toBe(true);
      await page.getByRole('switch', { name: '新訂單通知' }).uncheck();
      await page.getByText('已關閉新訂單通知。').waitFor();
      expect((await findNotificationSettings(server.db, shop.tenantId)).newOrder).toBe(false);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
