import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { joinMember } from '../../../db/members/members.ts';
import { PRIVACY_NOTICE_VERSION } from '../../../domain/members/member-profile.ts';
import { authConfigOf, signedInMember, type TestMember, type TestSession } from '../../support/auth.ts';
import { launchChromium, sessionCookie } from '../../support/browser.ts';
import { createSandboxUser, sandboxPost } from '../../support/line-sandbox.ts';
import { createTestTenant, type TestTenant } from '../../support/shops.ts';
import { startStack, type Stack } from '../../support/stack.ts';
import { PHONE, SCREENSHOTS, hydrated, watchErrors } from '../admin-session.ts';

/**
 * 發券 on a phone: the marketer opens the sheet from a coupon in 優惠券管理, picks a tag, reads
 * the preview (members, holders, LINE reach, the month's messages left), sends and watches the
 * LINE coupon cards go out; then pastes a list and sees its unknown lines, picks members by
 * search, and meets the month's quota, where only 只發券 is offered. Screenshots in
 * test-results/manual-coupons-*.png.
 */
let stack: Stack;
let browser: Browser;
let shop: TestTenant;
let owner: TestMember & TestSession;
const contexts: BrowserContext[] = [];

async function member(name: string, phone: string) {
  const lineUserId = await createSandboxUser(stack, name);
  const customer = await stack.db.customer.create({ data: { tenantId: shop.id, lineUserId, displayName: name } });
  const { memberId } = await joinMember(stack.db, shop.id, customer.id, {
    phone,
    birthday: null,
    gender: 'female',
    consent: true,
    consentVersion: PRIVACY_NOTICE_VERSION,
  });
  return { memberId, lineUserId };
}

beforeAll(async () => {
  stack = await startStack();
  browser = await launchChromium();
  shop = await createTestTenant(stack, { products: [] });
  owner = await signedInMember(stack.db, authConfigOf(stack.env), shop.id, { role: 'owner' });
  const regulars = [await member('王小美', '0922000111'), await member('陳大文', '0922000222')];
  await member('林阿姨', '0922000333');
  const tag = await stack.db.memberTag.create({ data: { tenantId: shop.id, name: '熟客', kind: 'manual' } });
  await stack.db.memberTagLink.createMany({
    data: regulars.map((m) => ({ tenantId: shop.id, tagId: tag.id, memberId: m.memberId })),
  });
  await stack.db.coupon.create({
    data: {
      tenantId: shop.id,
      name: '熟客回饋 折 80',
      rule: {
        value: { kind: 'amount', amount: 80 },
        scope: { itemIds: null, categoryIds: null, excludedItemIds: [] },
        minSpend: 400,
        stacks: false,
      },
      validDays: 30,
    },
  });
}, 240_000);
afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close();
  await stack?.stop();
});

const shot = (page: Page, name: string) => page.screenshot({ path: join(SCREENSHOTS, `manual-coupons-${name}.png`) });
const fitsPhone = async (page: Page) =>
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

async function setQuota(monthlyQuota: number) {
  const channels = (await (await fetch(`${stack.sandboxUrl}/_sandbox/channels`)).json()) as {
    channelId: string;
    botUserId: string;
  }[];
  await sandboxPost(stack, '/_sandbox/channels', {
    channelId: shop.channelId,
    channelSecret: shop.channelSecret,
    channelAccessToken: shop.channelAccessToken,
    botUserId: channels.find((c) => c.channelId === shop.channelId)!.botUserId,
    webhookUrl: `${stack.apiUrl}/t/${shop.slug}/webhook`,
    monthlyQuota,
  });
}

