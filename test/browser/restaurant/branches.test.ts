import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DESKTOP,
  PHONE,
  SCREENSHOTS,
  adminMenu,
  memberBrowser,
  oneLine,
  open,
  startBrowserStack,
  type WatchedPage,
} from '../admin-session.ts';
import type { ApiServer } from '../../support/api-server.ts';
import { createTenant } from '../../support/shops.ts';

/**
 * The restaurant admin shell in headless Chromium (zh-TW, phone first) against the real server
 * and the built app: the header names the shop and the branch, one tap switches branch (kept
 * across a reload), the switch pauses that branch's online ordering only, the grouped menu, the
 * branch pages, and a member limited to one branch. Screenshots in test-results/restaurant-*.png.
 */

let server: ApiServer;
let browser: Browser;
let stack: Awaited<ReturnType<typeof startBrowserStack>> | undefined;
let shop: { id: string; slug: string };
let asOwner: (options: Parameters<Browser['newContext']>[0]) => Promise<BrowserContext>;
const branchIds: Record<string, string> = {};

const ZH_PHONE = { ...PHONE, locale: 'zh-TW' };
async function shot(page: WatchedPage, name: string, fullPage = false) {
  // From the top: the desktop menu is sticky, and would be drawn where the page was scrolled to.
  if (fullPage) await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(SCREENSHOTS, `restaurant-${name}.png`), fullPage });
}
const statusOf = async (name: string) =>
  (await server.db.branch.findFirstOrThrow({ where: { tenantId: shop.id, name } })).orderingStatus;

beforeAll(async () => {
  stack = await startBrowserStack('browser-restaurant');
  ({ server, browser } = stack);
  shop = await createTenant(server.db, 'noodle-house', '阿城麵館');
  await server.db.tenant.update({ where: { id: shop.id }, data: { kind: 'restaurant' } });
  const start = Date.now() - 10_000;
  for (const [i, branch] of [
    { name: '信義店', address: '台北市信義區松壽路 12 號', phone: '0227221234' },
    { name: '大安店', address: '台北市大安區復興南路一段 219 號', phone: '0227005678' },
  ].entries()) {
    const row = await server.db.branch.create({
      data: { tenantId: shop.id, ...branch, createdAt: new Date(start + i * 1000) },
    });
    branchIds[branch.name] = row.id;
  }
  asOwner = await memberBrowser(server, browser, [shop.id], { role: 'owner', displayName: '店主阿城' });
}, 240_000);

afterAll(async () => {
  await stack?.close();
});

