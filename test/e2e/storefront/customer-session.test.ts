import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { createSandboxUser, liffIdToken } from '../../support/line-sandbox.ts';
import { createTestTenant, type TestTenant } from '../../support/shops.ts';
import { startStack, type Stack } from '../../support/stack.ts';
import { customerBrowser, withLiff } from '../../support/storefront.ts';

/**
 * A customer signs in to a shop's pages with the ID token LIFF gave them: verified with LINE
 * (the sandbox), one Customer with the chat's, and a cookie that works for that shop only.
 */

let stack: Stack;
let shopA: TestTenant & { liffId: string };
let shopB: TestTenant & { liffId: string };

beforeAll(async () => {
  stack = await startStack();
  shopA = await withLiff(stack, await createTestTenant(stack, { products: [] }), '2100000001');
  shopB = await withLiff(stack, await createTestTenant(stack, { products: [] }), '2100000002');
});
afterAll(() => stack?.stop());

describe('customer sign-in with LIFF', () => {
  it("makes the chat's customer the signed-in one, for that shop only", async () => {
    const lineUser = await createSandboxUser(stack, '陳小美');
    // The same person already ordered in the shop's chat.
    const chatCustomer = await stack.db.customer.create({
      data: { id: uuidv7(), tenantId: shopA.id, lineUserId: lineUser, displayName: 'LINE 顧客' },
    });
    const shop = await fetch(`${stack.apiUrl}/api/shop/${shopA.slug}`);
    expect(await shop.json()).toMatchObject({ liffId: shopA.liffId, shop: { slug: shopA.slug } });

    const customer = await customerBrowser(stack);
    expect((await customer.call('GET', `/api/shop/${shopA.slug}/session`)).status).toBe(401);
    const signIn = await customer.call('POST', `/api/shop/${shopA.slug}/session`, {
      idToken: await liffIdToken(stack, shopA.liffId, lineUser),
    });
    expect(signIn).toEqual({ status: 200, body: { customer: { displayName: '陳小美', pictureUrl: null } } });
    expect((await customer.call('GET', `/api/shop/${shopA.slug}/session`)).body).toEqual({
      customer: { displayName: '陳小美', pictureUrl: null },
    });
    // One person, one customer: the chat's row, now with their LINE name.
    const rows = await stack.db.customer.findMany({ where: { tenantId: shopA.id, lineUserId: lineUser } });
    expect(rows.map((r) => [r.id, r.displayName])).toEqual([[chatCustomer.id, '陳小美']]);

    // Shop B knows nobody in this browser, and nobody of shop A by their cookie.
    expect((await customer.call('GET', `/api/shop/${shopB.slug}/session`)).status).toBe(401);
    const stolen = [...customer.cookies].find(([name]) => name.includes(shopA.slug))!;
    const replayed = await fetch(`${stack.apiUrl}/api/shop/${shopB.slug}/session`, {
      headers: { cookie: `jiayi_customer_${shopB.slug}=${stolen[1]}` },
    });
    expect(replayed.status).toBe(401);
    expect(await stack.db.customer.count({ where: { tenantId: shopB.id } })).toBe(0);

    // Signing out ends the session on the server, not just in this browser.
    expect((await customer.call('DELETE', `/api/shop/${shopA.slug}/session`)).status).toBe(204);
    const again = await fetch(`${stack.apiUrl}/api/shop/${shopA.slug}/session`, {
      headers: { cookie: `jiayi_customer_${shopA.slug}=${stolen[1]}` },
    });
    expect(again.status).toBe(401);
  });

  it("refuses another shop's token, a forged one, bad input and an unknown shop, and stores nothing", async () => {
    const lineUser = await createSandboxUser(stack, '林大同');
    const customer = await customerBrowser(stack);
    const forShopA = await liffIdToken(stack, shopA.liffId, lineUser);
    const wrongShop = await customer.call('POST', `/api/shop/${shopB.slug}/session`, { idToken: forShopA });
    expect(wrongShop).toMatchObject({ status: 401, body: { code: 'invalid_id_token' } });
    const [head, payload, signature] = forShopA.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const forged = `${head}.${Buffer.from(JSON.stringify({ ...claims, sub: 'U'.padEnd(33, 'f') })).toString('base64url')}.${signature}`;
    expect((await customer.call('POST', `/api/shop/${shopA.slug}/session`, { idToken: forged })).status).toBe(401);
    expect((await customer.call('POST', `/api/shop/${shopA.slug}/session`, { idToken: 42 })).status).toBe(400);
    expect(
      (await customer.call('POST', `/api/shop/${shopA.slug}/session`, { idToken: forShopA, extra: 1 })).status,
    ).toBe(400);
    expect((await customer.call('POST', `/api/shop/no-such-shop/session`, { idToken: forShopA })).status).toBe(404);
    expect((await customer.call('POST', `/api/shop/NOT A SLUG/session`, { idToken: forShopA })).status).toBe(404);
    expect(await stack.db.customer.count({ where: { lineUserId: lineUser } })).toBe(0);
    expect(await stack.db.customerSession.count({ where: { tenantId: shopB.id } })).toBe(0);
  });

  it('tells a shop without LIFF that it has none', async () => {
    const plain = await createTestTenant(stack, { products: [] });
    const customer = await customerBrowser(stack);
    const answer = await customer.call('POST', `/api/shop/${plain.slug}/session`, { idToken: 'x'.repeat(40) });
    expect(answer).toMatchObject({ status: 409, body: { code: 'liff_not_configured' } });
  });

  it("gives 聯絡客服 the link to the shop's LINE chat, by its official account's basic ID", async () => {
    const channels = (await (await fetch(`${stack.sandboxUrl}/_sandbox/channels`)).json()) as {
      channelId: string;
      basicId: string;
    }[];
    const channel = channels.find((c) => c.channelId === shopA.channelId)!;
    const contact = await fetch(`${stack.apiUrl}/api/shop/${shopA.slug}/contact`);
    expect(await contact.json()).toEqual({
      chatUrl: `https://line.me/R/oaMessage/${encodeURIComponent(channel.basicId)}/`,
    });
    expect((await fetch(`${stack.apiUrl}/api/shop/no-such-shop/contact`)).status).toBe(404);
  });
});
