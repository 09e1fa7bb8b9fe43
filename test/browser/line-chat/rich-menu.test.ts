import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, sessionCookie } from '../../support/browser.ts';
import { authConfigOf, signedInMember } from '../../support/auth.ts';
import { startStack, waitFor, type Stack } from '../../support/stack.ts';
import { createSandboxUser, sentTo } from '../../support/line-sandbox.ts';
import { createTestTenant, type TestTenant } from '../../support/shops.ts';
import { PHONE, SCREENSHOTS } from '../admin-session.ts';

/**
 * The rich menu page (/t/:tenant/admin/settings/line/rich-menu) in Chromium against the whole
 * stack: the owner applies the menus (the workflow runs, the page follows it to 已套用), edits
 * the welcome message; then a customer in the sandbox chat page sees the customer menu under
 * the chat (no tabs: nothing leads to the shop menu), taps 購入履歷 (the shop answers), and a staff
 * member's tabs switch between the shop menu and the shopping menu, both ways.
 */

const DESKTOP = { viewport: { width: 1280, height: 900 } };

let stack: Stack;
let tenant: TestTenant;
let browser: Browser;
let ownerCookie: ReturnType<typeof sessionCookie>;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(), launchChromium()]);
  tenant = await createTestTenant(stack, {
    products: [{ code: '261122001', name: '桂花烏龍茶', price: 350, stock: 30 }],
  });
  const owner = await signedInMember(stack.db, authConfigOf(stack.env), tenant.id, {
    role: 'owner',
    displayName: '店長阿美',
  });
  ownerCookie = sessionCookie(owner, stack.apiUrl);
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const shot = (page: Page, name: string) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
const pagePath = () => `/t/${tenant.slug}/admin/settings/line/rich-menu`;

/** Every <img> on the page has loaded (the menu previews are drawn by the API). */
const imagesLoaded = (page: Page) =>
  page.waitForFunction(() => [...document.images].every((img) => img.complete && img.naturalWidth > 0));