describe('發券 on a phone', () => {
  it('issues to a tag with a preview and progress, reports a list’s unknown lines, and offers only 只發券 over the quota', async () => {
    const context = await browser.newContext({ ...PHONE, locale: 'zh-TW' });
    contexts.push(context);
    await context.addCookies([sessionCookie(owner, stack.apiUrl)]);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${stack.apiUrl}/t/${shop.slug}/admin/promotions/coupons`);
    await page.getByRole('heading', { name: '優惠券管理', level: 1 }).waitFor();
    await hydrated(page);
    const card = page.locator('li[data-coupon="熟客回饋 折 80"]');
    const open = async () => {
      await card.getByRole('button', { name: '發券' }).click();
      const sheet = page.getByRole('dialog', { name: '發券：熟客回饋 折 80' });
      await sheet.waitFor();
      return sheet;
    };

    // A tag: preview, then the cards going out.
    let sheet = await open();
    expect(await sheet.getByLabel('選擇標籤').locator('option').allTextContents()).toEqual([
      '全部會員（3 人）',
      '熟客（2 人）',
    ]);
    await sheet.getByLabel('選擇標籤').selectOption({ label: '熟客（2 人）' });
    await shot(page, 'choose-phone');
    await fitsPhone(page);
    await sheet.getByRole('button', { name: '預覽' }).click();
    const stats = sheet.getByLabel('預覽');
    await stats.waitFor();
    const stat = (name: string) => stats.locator('div', { has: page.getByText(name, { exact: true }) }).locator('dd');
    expect(await stat('符合的會員').textContent()).toBe('2 人');
    expect(await stat('已持有這張券（略過）').textContent()).toBe('0 人');
    expect(await stat('這次發出').textContent()).toBe('2 張');
    expect(await stat('可收到 LINE 訊息').textContent()).toBe('2 人');
    expect((await stat('本月 LINE 訊息剩餘').textContent())?.trim()).toBe('不限');
    expect(await sheet.getByLabel('同時用 LINE 傳優惠券訊息給會員').isChecked()).toBe(true);
    await shot(page, 'preview-phone');
    await fitsPhone(page);
    await sheet.getByRole('button', { name: '確認發券' }).click();
    await sheet.getByText('發券完成').waitFor();
    await sheet.getByText('LINE 訊息已送出 2 / 2').waitFor();
    await sheet.getByText('已發出 2 張，0 位已持有而略過').waitFor();
    await shot(page, 'done-phone');
    await fitsPhone(page);
    await sheet.getByRole('button', { name: '關閉' }).click();
    await expect.poll(() => card.textContent()).toContain('已發 2 張');

    // A pasted list: one member known by phone, one line nobody.
    sheet = await open();
    await sheet.getByText('上傳名單').click();
    await sheet.getByLabel('或直接貼上名單').fill('0922-000-333\nhello');
    await sheet.getByText('名單共 2 行').waitFor();
    await sheet.getByRole('button', { name: '預覽' }).click();
    await sheet.getByText('名單中有 1 行找不到本店會員').waitFor();
    await sheet.getByText('第 2 行：hello').waitFor();
    expect(await sheet.getByLabel('預覽').locator('dd').first().textContent()).toBe('1 人');
    await shot(page, 'list-phone');
    await fitsPhone(page);

    // Chosen members by search; the month's quota cannot take the cards: only 只發券.
    await sheet.getByRole('button', { name: '返回修改' }).click();
    await sheet.getByText('指定會員').click();
    await sheet.getByRole('searchbox').fill('林阿姨');
    await sheet.getByRole('button', { name: '搜尋' }).click();
    await sheet.getByRole('checkbox', { name: /林阿姨/ }).check();
    await sheet.getByText('已選 1 位').waitFor();
    const used = (await (
      await fetch(`${stack.sandboxUrl}/v2/bot/message/quota/consumption`, {
        headers: { authorization: `Bearer ${shop.channelAccessToken}` },
      })
    ).json()) as { totalUsage: number };
    await setQuota(used.totalUsage);
    await sheet.getByRole('button', { name: '預覽' }).click();
    await sheet
      .getByRole('alert')
      .getByText(/本月的 LINE 訊息額度只剩 0 則/)
      .waitFor();
    expect(await sheet.getByRole('button', { name: '確認發券' }).count()).toBe(0);
    await shot(page, 'over-quota-phone');
    await fitsPhone(page);
    await sheet.getByRole('button', { name: '只發券', exact: true }).click();
    await sheet.getByText('發券完成').waitFor();
    expect(await sheet.getByText(/LINE 訊息已送出/).count()).toBe(0);
    await sheet.getByRole('button', { name: '關閉' }).click();
    await expect.poll(() => card.textContent()).toContain('已發 3 張');
    expect(errors).toEqual([]);
  }, 180_000);
});
