import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authConfigOf, signedInMember, type TestMember, type TestSession } from '../../support/auth.ts';
import { launchChromium, sessionCookie } from '../../support/browser.ts';
import { createTestTenant, type TestTenant } from '../../support/shops.ts';
import { startStack, type Stack } from '../../support/stack.ts';
import { DESKTOP, PHONE, SCREENSHOTS, adminMenu, hydrated, watchErrors } from '../admin-session.ts';

/**
 * 線上客服 in Chromium against the whole stack: the seed's common problems, each with its check
 * run on the spot (a test notification, the menu version customers hold and a forced refresh,
 * the account in use) and links only to pages the member may open, plus the way to LINE support.
 */

let stack: Stack;
let browser: Browser;
let tenant: TestTenant;
let owner: TestMember & TestSession;
let staff: TestMember & TestSession;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(), launchChromium()]);
  tenant = await createTestTenant(stack, { products: [] });
  const config = authConfigOf(stack.env);
  owner = await signedInMember(stack.db, config, tenant.id, { role: 'owner', displayName: '老闆娘' });
  staff = await signedInMember(stack.db, config, tenant.id, { role: 'staff', displayName: '小美' });
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function openHelp(session: TestSession, device: typeof PHONE | typeof DESKTOP = PHONE) {
  const context = await browser.newContext({ ...device, locale: 'zh-TW' });
  await context.addCookies([sessionCookie(session, stack.apiUrl)]);
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${stack.apiUrl}/t/${tenant.slug}/admin/orders`);
  await hydrated(page);
  await (await adminMenu(page)).getByRole('link', { name: '線上客服' }).click();
  await page.getByRole('heading', { name: '線上客服', level: 1 }).waitFor();
  return { context, page, errors };
}

describe('線上客服', () => {
  it('runs each problem’s check and links to the page that fixes it', async () => {
    const { context, page, errors } = await openHelp(owner);
    try {
      const topic = (id: string) => page.locator(`[data-topic="${id}"]`);
      await expect(topic('sign_in').innerText()).resolves.toContain('你目前以「老闆娘」（店主）登入');

      const before = (await stack.db.tenant.findUniqueOrThrow({ where: { id: tenant.id } })).menuVersion;
      await topic('menu_stale').getByRole('button', { name: '查看顧客端菜單版本' }).click();
      await topic('menu_stale').getByText(`目前是第 ${before} 版菜單`).waitFor();
      await topic('menu_stale').getByRole('button', { name: '強制更新客戶端菜單' }).click();
      await topic('menu_stale')
        .getByText(`已更新為第 ${before + 1} 版`)
        .waitFor();
      expect((await stack.db.tenant.findUniqueOrThrow({ where: { id: tenant.id } })).menuVersion).toBe(before + 1);
      expect(await stack.db.auditLog.count({ where: { tenantId: tenant.id, action: 'support.menu_refresh' } })).toBe(1);

      await topic('notifications').getByRole('button', { name: '傳送測試通知' }).click();
      await expect
        .poll(() => topic('notifications').getByRole('status').innerText())
        .toMatch(/LINE|Email|沒有開啟任何通知方式/);
      expect(
        await stack.db.auditLog.count({ where: { tenantId: tenant.id, action: { contains: 'notification' } } }),
      ).toBeGreaterThan(0);

      await topic('payments').getByRole('button', { name: '查詢收款帳戶狀態' }).click();
      await topic('payments').getByText('尚未開通線上刷卡收款').waitFor();

      const line = page.getByRole('link', { name: '用 LINE 聯絡加一客服' });
      await expect(line.getAttribute('href')).resolves.toBe('https://line.me/R/ti/p/%40jiayi-support');
      // The QR code (shown on wider screens) encodes the same chat, drawn by the server from its configuration.
      await expect(
        page.getByRole('img', { name: '用手機 LINE 掃描，加入加一客服', includeHidden: true }).getAttribute('src'),
      ).resolves.toMatch(/^data:image\/png;base64,/);
      await shot(page, 'help-phone');
      await topic('notifications').getByRole('link', { name: '訂單通知設定' }).click();
      await page.waitForURL(`**/t/${tenant.slug}/admin/settings/notifications`);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('offers staff only what they may do, and on a computer the QR code to LINE support', async () => {
    const { context, page } = await openHelp(staff, DESKTOP);
    try {
      await page.getByRole('img', { name: '用手機 LINE 掃描，加入加一客服' }).waitFor();
      await expect(page.getByRole('link', { name: '用 LINE 聯絡加一客服' }).getAttribute('href')).resolves.toBe(
        'https://line.me/R/ti/p/%40jiayi-support',
      );
      await shot(page, 'help-desktop');
      const notifications = page.locator('[data-topic="notifications"]');
      await expect(notifications.getByRole('button').count()).resolves.toBe(0);
      await expect(notifications.innerText()).resolves.toContain('需要「設定」的管理權限');
      await expect(notifications.getByRole('link', { name: '訂單通知設定' }).count()).resolves.toBe(0);
      await expect(
        page.locator('[data-topic="menu_stale"]').getByRole('button', { name: '強制更新客戶端菜單' }).count(),
      ).resolves.toBe(0);
    } finally {
      await context.close();
    }
  });
});

const shot = (page: Page, name: string) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
