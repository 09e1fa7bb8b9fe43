import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember } from '../../support/auth.ts';
import { startAuthServer, type AuthServer } from '../../support/auth-server.ts';
import { createSandboxUser } from '../../support/line-sandbox.ts';
import { createTenant } from '../../support/shops.ts';
import { launchChromium } from '../../support/browser.ts';
import { linkIn, mailsFor } from '../../support/mail.ts';
import { PHONE as PHONE_SIZE, SCREENSHOTS, adminMenu } from '../admin-session.ts';
import { buildWebApp } from '../support.ts';

/**
 * Sign-up, sign-in and the team, in headless Chromium (zh-TW), against the real server with the
 * built web app and the LINE sandbox as LINE. Screenshots in test-results/auth-*.png.
 */

const PHONE = { ...PHONE_SIZE, locale: 'zh-TW' };
const DESKTOP = { viewport: { width: 1280, height: 860 }, locale: 'zh-TW' };
const PASSWORD = '每天都要喝一杯珍奶';

let server: AuthServer;
let browser: Browser;
let webBuild: Awaited<ReturnType<typeof buildWebApp>> | undefined;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  webBuild = await buildWebApp();
  [server, browser] = await Promise.all([startAuthServer('browser_auth'), launchChromium()]);
}, 240_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close();
  await server?.close();
  webBuild?.remove();
});

async function newPage(options: Parameters<Browser['newContext']>[0]): Promise<Page & { errors: string[] }> {
  const context = await browser.newContext(options);
  contexts.push(context);
  const page = (await context.newPage()) as Page & { errors: string[] };
  page.errors = [];
  page.on('pageerror', (error) => page.errors.push(error.message));
  return page;
}

const shot = (page: Page, name: string, fullPage = true) =>
  page.screenshot({ path: join(SCREENSHOTS, `auth-${name}.png`), fullPage });

describe('a merchant signs up with LINE Login and gets a shop', () => {
  it('goes from the landing page through LINE’s consent screen to the shop form and the new admin', async () => {
    await createSandboxUser(server, '林美玲');
    const page = await newPage(PHONE);
    await page.goto(server.baseUrl);
    await page.getByRole('link', { name: '使用 LINE 免費註冊' }).click();
    await page.waitForURL('**/sign-up');
    await page.getByRole('heading', { name: '開一間加一商店' }).waitFor();
    await shot(page, 'sign-up-phone');

    await page.getByRole('button', { name: '使用 LINE 註冊' }).click();
    // LINE's consent screen (the sandbox): pick the LINE user and approve.
    await page.waitForURL(`${server.sandbox.url}/oauth2/v2.1/authorize?**`);
    await page.getByText('林美玲').click();
    await shot(page, 'line-consent-phone');
    await page.getByRole('button', { name: '許可' }).click();

    await page.waitForURL('**/sign-up/shop');
    await page.getByText('已用 LINE 登入：林美玲').waitFor();
    expect(await page.getByLabel('聯絡人').inputValue()).toBe('林美玲');
    expect(await page.getByLabel('商店網址代稱').inputValue()).toMatch(/^shop-[a-z2-9]{6}$/);

    // What is wrong is said next to each field, before anything is sent.
    await page.getByLabel('商店網址代稱').fill('Admin');
    await page.getByRole('button', { name: '建立商店' }).click();
    await page.getByText('請填寫這個欄位。').first().waitFor();
    await page.getByText('這個網址代稱是系統保留字，請換一個。').waitFor();
    await page.getByText('請輸入有效的電話號碼').waitFor();
    await shot(page, 'shop-form-errors-phone');

    await page.getByLabel('公司／商店名稱').fill('美玲的甜點工作室');
    await page.getByLabel('聯絡電話').fill('0912-345-678');
    await page.getByLabel('商店網址代稱').fill('meiling-sweets');
    await page.getByRole('button', { name: '建立商店' }).click();

    await page.waitForURL('**/t/meiling-sweets/admin/orders');
    await page.getByRole('heading', { name: '目前還沒有訂單' }).waitFor();
    await page.locator('.shopbar').getByText('美玲的甜點工作室').waitFor();
    await page.locator('.shopbar').getByText('店主').waitFor();
    await shot(page, 'new-shop-orders-phone');

    const tenant = await server.db.tenant.findUniqueOrThrow({
      where: { slug: 'meiling-sweets' },
      include: { staff: true },
    });
    expect(tenant).toMatchObject({ name: '美玲的甜點工作室', contactName: '林美玲', contactPhone: '0912345678' });
    expect(tenant.staff.map((s) => s.role)).toEqual(['owner']);
    expect(page.errors).toEqual([]);
  });
});

