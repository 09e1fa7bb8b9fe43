import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authConfigOf, signedInMember, type TestMember, type TestSession } from '../../support/auth.ts';
import { launchChromium, sessionCookie } from '../../support/browser.ts';
import { createSandboxUser, sendChat } from '../../support/line-sandbox.ts';
import { createTestTenant, shopHelpers, type TestTenant } from '../../support/shops.ts';
import { startStack, type Stack } from '../../support/stack.ts';
import { DESKTOP, PHONE, SCREENSHOTS, hydrated, menuLink, watchErrors } from '../admin-session.ts';

/**
 * 打卡出勤管理 in Chromium against the whole stack: a staff member clocks in and out in the
 * sandbox's LINE chat, the owner sees the shift on the attendance page (phone and desktop),
 * a manager corrects it with a reason; and a member the owner deactivates is thrown out of
 * the admin they have open on their next click. Screenshots in test-results/.
 */

let stack: Stack;
let browser: Browser;
let tenant: TestTenant;
let owner: TestMember & TestSession;
let manager: TestMember & TestSession;
let waiter: TestMember & TestSession;
let waiterLine: string;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(), launchChromium()]);
  tenant = await createTestTenant(stack, { products: [] });
  const config = authConfigOf(stack.env);
  owner = await signedInMember(stack.db, config, tenant.id, { role: 'owner', displayName: '老闆娘' });
  manager = await signedInMember(stack.db, config, tenant.id, { role: 'manager', displayName: '店長阿華' });
  waiter = await signedInMember(stack.db, config, tenant.id, { role: 'staff', displayName: '小美' });
  waiterLine = await createSandboxUser(stack, '小美的 LINE');
  await stack.db.staff.update({ where: { id: waiter.staffId }, data: { lineUserId: waiterLine, jobTitle: '外場' } });
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});
const { messagesFor } = shopHelpers(() => ({ stack, tenant }));

const shot = (page: Page, name: string) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
async function as(session: TestSession, options: Parameters<Browser['newContext']>[0]): Promise<BrowserContext> {
  const context = await browser.newContext({ ...options, locale: 'zh-TW' });
  await context.addCookies([sessionCookie(session, stack.apiUrl)]);
  return context;
}
const attendancePath = () => `/t/${tenant.slug}/admin/attendance`;