describe('the header on a phone', () => {
  it('asks which branch first, switches with one tap, keeps it after a reload, and pauses only that branch', async () => {
    const context = await asOwner(ZH_PHONE);
    try {
      const page = await open(server, context, `/t/${shop.slug}/admin/orders`);
      const bar = page.getByRole('region', { name: '分店' });
      // Two branches and no choice yet: it asks, and picks none by itself.
      await bar.getByText('請先選擇要操作的分店。').waitFor();
      expect(await page.getByRole('switch').count()).toBe(0);
      await expect(page.locator('.shopbar').innerText()).resolves.toContain('阿城麵館');
      await shot(page, 'choose-branch-phone');

      await page.getByRole('button', { name: '大安店' }).tap();
      const current = page.getByTestId('current-branch');
      await expect.poll(() => current.textContent()).toBe('大安店');
      expect(await page.getByRole('button', { name: '大安店' }).getAttribute('aria-pressed')).toBe('true');
      expect(await page.getByRole('button', { name: '信義店' }).getAttribute('aria-pressed')).toBe('false');
      await page.reload();
      await expect.poll(() => page.getByTestId('current-branch').textContent()).toBe('大安店');
      await page.getByRole('region', { name: '目前分店：大安店' }).waitFor();
      await shot(page, 'header-phone');

      // The switch stops 大安店's online orders after saying which branch it is about.
      const toggle = page.getByRole('switch', { name: '線上點餐' });
      expect(await toggle.isChecked()).toBe(true);
      let asked = '';
      page.once('dialog', (dialog) => {
        asked = dialog.message();
        void dialog.accept();
      });
      await toggle.tap();
      await expect.poll(() => page.getByTestId('ordering-state').textContent()).toContain('已暫停');
      expect(asked).toContain('要暫停「大安店」的線上點餐嗎？');
      await expect.poll(() => statusOf('大安店')).toBe('paused');
      expect(await statusOf('信義店')).toBe('accepting');
      await page.getByText(/起暫停線上點餐，顧客目前無法下單。/).waitFor();
      await shot(page, 'paused-phone');

      // Another branch is one tap away, with its own status.
      await page.getByRole('button', { name: '信義店' }).tap();
      await expect.poll(() => page.getByTestId('current-branch').textContent()).toBe('信義店');
      expect(oneLine(await page.getByTestId('ordering-state').innerText())).toBe('接單中');
      expect(await page.getByRole('switch', { name: '線上點餐' }).isChecked()).toBe(true);

      // Back on 大安店, declining the question changes nothing; resuming needs no question.
      await page.getByRole('button', { name: '大安店' }).tap();
      await expect.poll(() => page.getByTestId('current-branch').textContent()).toBe('大安店');
      await page.getByRole('switch', { name: '線上點餐' }).tap();
      await expect.poll(() => statusOf('大安店')).toBe('accepting');
      page.once('dialog', (dialog) => void dialog.dismiss());
      await page.getByRole('switch', { name: '線上點餐' }).tap();
      expect(await page.getByRole('switch', { name: '線上點餐' }).isChecked()).toBe(true);
      expect(await statusOf('大安店')).toBe('accepting');
      expect(page.errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('opens the grouped menu, which leads to the branch pages', async () => {
    const context = await asOwner(ZH_PHONE);
    try {
      const page = await open(server, context, `/t/${shop.slug}/admin/orders`);
      const menu = await adminMenu(page);
      expect(await menu.getByRole('heading').allInnerTexts()).toEqual([
        '開店設定',
        '日常營運',
        '營運報表',
        '會員與行銷',
        '門店設備與串接',
        '員工與系統管理',
      ]);
      expect(await menu.getByRole('link').allInnerTexts()).toEqual([
        '店家設定',
        '分店設定',
        '營業時間設定',
        '取件方式設定',
        '商品管理',
        '菜單',
        '選項群組',
        'LINE 設定',
        '訂單設定',
        '訂單通知設定',
        '收款金流設定',
        '接單設定',
        '訂單處理',
        '未來訂單總覽',
        '訂單管理',
        '庫存管理',
        '暫停銷售',
        '產能限制',
        '銷售分析',
        '交易明細',
        '日營收總覽',
        '產品銷售統計',
        '分店產品銷售統計',
        '顧客',
        '會員列表',
        '點數規則設定',
        'VIP 等級管理',
        '會員標籤',
        '促銷活動設定',
        '優惠碼設定',
        '優惠券管理',
        '自動發送設定',
        '點數 / 發券記錄',
        '會員經營分析',
        '會員標籤分析',
        'QR Code 下載',
        '出單機設定',
        'Uber Eats 整合',
        '電子發票設定',
        '發票取用功能',
        '外送物流設定',
        '團隊',
        '打卡出勤管理',
        '系統設定',
        '線上客服',
      ]);
      expect(await menu.getByRole('link', { name: '訂單管理' }).getAttribute('aria-current')).toBe('page');
      await shot(page, 'menu-phone');
      await menu.getByRole('link', { name: '分店設定' }).tap();
      await page.waitForURL(`**/t/${shop.slug}/admin/settings/branches`);
      await page.getByRole('heading', { level: 1, name: '分店設定' }).waitFor();
      // The choice closed the menu.
      await expect.poll(() => page.getByRole('navigation', { name: '管理選單' }).isVisible()).toBe(false);
      expect(await page.locator('li.card h2').allInnerTexts()).toEqual(['信義店', '大安店']);
      expect(oneLine(await page.locator('li.card').first().innerText())).toContain('02-2722-1234');
      await shot(page, 'branches-phone', true);
      expect(page.errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('adds a branch with the rules the API uses, coordinates taken from the map link', async () => {
    const context = await asOwner(ZH_PHONE);
    try {
      const page = await open(server, context, `/t/${shop.slug}/admin/settings/branches/new`);
      await page.getByRole('heading', { level: 1, name: '新增分店' }).waitFor();
      await page.getByLabel('電話').fill('12345');
      await page.locator('input[name=latitude]').fill('121.56');
      await page.locator('input[name=longitude]').fill('25.03');
      await page.getByRole('button', { name: '新增分店' }).click();
      await page.getByText('請輸入分店名稱').waitFor();
      await page.getByText('請輸入有效的電話號碼，例如 02-2345-6789 或 0912-345-678').waitFor();
      await page.getByText('緯度必須介於 -90 到 90，看起來和經度填反了').waitFor();
      await shot(page, 'branch-form-errors-phone', true);

      await page.getByLabel('分店名稱').fill('中山店');
      await page.getByLabel('地址').fill('台北市中山區南京西路 12 號');
      await page.getByLabel('電話').fill('02-2511-0000');
      await page.locator('input[name=latitude]').fill('');
      await page.locator('input[name=longitude]').fill('');
      await page.getByLabel('地圖連結（選填）').fill('https://www.google.com/maps/place/x/@25.0522,121.5205,17z');
      await page.getByLabel('地圖連結（選填）').blur();
      await page.getByText('已從地圖連結帶入座標。').waitFor();
      expect(await page.locator('input[name=latitude]').inputValue()).toBe('25.0522');
      await page.getByRole('button', { name: '新增分店' }).click();
      await page.waitForURL(`**/t/${shop.slug}/admin/settings/branches`);
      await page.getByText('已新增「中山店」。').waitFor();
      // The header's switcher has it too.
      await page.getByRole('button', { name: '中山店' }).waitFor();
      const stored = await server.db.branch.findFirstOrThrow({ where: { tenantId: shop.id, name: '中山店' } });
      expect(stored).toMatchObject({ phone: '0225110000', latitude: 25.0522, longitude: 121.5205 });
      expect(page.errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('a member limited to one branch', () => {
  it('works on that branch without choosing, never sees the others, and the team page says so', async () => {
    const asStaff = await memberBrowser(server, browser, [shop.id], { role: 'staff', displayName: '信義 小林' });
    const staff = await server.db.staff.findFirstOrThrow({ where: { tenantId: shop.id, displayName: '信義 小林' } });
    await server.db.staff.update({
      where: { id: staff.id },
      data: { allBranches: false, branches: { create: { branchId: branchIds['信義店']! } } },
    });
    const context = await asStaff(ZH_PHONE);
    try {
      const page = await open(server, context, `/t/${shop.slug}/admin/orders`);
      await expect.poll(() => page.getByTestId('current-branch').textContent()).toBe('信義店');
      expect(await page.getByRole('button', { name: '大安店' }).count()).toBe(0);
      // Staff take orders, so they may pause their branch.
      expect(await page.getByRole('switch', { name: '線上點餐' }).isEnabled()).toBe(true);
      await shot(page, 'staff-phone');
      const menu = await adminMenu(page);
      expect(await menu.getByRole('link').allInnerTexts()).toEqual([
        '分店設定',
        '營業時間設定',
        '取件方式設定',
        '商品管理',
        '菜單',
        '選項群組',
        'LINE 設定',
        '接單設定',
        '訂單處理',
        '未來訂單總覽',
        '訂單管理',
        '庫存管理',
        '暫停銷售',
        '產能限制',
        '顧客',
        '會員列表',
        '點數規則設定',
        'VIP 等級管理',
        '會員標籤',
        '促銷活動設定',
        '優惠碼設定',
        '優惠券管理',
        '自動發送設定',
        '點數 / 發券記錄',
        '會員經營分析',
        '會員標籤分析',
        'QR Code 下載',
        '出單機設定',
        '發票取用功能',
        '線上客服',
      ]);
      // Another branch's page is refused, as the API refuses it.
      await open(server, context, `/t/${shop.slug}/admin/settings/branches/${branchIds['大安店']}`, 403);
    } finally {
      await context.close();
    }

    const desk = await asOwner({ ...DESKTOP, locale: 'zh-TW' });
    try {
      const page = await open(server, desk, `/t/${shop.slug}/admin/team`);
      const card = page.locator(`li.card[data-member-id="${staff.id}"]`);
      expect(oneLine(await card.getByTestId('member-branches').innerText())).toBe('分店：信義店');
      // The desktop shell: the menu beside the page, the header above it.
      expect(await page.getByRole('button', { name: '選單', exact: true }).isVisible()).toBe(false);
      await page.getByRole('navigation', { name: '管理選單' }).getByRole('link', { name: '團隊' }).waitFor();
      await card.getByRole('button', { name: '編輯權限' }).click();
      await card.getByLabel('大安店').check();
      await shot(page, 'team-branches-desktop', true);
      await card.getByRole('button', { name: '儲存' }).click();
      await page.getByText('已更新 信義 小林 的角色與權限。').waitFor();
      await expect
        .poll(async () => oneLine(await card.getByTestId('member-branches').innerText()))
        .toBe('分店：信義店、大安店');
      expect(page.errors).toEqual([]);
    } finally {
      await desk.close();
    }
  });
});

describe('a LINE "+1" shop', () => {
  it('has no branch bar and no restaurant pages', async () => {
    const plusOne = await createTenant(server.db, 'live-shop', '美玲直播小舖');
    const asSeller = await memberBrowser(server, browser, [plusOne.id], { role: 'owner', displayName: '美玲' });
    const context = await asSeller(ZH_PHONE);
    try {
      const page = await open(server, context, `/t/${plusOne.slug}/admin/orders`);
      expect(await page.getByRole('region', { name: /分店/ }).count()).toBe(0);
      const menu = await adminMenu(page);
      expect(await menu.getByRole('link').allInnerTexts()).not.toContain('分店設定');
      expect(await menu.getByRole('link').allInnerTexts()).not.toContain('菜單');
      await open(server, context, `/t/${plusOne.slug}/admin/settings/branches`, 404);
    } finally {
      await context.close();
    }
  });
});