describe('staff sign in with e-mail and password', () => {
  let shop: { id: string; slug: string };

  beforeAll(async () => {
    shop = await createTenant(server.db, 'tea-stand', '阿明茶飲');
    await createMember(server.db, shop.id, {
      role: 'staff',
      displayName: '小華',
      email: 'hua@tea.tw',
      password: PASSWORD,
    });
  });

  it('is sent to sign in, told plainly about a wrong password, and comes back to the page it wanted', async () => {
    const page = await newPage(PHONE);
    await page.goto(`${server.baseUrl}/t/tea-stand/admin/orders`);
    await page.waitForURL('**/sign-in?returnTo=*');
    await page.getByRole('heading', { name: '登入商家後台' }).waitFor();
    await shot(page, 'sign-in-phone');

    await page.getByLabel('電子郵件').fill('hua@tea.tw');
    await page.getByLabel('密碼').fill('猜錯的密碼猜錯的密碼');
    await page.getByRole('button', { name: '登入', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: '電子郵件或密碼不正確。' }).waitFor();
    expect(await page.getByLabel('密碼').inputValue()).toBe('');
    await shot(page, 'sign-in-wrong-password-phone');

    await page.getByLabel('密碼').fill(PASSWORD);
    await page.getByRole('button', { name: '登入', exact: true }).click();
    await page.waitForURL('**/t/tea-stand/admin/orders');
    await page.locator('.shopbar').getByText('小華').waitFor();
    // Staff see the orders, products and customers pages (the last two to view) and their LINE binding, not
    // analytics, the team or the shop's settings.
    expect(await (await adminMenu(page)).getByRole('link').allInnerTexts()).toEqual([
      '商品管理',
      // Every member binds their own LINE account there.
      'LINE 設定',
      '訂單管理',
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
      '線上客服',
    ]);
    await page.keyboard.press('Escape');

    // The session cookie is httpOnly: the page's scripts cannot read it.
    expect(await page.evaluate(() => document.cookie)).not.toContain('jiayi_session');
    // A state-changing call without the CSRF token is refused, even from the page itself.
    const forged = await page.evaluate(async () => {
      const response = await fetch('/api/auth/sign-out', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      return response.status;
    });
    expect(forged).toBe(403);

    await page.getByRole('button', { name: '登出' }).click();
    await page.waitForURL('**/sign-in?signedOut=1');
    await page.getByText('你已登出。').waitFor();
    await page.goto(`${server.baseUrl}/t/tea-stand/admin/orders`);
    await page.waitForURL('**/sign-in?returnTo=*');
    expect(page.errors).toEqual([]);
  });

  it('after five wrong passwords, says to wait', async () => {
    await createMember(server.db, shop.id, { role: 'staff', email: 'locked@tea.tw', password: PASSWORD });
    const page = await newPage(DESKTOP);
    await page.goto(`${server.baseUrl}/sign-in`);
    await page.getByLabel('電子郵件').fill('locked@tea.tw');
    for (let i = 0; i < 5; i++) {
      await page.getByLabel('密碼').fill(`wrong password ${i}`);
      await page.getByRole('button', { name: '登入', exact: true }).click();
      await page.getByRole('alert').filter({ hasText: '電子郵件或密碼不正確。' }).waitFor();
    }
    await page.getByLabel('密碼').fill(PASSWORD);
    await page.getByRole('button', { name: '登入', exact: true }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: /嘗試次數過多，請 1[45] 分鐘後再試。/ })
      .waitFor();
    await shot(page, 'sign-in-locked-desktop', false);
    await server.db.rateLimitBucket.deleteMany();
  });
});

