import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authConfigOf, signedInMember } from '../../support/auth.ts';
import { launchChromium, sessionCookie } from '../../support/browser.ts';
import { startStack, waitFor, type Stack } from '../../support/stack.ts';
import { createSandboxUser, sandboxPost, sendChat, sentTo } from '../../support/line-sandbox.ts';
import { chatOrder, createTestTenant, type TestTenant } from '../../support/shops.ts';
import { hydrated, PHONE, SCREENSHOTS, watchErrors } from '../admin-session.ts';
import { buildWebApp } from '../support.ts';

/**
 * The order page in a real Chromium against the whole product (sandbox, API with the built web
 * app, Temporal worker): a "+2" typed in LINE becomes an order; the merchant finds it in the
 * list (the filter kept in the address), opens it, ships it with a tracking number through the
 * workflow (a bad one is refused with the workflow's reason), adds a note and pushes the
 * 出貨完成 template, which reaches the customer's LINE chat once however fast they double-click.
 * Screenshots (390 px phone, desktop) go to test-results/.
 */

const DESKTOP = { viewport: { width: 1280, height: 900 } };

let stack: Stack;
let browser: Browser;
let tenant: TestTenant;
let webBuild: Awaited<ReturnType<typeof buildWebApp>> | undefined;
let owner: Awaited<ReturnType<typeof signedInMember>>;
let customer: string;
let order: { id: string; number: string };

beforeAll(async () => {
  webBuild = await buildWebApp();
  [stack, browser] = await Promise.all([startStack(), launchChromium()]);
  tenant = await createTestTenant(stack, {
    products: [{ code: '261122001', name: '手工草莓果醬', price: 350, stock: 30 }],
  });
  await stack.db.tenant.update({ where: { id: tenant.id }, data: { name: '美玲的手作小舖' } });
  owner = await signedInMember(stack.db, authConfigOf(stack.env), tenant.id, { role: 'owner', displayName: '美玲' });
  // A customer's "+2" in the chat: the order and the chat's own answer are in before the merchant acts.
  ({ customer, order } = await chatOrder(stack, tenant, '王小明', '+2'));
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  webBuild?.remove();
});

async function signedIn(options: Parameters<Browser['newContext']>[0]): Promise<BrowserContext> {
  const context = await browser.newContext({ locale: 'zh-TW', ...options });
  await context.addCookies([sessionCookie(owner, stack.apiUrl)]);
  return context;
}

const pushesToCustomer = async () => (await sentTo(stack, tenant, customer)).filter((m) => m.kind === 'push');