describe('rich menu and welcome message page', () => {
  it('the owner applies the menus and follows the status to 已套用', async () => {
    const context = await browser.newContext({ ...PHONE, locale: 'zh-TW' });
    const errors: string[] = [];
    try {
      await context.addCookies([ownerCookie]);
      const page = await context.newPage();
      page.on('pageerror', (error) => errors.push(error.message));
      // Reached from the LINE settings page.
      await page.goto(`${stack.apiUrl}/t/${tenant.slug}/admin/settings/line`);
      await page.getByTestId('rich-menu-link').click();
      await page.waitForURL(`**${pagePath()}`);
      await page.getByRole('heading', { name: '圖文選單與歡迎訊息', level: 1 }).waitFor();
      await expect(page.getByTestId('rich-menu-status').textContent()).resolves.toContain('尚未套用');
      // Three menus, each labelled with who sees it.
      await expect(page.locator('section.menu h3').allTextContents()).resolves.toEqual([
        '顧客看到的選單',
        '店家成員：購物分頁',
        '店家成員：管理分頁',
      ]);
      await page.getByRole('img', { name: '圖片：顧客看到的選單' }).waitFor();
      await page.getByRole('img', { name: '圖片：店家成員：購物分頁' }).waitFor();
      await page.getByRole('img', { name: '圖片：店家成員：管理分頁' }).waitFor();
      await imagesLoaded(page);
      // The areas are listed in words, too.
      const customerAreas = page.getByTestId('menu-customer').getByRole('listitem');
      await expect(customerAreas.allTextContents()).resolves.toEqual(
        expect.arrayContaining([expect.stringContaining('購入履歷 傳送訊息「【履歷】」')]),
      );
      await expect(customerAreas.count()).resolves.toBe(4);
      await expect(page.getByTestId('menu-customer').textContent()).resolves.not.toContain('切換');
      const tabsOf = async (kind: string) =>
        (await page.getByTestId(`menu-${kind}`).getByRole('listitem').allTextContents()).slice(0, 2);
      await expect(tabsOf('staffCustomer')).resolves.toEqual([
        '購物選單 目前所在的分頁',
        '店家管理 切換到「店家成員：管理分頁」',
      ]);
      await expect(tabsOf('admin')).resolves.toEqual([
        '購物選單 切換到「店家成員：購物分頁」',
        '店家管理 目前所在的分頁',
      ]);
      await shot(page, 'rich-menu-phone-before');

      await page.getByRole('button', { name: '套用到 LINE' }).click();
      await page.getByTestId('rich-menu-status').getByText('已套用').waitFor({ timeout: 30_000 });
      const row = await stack.db.lineRichMenuSet.findUniqueOrThrow({ where: { tenantId: tenant.id } });
      const ids = await page.getByTestId('menu-ids').textContent();
      for (const id of [row.customerMenuId, row.staffCustomerMenuId, row.adminMenuId]) expect(ids).toContain(id!);
      await expect(page.getByTestId('applied-at').textContent()).resolves.toMatch(/^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}$/);
      await page.getByText('店家選單已套用到 1 位綁定 LINE 的成員').waitFor();
      await page.getByRole('button', { name: '重新套用' }).waitFor();
      await shot(page, 'rich-menu-phone-applied');
      // Nothing overflows the phone's width.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

      const audit = await stack.db.auditLog.count({
        where: { tenantId: tenant.id, action: 'settings.rich_menu.apply' },
      });
      expect(audit).toBe(1);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('the owner writes a welcome message, sees the preview and saves it; new friends get it', async () => {
    const context = await browser.newContext({ ...DESKTOP, locale: 'zh-TW' });
    try {
      await context.addCookies([ownerCookie]);
      const page = await context.newPage();
      await page.goto(`${stack.apiUrl}${pagePath()}`);
      const box = page.getByLabel('自訂歡迎訊息');
      await box.waitFor();
      // Blank: the default is the placeholder and the preview.
      expect(await box.getAttribute('placeholder')).toContain('歡迎加入');
      await expect(page.getByTestId('welcome-preview').textContent()).resolves.toContain('+1：訂購最新商品');

      await box.fill('好'.repeat(501));
      await page.getByText('超過 500 個字了，請刪減一些。').waitFor();
      expect(await page.getByRole('button', { name: '儲存歡迎訊息' }).isDisabled()).toBe(true);

      const text = '歡迎來到阿美的茶舖 🍵\n直播時留言 +1 就能下單，【履歷】可以查訂單喔！';
      await box.fill(text);
      await expect(page.getByTestId('welcome-count').textContent()).resolves.toContain(`${[...text].length} / 500`);
      await expect(page.getByTestId('welcome-preview').textContent()).resolves.toBe(text);
      await page.getByRole('button', { name: '儲存歡迎訊息' }).click();
      await page.getByText('已儲存，之後加入的好友會收到這則訊息。').waitFor();
      expect((await stack.db.tenant.findUniqueOrThrow({ where: { id: tenant.id } })).welcomeMessage).toBe(text);
      await imagesLoaded(page);
      await shot(page, 'rich-menu-desktop');

      const friend = await createSandboxUser(stack, '新朋友');
      await fetch(`${stack.sandboxUrl}/_sandbox/channels/${tenant.channelId}/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'follow', source: { type: 'user', userId: friend } }),
      });
      const welcome = await waitFor(
        'the welcome',
        async () => (await sentTo(stack, tenant, friend))[0]?.messages[0]?.text,
      );
      expect(welcome).toBe(text);
    } finally {
      await context.close();
    }
  });
});

describe('the sandbox chat page shows the menu', () => {
  async function chatAs(userId: string) {
    const context = await browser.newContext({ ...PHONE, locale: 'zh-TW' });
    await context.addInitScript(
      ([channel, user]) => {
        localStorage.setItem('sbx.channel', channel!);
        localStorage.setItem('sbx.user', user!);
      },
      [tenant.channelId, userId],
    );
    const page = await context.newPage();
    await page.goto(stack.sandboxUrl);
    await page.getByRole('region', { name: '圖文選單' }).waitFor({ timeout: 10_000 });
    await imagesLoaded(page);
    return { context, page };
  }
  /** The last postback the shop got, once it is the one with `data`. */
  const lastPostback = (data: string) =>
    waitFor(`the postback ${data}`, async () => {
      const deliveries = (await (
        await fetch(`${stack.sandboxUrl}/_sandbox/channels/${tenant.channelId}/deliveries`)
      ).json()) as { body: string }[];
      return deliveries
        .flatMap((d) => (JSON.parse(d.body) as { events: { type: string; postback?: unknown }[] }).events)
        .filter((e) => e.type === 'postback')
        .map((e) => e.postback as { data: string })
        .findLast((p, i, all) => i === all.length - 1 && p.data === data);
    });
  const shownMenu = async (userId: string) =>
    (
      (await (
        await fetch(`${stack.sandboxUrl}/_sandbox/channels/${tenant.channelId}/richmenu?userId=${userId}`)
      ).json()) as { menu: { richMenuId: string } | null }
    ).menu?.richMenuId;

  it('a customer taps 購入履歷 and the shop answers with their orders', async () => {
    const customer = await createSandboxUser(stack, '林小姐');
    const { context, page } = await chatAs(customer);
    try {
      await page.getByRole('button', { name: '選單・下單 ▾' }).waitFor();
      await shot(page, 'rich-menu-sandbox-customer');
      // No tab strip: nothing on the customer's menu leads to the shop menu.
      expect(await page.getByRole('button', { name: '店家管理' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: '購物選單' }).count()).toBe(0);
      await page.getByRole('button', { name: '購入履歷' }).click();
      await page.locator('.row.customer .bubble', { hasText: '【履歷】' }).waitFor();
      await waitFor('the history answer', async () => (await sentTo(stack, tenant, customer)).length > 0);
      await page.getByRole('button', { name: '我要 +1' }).click();
      await waitFor('the order', () =>
        stack.db.order.findFirst({ where: { tenantId: tenant.id } }).then((o) => o ?? undefined),
      );
      const row = await stack.db.lineRichMenuSet.findUniqueOrThrow({ where: { tenantId: tenant.id } });
      expect(await shownMenu(customer)).toBe(row.customerMenuId);
    } finally {
      await context.close();
    }
  });

  it('a staff member sees the admin menu; its tabs switch to the shopping menu and back (postbacks with params)', async () => {
    const staff = tenant.adminLineUserIds[0]!;
    const row = await stack.db.lineRichMenuSet.findUniqueOrThrow({ where: { tenantId: tenant.id } });
    expect(await shownMenu(staff)).toBe(row.adminMenuId);
    const { context, page } = await chatAs(staff);
    try {
      await page.getByRole('button', { name: '店家管理 ▾' }).waitFor();
      await shot(page, 'rich-menu-sandbox-admin');
      await page.getByRole('button', { name: '購物選單' }).click();
      await page.getByRole('button', { name: '選單・下單 ▾' }).waitFor();
      expect(await shownMenu(staff)).toBe(row.staffCustomerMenuId);
      await shot(page, 'rich-menu-sandbox-staff-shop');
      expect(await lastPostback('richmenu:switch:staff-shop')).toEqual({
        data: 'richmenu:switch:staff-shop',
        params: { newRichMenuAliasId: expect.stringMatching(/-staff-shop$/), status: 'SUCCESS' },
      });
      // …and the 店家管理 tab of the shopping menu goes back.
      await page.getByRole('button', { name: '店家管理', exact: true }).click();
      await page.getByRole('button', { name: '店家管理 ▾' }).waitFor();
      expect(await shownMenu(staff)).toBe(row.adminMenuId);
      expect(await lastPostback('richmenu:switch:admin')).toEqual({
        data: 'richmenu:switch:admin',
        params: { newRichMenuAliasId: expect.stringMatching(/-admin$/), status: 'SUCCESS' },
      });
    } finally {
      await context.close();
    }
  });
});