describe('the owner invites a member and edits their role', () => {
  let owner: Page & { errors: string[] };
  let inviteUrl: string;

  beforeAll(async () => {
    const shop = await createTenant(server.db, 'flower-corner', '轉角花店');
    await createMember(server.db, shop.id, {
      role: 'owner',
      displayName: '花店老闆',
      email: 'boss@flower.tw',
      password: PASSWORD,
    });
    owner = await newPage(DESKTOP);
    await owner.goto(`${server.baseUrl}/sign-in`);
    await owner.getByLabel('電子郵件').fill('boss@flower.tw');
    await owner.getByLabel('密碼').fill(PASSWORD);
    await owner.getByRole('button', { name: '登入', exact: true }).click();
    await owner.waitForURL('**/t/flower-corner/admin/orders');
  });

  it('makes a single-use invitation link for a staff member who may only look at orders', async () => {
    await owner.getByRole('link', { name: '團隊' }).click();
    await owner.waitForURL('**/t/flower-corner/admin/team');
    await owner.getByRole('heading', { level: 1, name: '團隊成員' }).waitFor();
    await owner.getByLabel('受邀者的名稱').fill('小張');
    await owner.locator('label.role').filter({ hasText: '員工' }).first().click();
    await owner.locator('select[name="invite-orders"]').selectOption('view');
    await owner.getByRole('button', { name: '產生邀請連結' }).click();
    const link = owner.locator('.created input');
    await link.waitFor();
    inviteUrl = await link.inputValue();
    // The token rides in the fragment: browsers never send it, so no log or Referer ever holds it.
    expect(inviteUrl).toMatch(new RegExp(`^${server.baseUrl}/invite#[\\w-]{43}$`));
    await owner.locator('[data-invitation-id]').filter({ hasText: '小張' }).waitFor();
    await shot(owner, 'team-invite-desktop');
  });

  it('the invitee opens the link on a phone, makes an account and lands in the shop', async () => {
    const invitee = await newPage(PHONE);
    await invitee.goto(inviteUrl);
    await invitee.getByRole('heading', { name: '加入「轉角花店」' }).waitFor();
    expect(new URL(invitee.url()).hash).toBe(''); // taken off the address bar once read
    await invitee.getByText('花店老闆 邀請「小張」以員工身分加入商店後台。').waitFor();
    expect(await invitee.locator('[data-page="orders"]').getAttribute('data-access')).toBe('view');
    expect(await invitee.locator('[data-page="dashboard"]').getAttribute('data-access')).toBe('none');
    await shot(invitee, 'invite-phone');

    await invitee.getByLabel('電子郵件').fill('chang@flower.tw');
    await invitee.getByLabel('密碼').fill('short');
    await invitee.getByRole('button', { name: '建立帳號並加入' }).click();
    await invitee.getByText('密碼至少需要 10 個字元。').waitFor();
    await invitee.getByLabel('密碼').fill('玫瑰是紅的紫羅蘭是藍的');
    await invitee.getByRole('button', { name: '建立帳號並加入' }).click();
    // No account yet: the address is confirmed first, by the link in the e-mail sent to it.
    await invitee.getByText('我們已寄一封信到 chang@flower.tw', { exact: false }).waitFor();
    await shot(invitee, 'invite-check-mailbox-phone');
    const [mail] = await mailsFor('chang@flower.tw');
    await invitee.goto(linkIn(mail!));
    await invitee.getByRole('heading', { name: '完成加入' }).waitFor();
    await expect.poll(() => new URL(invitee.url()).hash).toBe(''); // off the address bar once read
    await shot(invitee, 'invite-confirm-phone');
    await invitee.getByRole('button', { name: '建立帳號並加入' }).click();
    await invitee.waitForURL('**/t/flower-corner/admin/orders');
    await invitee.locator('.shopbar').getByText('員工').waitFor();

    // The link worked once.
    const again = await newPage(PHONE);
    await again.goto(inviteUrl);
    await again.getByText('這個邀請連結已經使用過了。').waitFor();

    // Another shop's admin, with this session: not found.
    await createTenant(server.db, 'someone-else', '別人的店');
    const response = await invitee.goto(`${server.baseUrl}/t/someone-else/admin/orders`);
    expect(response?.status()).toBe(404);
    await invitee.getByText('找不到這個商店，請確認網址是否正確。').waitFor();
    expect(invitee.errors).toEqual([]);
  });

  it('the owner makes them a manager; their next page shows the team', async () => {
    await owner.reload();
    const card = owner.locator('li.card').filter({ hasText: '小張' });
    await card.getByRole('button', { name: '編輯權限' }).click();
    await card.locator('label.role').filter({ hasText: '管理員' }).click();
    // A whole menu group at once, then one page of another group on its own.
    await card.getByRole('combobox', { name: '營運報表：整組設定' }).selectOption('manage');
    await card.locator('select[name$="-members/points"]').selectOption('none');
    await shot(owner, 'team-permission-editor-desktop');
    await card.getByRole('button', { name: '儲存' }).click();
    await owner.getByRole('status').filter({ hasText: '已更新 小張 的角色與權限。' }).waitFor();
    await card.locator('[data-role="manager"]').first().waitFor();
    await owner.locator('.audit [data-action="team.member_update"]').first().waitFor();
    await shot(owner, 'team-after-role-edit-desktop');

    const member = await server.db.staff.findFirstOrThrow({ where: { displayName: '小張' } });
    expect(member.role).toBe('manager');
    expect(member.permissions).toMatchObject({
      dashboard: 'manage',
      'reports/transactions': 'manage',
      'reports/daily': 'manage',
      'members/points': 'none',
      'members/tiers': 'manage',
      team: 'view',
    });

    const phone = await newPage(PHONE);
    await phone.goto(`${server.baseUrl}/sign-in`);
    await phone.getByLabel('電子郵件').fill('chang@flower.tw');
    await phone.getByLabel('密碼').fill('玫瑰是紅的紫羅蘭是藍的');
    await phone.getByRole('button', { name: '登入', exact: true }).click();
    await phone.waitForURL('**/t/flower-corner/admin/orders');
    const menu = await adminMenu(phone);
    await menu.getByRole('link', { name: '交易明細' }).waitFor();
    expect(await menu.getByRole('link', { name: '點數規則設定' }).count()).toBe(0);
    await menu.getByRole('link', { name: '團隊' }).click();
    await phone.getByText('你可以查看團隊；只有店主能邀請成員與編輯角色。').waitFor();
    expect(await phone.getByRole('button', { name: '產生邀請連結' }).count()).toBe(0);
    await shot(phone, 'team-manager-view-phone');
    // A page turned off is refused, even though its neighbours read the same members.
    const refused = await phone.goto(`${server.baseUrl}/t/flower-corner/admin/members/points`);
    expect(refused?.status()).toBe(403);
    await phone.getByText('你沒有這個頁面的權限，請向店主申請。').waitFor();
    expect(owner.errors).toEqual([]);
  });
});
