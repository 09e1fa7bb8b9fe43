import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchChromium, sessionCookie } from '../../support/browser.ts';
import { authConfigOf, signedInMember } from '../../support/auth.ts';
import { startStack, waitFor, type Stack } from '../../support/stack.ts';
import { createSandboxUser, sendChat } from '../../support/line-sandbox.ts';
import { createTestTenant, type TestTenant } from '../../support/shops.ts';

let stack: Stack;
let tenant: TestTenant;
let browser: Browser;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(), launchChromium()]);
  tenant = await createTestTenant(stack, {
    products: [{ code: '261122001', name: '桂花烏龍茶', price: 350, stock: 30 }],
  });
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

it('a "+1" typed in LINE appears in the open admin order list, through webhook, Temporal and PostgreSQL', async () => {
  // A Taiwanese merchant's phone asks for zh-TW.
  const page = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'zh-TW' });
  // The shop's owner, signed in.
  const owner = await signedInMember(stack.db, authConfigOf(stack.env), tenant.id, {
    role: 'owner',
    displayName: '店長',
  });
  await page.context().addCookies([sessionCookie(owner, stack.apiUrl)]);
  await page.goto(`${stack.apiUrl}/t/${tenant.slug}/admin/orders`);
  await page.getByRole('heading', { name: '訂單管理' }).waitFor();
  await page.getByText('目前還沒有訂單').first().waitFor(); // a new shop: the empty state

  const customer = await createSandboxUser(stack, '林小姐');
  const delivery = await sendChat(stack, tenant, customer, '+2');
  const order = await waitFor('the order row', () =>
    stack.db.order
      .findFirst({ where: { tenantId: tenant.id, sourceEventId: delivery.webhookEventId } })
      .then((o) => o ?? undefined),
  );

  // No reload: the list hears of the order over Server-Sent Events.
  const row = page.getByText(order.number);
  await row.first().waitFor({ timeout: 15_000 });
  const card = page.locator(`[data-order-id="${order.id}"]`).first();
  await expect(card.textContent()).resolves.toContain('林小姐');
  await expect(card.textContent()).resolves.toContain('桂花烏龍茶');
  await expect(card.textContent()).resolves.toContain('NT$700');
  await expect(card.textContent()).resolves.toContain('已購買');
  mkdirSync('test-results', { recursive: true });
  await page.screenshot({ path: 'test-results/chat-order-live-phone.png', fullPage: true });
});
