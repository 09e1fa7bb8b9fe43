import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatOrder, createTestTenant, type TestTenant } from '../../support/shops.ts';
import { createSandboxUser, sentMessagesFor, textsOf } from '../../support/line-sandbox.ts';
import { startStack, type Stack } from '../../support/stack.ts';
import { customerBrowser, withLiff } from '../../support/storefront.ts';

/**
 * 「下單」 on the +1 shop's page: the chat's order workflow and stock rules, one order per submit
 * however often it arrives, the answer in the customer's LINE chat, and one history with the chat.
 */

let stack: Stack;
let shop: TestTenant & { liffId: string };
let other: TestTenant & { liffId: string };

beforeAll(async () => {
  stack = await startStack();
  shop = await withLiff(
    stack,
    await createTestTenant(stack, {
      products: [
        { code: '261203001', name: '手工牛軋糖', price: 250, stock: 5 },
        { code: '261203002', name: '限量鳳梨酥', price: 400, stock: 0 },
      ],
    }),
    '2300000001',
  );
  other = await withLiff(
    stack,
    await createTestTenant(stack, { products: [{ code: '261203009', name: '別家的茶', price: 100, stock: 9 }] }),
    '2300000002',
  );
}, 120_000);
afterAll(() => stack?.stop());

const productId = (tenant: TestTenant, code: string) => tenant.products.get(code)!.id;
const stockOf = async (id: string) => (await stack.db.product.findUniqueOrThrow({ where: { id } })).stock;

describe("ordering on the shop's page", () => {
  it('places one order per submit, even sent twice at once and again later, and answers in the chat', async () => {
    const lineUser = await createSandboxUser(stack, '張家豪');
    const customer = await customerBrowser(stack);
    const body = { productId: productId(shop, '261203001'), quantity: 2, idempotencyKey: randomUUID() };
    expect((await customer.call('POST', `/api/shop/${shop.slug}/orders`, body)).status).toBe(401);
    await customer.signIn(shop, lineUser);

    const twins = await Promise.all([
      customer.call('POST', `/api/shop/${shop.slug}/orders`, body),
      customer.call('POST', `/api/shop/${shop.slug}/orders`, body),
    ]);
    // Either may be the one that placed it; the other may find it still being placed (202).
    const first = twins.find((answer) => answer.status === 201)!;
    const second = twins.find((answer) => answer !== first)!;
    expect(first?.status).toBe(201);
    expect(first.body).toMatchObject({
      outcome: 'placed',
      order: { status: 'confirmed', total: 500, items: [{ productName: '手工牛軋糖', unitPrice: 250, quantity: 2 }] },
    });
    const number = (first.body!.order as { number: string }).number;
    // The twin and a later retry name the same order.
    expect([200, 201, 202]).toContain(second.status);
    const retry = await customer.call('POST', `/api/shop/${shop.slug}/orders`, body);
    expect(retry).toMatchObject({ status: 201, body: { order: { number } } });
    expect(await stack.db.order.count({ where: { tenantId: shop.id } })).toBe(1);
    expect(await stockOf(productId(shop, '261203001'))).toBe(3);

    // The shop's answer reaches their LINE chat, as for a "+1".
    const sent = await sentMessagesFor(stack, shop, lineUser, 1);
    expect(textsOf(sent).join('\n')).toContain('手工牛軋糖');
  });

  it('shows chat orders and page orders in one history, newest first', async () => {
    const chat = await chatOrder(stack, shop, '黃美華', '261203001+1');
    const customer = await customerBrowser(stack);
    await customer.signIn(shop, chat.customer);
    const placed = await customer.call('POST', `/api/shop/${shop.slug}/orders`, {
      productId: productId(shop, '261203001'),
      quantity: 1,
      idempotencyKey: randomUUID(),
    });
    expect(placed.status).toBe(201);
    const history = await customer.call('GET', `/api/shop/${shop.slug}/orders`);
    const orders = history.body!.orders as { number: string; items: { productName: string }[] }[];
    expect(orders.map((o) => o.number)).toEqual([(placed.body!.order as { number: string }).number, chat.order.number]);
  });

  it("refuses a sold-out product, another shop's product and bad input, and changes nothing", async () => {
    const customer = await customerBrowser(stack);
    await customer.signIn(shop, await createSandboxUser(stack, '李小龍'));
    const order = (productIdValue: string, quantity: unknown = 1) =>
      customer.call('POST', `/api/shop/${shop.slug}/orders`, {
        productId: productIdValue,
        quantity,
        idempotencyKey: randomUUID(),
      });
    const before = await stack.db.order.count();
    expect(await order(productId(shop, '261203002'))).toMatchObject({ status: 409, body: { outcome: 'sold_out' } });
    expect(await order(productId(other, '261203009'))).toMatchObject({
      status: 404,
      body: { code: 'product_not_found' },
    });
    expect(await stockOf(productId(other, '261203009'))).toBe(9);
    const bad = await order(productId(shop, '261203001'), 0);
    expect(bad).toMatchObject({ status: 400, body: { fields: { quantity: '數量至少 1' } } });
    expect((await order(productId(shop, '261203001'), 100)).status).toBe(400);
    expect((await order('not-a-uuid')).status).toBe(400);
    // A sold-out answer is a refusal, not an order.
    expect(await stack.db.order.count()).toBe(before);
    // Another shop's page shows none of this one's products, and knows nobody signed in here.
    const ownProduct = await customer.call('GET', `/api/shop/${shop.slug}/products/${productId(shop, '261203001')}`);
    expect(ownProduct).toMatchObject({ status: 200, body: { product: { name: '手工牛軋糖', price: 250 } } });
    const crossShop = await customer.call('GET', `/api/shop/${other.slug}/products/${productId(shop, '261203001')}`);
    expect(crossShop.status).toBe(404);
    expect((await customer.call('GET', `/api/shop/${other.slug}/orders`)).status).toBe(401);
  });
});