describe('the attendance page', () => {
  it('shows a clock-in and clock-out made in the LINE chat, with the hours and the CSV link', async () => {
    const chat = (text: string) => sendChat(stack, tenant, waiterLine, text);
    await chat('上班');
    expect((await messagesFor(waiterLine, 1))[0]).toContain('上班打卡成功：小美');
    await chat('下班');
    expect((await messagesFor(waiterLine, 2))[1]).toContain('下班打卡成功：小美');

    const context = await as(owner, DESKTOP);
    try {
      const page = await context.newPage();
      const errors = watchErrors(page);
      await page.goto(`${stack.apiUrl}/t/${tenant.slug}/admin/team`);
      await hydrated(page);
      await menuLink(page, '打卡出勤管理').click();
      await page.waitForURL(`**${attendancePath()}`);
      await page.getByRole('heading', { name: '打卡出勤管理', level: 1 }).waitFor();
      const row = page.getByRole('table', { name: '打卡紀錄' }).getByRole('row').nth(1);
      await expect(row.getByRole('rowheader').innerText()).resolves.toContain('小美');
      await expect(row.innerText()).resolves.toContain('LINE');
      const totals = page.getByRole('table', { name: '每人合計' });
      await expect(totals.getByRole('row').nth(1).innerText()).resolves.toMatch(/小美\s+1\s+1/);
      const csv = page.getByRole('link', { name: '下載薪資 CSV' });
      await expect(csv.getAttribute('href')).resolves.toMatch(/\/attendance\.csv\?from=\d{4}-\d\d-\d\d&to=/);
      await shot(page, 'attendance-desktop');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a manager corrects the shift on a phone; the reason goes to the audit log', async () => {
    const context = await as(manager, PHONE);
    try {
      const page = await context.newPage();
      const errors = watchErrors(page);
      await page.goto(`${stack.apiUrl}${attendancePath()}`);
      await hydrated(page);
      await page.getByRole('button', { name: '修正' }).first().click();
      const form = page.getByRole('form', { name: /修正 小美/ });
      // A night shift two days ago, 22:00 to 02:30 the next morning (Taipei).
      const day = new Date(Date.now() + 8 * 3600_000 - 2 * 86_400_000).toISOString().slice(0, 10);
      const next = new Date(Date.now() + 8 * 3600_000 - 86_400_000).toISOString().slice(0, 10);
      await form.getByLabel('上班時間').fill(`${day}T22:00`);
      await form.getByLabel('下班時間').fill(`${next}T02:30`);
      await form.getByLabel('修正原因').fill('忘記打卡，依排班表補登');
      await form.getByRole('button', { name: '儲存修正' }).click();
      await page.getByRole('status').filter({ hasText: '已修正 小美 的班次' }).waitFor();
      await expect(page.locator('ul.cards li').first().innerText()).resolves.toMatch(/22:00 – 02:30\s+4\.5 小時/);
      await shot(page, 'attendance-phone-corrected');
      const audit = await stack.db.auditLog.findFirstOrThrow({
        where: { tenantId: tenant.id, action: 'attendance.correct' },
      });
      expect(audit).toMatchObject({ actorName: '店長阿華' });
      expect(audit.data).toMatchObject({ reason: '忘記打卡，依排班表補登' });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('is not in the menu of staff who may not see it, and the API refuses them', async () => {
    const context = await as(waiter, DESKTOP);
    try {
      const page = await context.newPage();
      await page.goto(`${stack.apiUrl}/t/${tenant.slug}/admin/orders`);
      await hydrated(page);
      await expect(menuLink(page, '打卡出勤管理').count()).resolves.toBe(0);
      const response = await page.goto(`${stack.apiUrl}${attendancePath()}`);
      expect(response?.status()).toBe(403);
    } finally {
      await context.close();
    }
  });
});

describe('the shop tablet', () => {
  it('the owner sets a PIN and registers the tablet; staff clock in there; elsewhere the screen refuses', async () => {
    const ownerContext = await as(owner, PHONE);
    const stranger = await browser.newContext({ ...PHONE, locale: 'zh-TW' });
    try {
      const page = await ownerContext.newPage();
      const errors = watchErrors(page);
      await page.goto(`${stack.apiUrl}/t/${tenant.slug}/admin/team`);
      await hydrated(page);
      const card = page.locator(`[data-member-id="${waiter.staffId}"]`);
      await expect(card.innerText()).resolves.toMatch(
        /職稱\s*外場[\s\S]*LINE 綁定\s*已綁定[\s\S]*快速登入 PIN\s*未設定/,
      );
      await card.getByText('職稱 · 快速登入 PIN').click();
      await card.getByLabel(/新的 PIN/).fill('2468');
      await card.getByRole('button', { name: '設定 PIN' }).click();
      await page.getByRole('status').filter({ hasText: '已更新「小美」' }).waitFor();
      await expect.poll(() => card.innerText()).toMatch(/快速登入 PIN\s*已設定/);

      await page.goto(`${stack.apiUrl}${attendancePath()}`);
      await hydrated(page);
      await page.getByLabel('裝置名稱').fill('櫃台平板');
      await page.getByRole('button', { name: '登錄這台裝置' }).click();
      await page.getByRole('status').filter({ hasText: '已登錄「櫃台平板」' }).waitFor();
      await page.getByRole('link', { name: '開啟打卡畫面' }).click();
      await page.getByRole('heading', { level: 1, name: /打卡/ }).waitFor();
      await hydrated(page);
      await page.getByRole('button', { name: /小美/ }).click();
      await page.getByLabel('輸入 PIN').fill('1111');
      await page.getByRole('button', { name: '上班打卡' }).click();
      await page.getByRole('alert').filter({ hasText: 'PIN 不正確' }).waitFor();
      await page.getByLabel('輸入 PIN').fill('2468');
      await page.getByRole('button', { name: '上班打卡' }).click();
      await page.getByRole('status').filter({ hasText: '上班打卡成功：小美' }).waitFor();
      await page.getByRole('button', { name: /小美.*上班中/ }).waitFor();
      await shot(page, 'attendance-tablet');
      expect(await stack.db.attendanceShift.count({ where: { staffId: waiter.staffId, inVia: 'tablet' } })).toBe(1);
      // The browser logs the wrong PIN's 401; nothing else went wrong.
      expect(errors).toEqual([expect.stringContaining('status of 401')]);

      const elsewhere = await stranger.newPage();
      await elsewhere.goto(`${stack.apiUrl}/t/${tenant.slug}/clock`);
      await elsewhere.getByRole('heading', { name: '這台裝置還沒有登錄為店內平板' }).waitFor();
      await expect(elsewhere.getByRole('button', { name: /小美/ }).count()).resolves.toBe(0);
    } finally {
      await ownerContext.close();
      await stranger.close();
    }
  });
});

describe('a member who leaves', () => {
  it('the owner deactivates them; the admin they have open throws them out on their next click', async () => {
    const waiterContext = await as(waiter, DESKTOP);
    const ownerContext = await as(owner, DESKTOP);
    try {
      const page = await waiterContext.newPage();
      await page.goto(`${stack.apiUrl}/t/${tenant.slug}/admin/orders`);
      await hydrated(page);

      const ownerPage = await ownerContext.newPage();
      await ownerPage.goto(`${stack.apiUrl}/t/${tenant.slug}/admin/team`);
      await hydrated(ownerPage);
      ownerPage.once('dialog', (dialog) => void dialog.accept());
      const card = ownerPage.locator(`[data-member-id="${waiter.staffId}"]`);
      await card.getByText('職稱 · 快速登入 PIN').click();
      await card.getByRole('button', { name: '停用（已離職）' }).click();
      await ownerPage.getByRole('status').filter({ hasText: '已停用「小美」' }).waitFor();
      await expect.poll(() => card.innerText()).toMatch(/\d{2}:\d{2} 停用/);

      await menuLink(page, '商品管理').click();
      // The click's own navigation is cut short by the redirect to sign-in, which waitForURL
      // reports as aborted: watch the address instead.
      await expect.poll(() => page.url()).toMatch(/\/sign-in\?returnTo=/);
      await page.waitForLoadState();
      await shot(page, 'attendance-deactivated-signed-out');
    } finally {
      await waiterContext.close();
      await ownerContext.close();
    }
  });
});
