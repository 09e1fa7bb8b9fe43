import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumLineHostArgs } from '../../../sandbox/line/tls-front.ts';
import { authConfigOf, signedInMember } from '../../support/auth.ts';
import { launchChromium, sessionCookie } from '../../support/browser.ts';
import { createSandboxUser } from '../../support/line-sandbox.ts';
import { openRestaurant, type TestRestaurant } from '../../support/restaurant-orders.ts';
import { startStack, type Stack } from '../../support/stack.ts';
import { hydrated, PHONE, SCREENSHOTS } from '../admin-session.ts';

/**
 * 打卡 in the shop's LIFF app, through the LINE sandbox's LIFF and login: a staff member bound to
 * their LINE account clocks in on a phone that shares its location (a few metres from 信義店),
 * and the owner's 打卡出勤管理 shows the shift; a customer who is not staff is told why not.
 */
let stack: Stack;
let browser: Browser;
let shop: TestRestaurant;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  stack = await startStack();
  browser = await launchChromium(chromiumLineHostArgs(stack.sandboxTlsPort));
  shop = await openRestaurant(stack, '2300017301');
  await stack.db.branch.update({ where: { id: shop.branchId }, data: { latitude: 25.033, longitude: 121.5654 } });
}, 240_000);
afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close();
  await stack?.stop();
});

async function phoneAt(latitude: number, longitude: number) {
  const context = await browser.newContext({ ...PHONE, locale: 'zh-TW', geolocation: { latitude, longitude } });
  contexts.push(context);
  await context.grantPermissions(['geolocation'], { origin: stack.apiUrl });
  const page = await context.newPage();
  // Script errors only: the LIFF SDK's own optional loads are refused by the page's CSP offline.
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return { page, errors };
}

async function signInWithLine(page: Awaited<ReturnType<typeof phoneAt>>['page'], name: string) {
  await page.goto(`${stack.apiUrl}/shop/${shop.tenant.slug}/clock`);
  await page.getByRole('heading', { name: '員工打卡', level: 1 }).waitFor();
  await hydrated(page);
  await page.getByRole('button', { name: '用 LINE 登入' }).click();
  await page.waitForURL('https://access.line.me/liff/v1/authorize?**');
  await page.getByText(name).click();
  await page.getByRole('button', { name: '許可' }).click();
  await page.getByText(`嗨，${name}`).waitFor();
}

describe('打卡 in LIFF', () => {
  it('a bound staff member clocks in on a phone at the branch; the owner sees the shift', async () => {
    const name = `阿哲${String(Date.now()).slice(-4)}`;
    const lineUserId = await createSandboxUser(stack, name);
    const member = await signedInMember(stack.db, authConfigOf(stack.env), shop.tenant.id, {
      role: 'staff',
      displayName: name,
    });
    await stack.db.staff.update({ where: { id: member.staffId }, data: { lineUserId } });

    const { page, errors } = await phoneAt(25.0331, 121.5655);
    await signInWithLine(page, name);
    await page.getByText('目前沒有上班中的紀錄').waitFor();
    await page.getByRole('button', { name: '上班打卡' }).click();
    const notice = page.getByRole('status');
    await notice.getByText(`上班打卡成功：${name}`, { exact: false }).waitFor();
    await expect(notice.innerText()).resolves.toMatch(/已確認位置：在「信義店」附近（\d+ 公尺）/);
    await page.getByText(/上班中（\d\d:\d\d 起）/).waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'liff-clock-in-phone.png'), fullPage: true });
    const shift = await stack.db.attendanceShift.findFirstOrThrow({
      where: { tenantId: shop.tenant.id, staffId: member.staffId },
    });
    expect(shift).toMatchObject({ inVia: 'line', clockOutAt: null });
    expect(shift.inDistanceM).toBeLessThan(50);
    // The same tap again: already in, said plainly.
    await page.getByRole('button', { name: '上班打卡' }).click();
    await notice.getByText('已經打過上班卡', { exact: false }).waitFor();
    expect(errors).toEqual([]);

    const admin = await browser.newContext({ ...PHONE, locale: 'zh-TW' });
    contexts.push(admin);
    await admin.addCookies([sessionCookie(shop.owner, stack.apiUrl)]);
    const owner = await admin.newPage();
    await owner.goto(`${stack.apiUrl}/t/${shop.tenant.slug}/admin/attendance`);
    await owner.getByRole('heading', { name: '打卡出勤管理', level: 1 }).waitFor();
    const card = owner.locator('ul.cards li').filter({ hasText: name }).first();
    await card.waitFor();
    await expect(card.innerText()).resolves.toMatch(/\d\d:\d\d – —/);
  });

  it('a customer who is not staff is told to bind LINE first, and nothing is recorded', async () => {
    const name = `路人${String(Date.now()).slice(-4)}`;
    await createSandboxUser(stack, name);
    const { page } = await phoneAt(25.0331, 121.5655);
    await signInWithLine(page, name);
    await page.getByRole('alert').getByText('還沒有綁定為這家店的員工', { exact: false }).waitFor();
    expect(await page.getByRole('button', { name: '上班打卡' }).count()).toBe(0);
  });
});