describe('the order page (/t/:tenant/admin/orders/:orderNumber)', () => {
  it('on a phone: open from the filtered list, ship with a tracking number, a refused change, a note, a template push', async () => {
    const context = await signedIn(PHONE);
    try {
      const page = await context.newPage();
      const errors = watchErrors(page);
      const numberPart = order.number.slice(-6);
      await page.goto(`${stack.apiUrl}/t/${tenant.slug}/admin/orders`);
      await page.getByRole('heading', { name: '訂單管理' }).waitFor();
      await page.locator('[data-connection="live"]').waitFor(); // the page is running, not just rendered

      // Search and status go into the address; a reload keeps them.
      await page.getByRole('searchbox').fill(numberPart);
      await page.getByRole('button', { name: '已購買' }).click();
      await page.waitForURL(
        (url) => url.searchParams.get('q') === numberPart && url.searchParams.get('status') === 'confirmed',
      );
      await page.reload();
      await page.locator('[data-connection="live"]').waitFor();
      await expect(page.getByRole('searchbox').inputValue()).resolves.toBe(numberPart);
      await expect(page.getByRole('button', { name: '已購買' }).getAttribute('aria-pressed')).resolves.toBe('true');
      const card = page.locator(`li.card[data-order-id="${order.id}"]`);
      await card.waitFor();

      // The row opens the order page.
      await card.getByRole('link', { name: order.number }).click();
      await page.waitForURL(`**/admin/orders/${order.number}`);
      await page.getByRole('heading', { level: 1, name: `訂單 ${order.number}` }).waitFor();
      const items = (await page.locator('table.items').innerText()).replace(/\s+/g, ' ');
      expect(items).toContain('手工草莓果醬 × 2');
      expect(items).toContain('NT$700');
      await expect(page.locator('#customer-title ~ .who').innerText()).resolves.toContain('王小明');
      const customerLink = page.getByRole('link', { name: '查看顧客資料' });
      expect(await customerLink.getAttribute('href')).toMatch(
        new RegExp(`^/t/${tenant.slug}/admin/customers/[0-9a-f-]{36}$`),
      );
      expect(await page.getByRole('link', { name: /在 Temporal 查看流程/ }).getAttribute('href')).toContain(
        encodeURIComponent(`order:${tenant.id}:line:`),
      );
      // Only the statuses the machine allows from 已購買 are offered.
      const status = page.getByLabel('變更為');
      const offered = await status.locator('option:not([disabled])').allTextContents();
      expect(offered).toEqual(['未購入', '已支付', '已出貨', '已售完/取消', '其他/請諮詢']);

      // A tracking number the workflow refuses: its reason, and nothing changes.
      await status.selectOption('shipped');
      await page.getByLabel('物流單號').fill('TW 123/456');
      await page.getByRole('button', { name: '更新狀態' }).click();
      const refusal = page.locator('#order-status-title ~ [role="alert"]');
      await refusal.waitFor();
      await expect(refusal.innerText()).resolves.toContain('物流單號格式不正確');
      expect((await stack.db.order.findUniqueOrThrow({ where: { id: order.id } })).status).toBe('confirmed');

      await page.getByLabel('物流單號').fill('TW123456789');
      await page.getByRole('button', { name: '更新狀態' }).click();
      await page.getByText('狀態已更新為「已出貨」').waitFor();
      await page.getByText('物流單號：TW123456789').first().waitFor();
      await page.locator('[data-event-type="status_changed"]').getByText('狀態變更：已購買 → 已出貨').waitFor();
      expect(await stack.db.order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({
        status: 'shipped',
        trackingNumber: 'TW123456789',
      });

      // An internal note.
      await page.getByLabel('新增備註').fill('顧客希望週末到貨，已電話確認地址');
      await page.getByRole('button', { name: '新增備註' }).click();
      const note = page.locator('#order-notes-title ~ ol li').first();
      await note.waitFor();
      await expect(note.innerText()).resolves.toMatch(
        /顧客希望週末到貨，已電話確認地址\s+美玲 · \d{4}\/\d{2}\/\d{2} \d{2}:\d{2}/,
      );

      // The 出貨完成 template, previewed as sent; a double click pushes once.
      await page.locator('select[name="template"]').selectOption('shipped');
      const preview = await page.getByTestId('message-preview').innerText();
      expect(preview).toContain('王小明 您好，您的訂單');
      expect(preview).toContain('物流單號：TW123456789');
      expect(preview).toContain('美玲的手作小舖 敬上');
      await page.getByRole('button', { name: '傳送給顧客' }).dblclick();
      await page.getByText('已傳送給 王小明').waitFor({ timeout: 20_000 });
      await page.locator('[data-event-type="customer_messaged"]').waitFor();
      const pushes = await pushesToCustomer();
      expect(pushes).toHaveLength(1);
      expect(pushes[0]!.messages).toEqual([{ type: 'text', text: preview }]);
      expect(pushes[0]!.retryKey).toBeTruthy();

      await page.screenshot({ path: join(SCREENSHOTS, 'admin-order-detail-phone.png'), fullPage: true });

      // Back to the list: the filter is still there.
      await page.goBack();
      await page.waitForURL((url) => url.searchParams.get('q') === numberPart);
      await expect(page.getByRole('searchbox').inputValue()).resolves.toBe(numberPart);
      // The refused change's 409 is the only failed request.
      expect(errors).toEqual(['Failed to load resource: the server responded with a status of 409 (Conflict)']);
    } finally {
      await context.close();
    }
  });

  it('on a desktop: the page follows a change made elsewhere, and a cancelled order offers no change', async () => {
    const context = await signedIn(DESKTOP);
    try {
      const page = await context.newPage();
      const errors = watchErrors(page);
      await page.goto(`${stack.apiUrl}/t/${tenant.slug}/admin/orders/${order.number}`);
      await page.getByRole('heading', { level: 1, name: `訂單 ${order.number}` }).waitFor();
      // The page listens for changes before one is made.
      await page.locator('[data-live="true"]').waitFor();

      // Someone else adds a note through the API: this page shows it without a reload.
      const response = await fetch(`${stack.apiUrl}/api/t/${tenant.slug}/orders/${order.number}/notes`, {
        method: 'POST',
        headers: { ...owner.headers, 'content-type': 'application/json' },
        body: JSON.stringify({ body: '另一位店員：已寄出，請留意簽收' }),
      });
      expect(response.status).toBe(201);
      await page.getByText('另一位店員：已寄出，請留意簽收').waitFor({ timeout: 10_000 });
      await page.screenshot({ path: join(SCREENSHOTS, 'admin-order-detail-desktop.png'), fullPage: true });

      // 已出貨 → 其他/請諮詢 → 已售完/取消: then there is nothing left to choose.
      const status = page.getByLabel('變更為');
      await status.selectOption('needs_attention');
      await page.getByRole('button', { name: '更新狀態' }).click();
      await page.getByText('狀態已更新為「其他/請諮詢」').waitFor();
      await status.selectOption('cancelled');
      await page.getByRole('button', { name: '更新狀態' }).click();
      await page.getByText('這筆訂單已取消，不能再變更狀態。').waitFor();
      expect(await page.getByLabel('變更為').count()).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a member who may only look at orders sees the order, its notes and history, and no forms', async () => {
    const viewer = await signedInMember(stack.db, authConfigOf(stack.env), tenant.id, {
      role: 'staff',
      displayName: '小幫手',
      permissions: { orders: 'view' },
    });
    const context = await browser.newContext({ locale: 'zh-TW', ...PHONE });
    try {
      await context.addCookies([sessionCookie(viewer, stack.apiUrl)]);
      // An open order (the first one is cancelled by now), with a note from the owner.
      const delivery = await sendChat(stack, tenant, await createSandboxUser(stack, '周小姐'), '+1');
      const open = await waitFor('the second order', () =>
        stack.db.order
          .findFirst({
            where: { tenantId: tenant.id, sourceEventId: delivery.webhookEventId },
            select: { number: true },
          })
          .then((o) => o ?? undefined),
      );
      const noted = await fetch(`${stack.apiUrl}/api/t/${tenant.slug}/orders/${open.number}/notes`, {
        method: 'POST',
        headers: { ...owner.headers, 'content-type': 'application/json' },
        body: JSON.stringify({ body: '老客人，記得附贈品' }),
      });
      expect(noted.status).toBe(201);
      const page = await context.newPage();
      await page.goto(`${stack.apiUrl}/t/${tenant.slug}/admin/orders/${open.number}`);
      await page.getByRole('heading', { level: 1, name: `訂單 ${open.number}` }).waitFor();
      await page.locator('[data-live="true"]').waitFor();
      await page.getByText('老客人，記得附贈品').waitFor();
      await page.locator('[data-event-type="created"]').waitFor();
      await page.locator('[data-status="confirmed"]').first().waitFor();
      expect(await page.getByRole('button', { name: '更新狀態' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: '傳送給顧客' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: '新增備註' }).count()).toBe(0);
    } finally {
      await context.close();
    }
  });
  it('a customer who blocked the shop is marked, told about, and cannot be sent a message', async () => {
    const blocked = await createSandboxUser(stack, '林先生');
    const delivery = await sendChat(stack, tenant, blocked, '+1');
    const theirs = await waitFor('the blocked customer’s order', () =>
      stack.db.order
        .findFirst({ where: { tenantId: tenant.id, sourceEventId: delivery.webhookEventId }, select: { number: true } })
        .then((o) => o ?? undefined),
    );
    await waitFor('the order answer', async () =>
      (await sentTo(stack, tenant, blocked)).length > 0 ? true : undefined,
    );
    await stack.db.customer.update({
      where: { tenantId_lineUserId: { tenantId: tenant.id, lineUserId: blocked } },
      data: { blockedAt: new Date() },
    });
    const context = await signedIn(PHONE);
    try {
      const page = await context.newPage();
      await page.goto(`${stack.apiUrl}/t/${tenant.slug}/admin/orders/${theirs.number}`);
      await page.getByRole('heading', { level: 1, name: `訂單 ${theirs.number}` }).waitFor();
      await page.locator('[data-blocked="true"]').waitFor();
      await expect(page.locator('[data-blocked="true"]').innerText()).resolves.toBe('已封鎖本店');
      await page.getByText('這位顧客已封鎖本店的 LINE 官方帳號，訊息無法送達。').waitFor();
      expect(await page.getByRole('button', { name: '傳送給顧客' }).isDisabled()).toBe(true);
      await page.screenshot({ path: join(SCREENSHOTS, 'admin-order-detail-blocked-phone.png'), fullPage: true });
      // Only the chat's own answer ever reached them.
      expect((await sentTo(stack, tenant, blocked)).filter((m) => m.kind === 'push')).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('an order LINE refused to answer is listed under 需要處理 with the reason, and the shop sets when to be told', async () => {
    for (const path of ['/v2/bot/message/reply', '/v2/bot/message/push'])
      await sandboxPost(stack, '/_sandbox/faults', { path, mode: 'error401' });
    const refusedCustomer = await createSandboxUser(stack, '李小姐');
    let theirs: { number: string };
    try {
      const delivery = await sendChat(stack, tenant, refusedCustomer, '+1');
      theirs = await waitFor('the refused order', () =>
        stack.db.order
          .findFirst({
            where: { tenantId: tenant.id, sourceEventId: delivery.webhookEventId },
            select: { number: true },
          })
          .then((o) => o ?? undefined),
      );
      const context = await signedIn(PHONE);
      try {
        const page = await context.newPage();
        const errors = watchErrors(page);
        await page.goto(`${stack.apiUrl}/t/${tenant.slug}/admin/orders`);
        const panel = page.locator('section.attention[data-attention-count]');
        // The flag comes once the workflow's answer was refused: reload until the panel lists it
        // (reading a panel that is not there yet would wait out the locator's own timeout).
        await waitFor(
          'the attention panel',
          async () => {
            if (!(await panel.isVisible())) {
              await page.reload();
              if (!(await panel.isVisible())) return undefined;
            }
            return (await panel.innerText()).includes(theirs.number) ? true : undefined;
          },
          60_000,
        );
        await expect(panel.getByRole('heading').innerText()).resolves.toMatch(/^\d+ 筆訂單需要處理$/);
        await expect(panel.innerText()).resolves.toContain(
          '「回覆顧客」沒有完成：LINE 不接受本店的 Channel access token',
        );
        await page.screenshot({ path: join(SCREENSHOTS, 'admin-orders-attention-phone.png'), fullPage: true });
        await panel.getByRole('link', { name: theirs.number }).click();
        await page.waitForURL(`**/admin/orders/${theirs.number}`);
        await page.getByText('這筆訂單需要處理').waitFor();

        // 訂單設定: the same rule as the server, next to the field; a good value is kept.
        await page.goto(`${stack.apiUrl}/t/${tenant.slug}/admin/settings/orders`);
        await hydrated(page);
        const threshold = page.getByLabel('卡單提醒（分鐘）');
        await threshold.fill('0');
        await page.getByRole('button', { name: '儲存' }).click();
        await page.getByText('提醒時間最少 1 分鐘').waitFor();
        await threshold.fill('5');
        await page.getByRole('button', { name: '儲存' }).click();
        await page.getByRole('status').getByText('已儲存').waitFor();
        await page.screenshot({ path: join(SCREENSHOTS, 'admin-order-settings-phone.png'), fullPage: true });
        const stored = await stack.db.tenant.findUniqueOrThrow({ where: { id: tenant.id } });
        expect(stored).toMatchObject({ attentionAfterMinutes: 5, reservationHoldMinutes: 1440 });
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    } finally {
      await fetch(`${stack.sandboxUrl}/_sandbox/faults`, { method: 'DELETE' });
    }
  }, 120_000);

  it('pages and API answers carry a Content-Security-Policy that forbids framing; the reference keeps its own', async () => {
    const cookie = `${owner.cookieName}=${owner.token}`;
    const page = await fetch(`${stack.apiUrl}/t/${tenant.slug}/admin/orders`, { headers: { cookie } });
    expect(page.status).toBe(200);
    const pageCsp = page.headers.get('content-security-policy') ?? '';
    expect(pageCsp).toContain("frame-ancestors 'none'");
    expect(pageCsp).toMatch(/script-src 'self' 'nonce-[^']+'/);
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');

    const api = await fetch(`${stack.apiUrl}/api/t/${tenant.slug}/orders`, { headers: { cookie } });
    expect(api.status).toBe(200);
    expect(api.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(api.headers.get('x-frame-options')).toBe('DENY');

    const docs = await fetch(`${stack.apiUrl}/api/docs`);
    expect(docs.headers.get('content-security-policy')).toContain("default-src 'self'");
  });
});
