import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shortDay } from '../../../domain/insights/report-range.ts';
import { taipeiDayKey } from '../../../domain/taipei-time.ts';
import { chromiumLineHostArgs } from '../../../sandbox/line/tls-front.ts';
import { requestAs } from '../../support/auth.ts';
import { launchChromium } from '../../support/browser.ts';
import { createSandboxUser } from '../../support/line-sandbox.ts';
import {
  boardAction,
  openRestaurant,
  restaurantCustomer,
  teaCheckout,
  type TestRestaurant,
} from '../../support/restaurant-orders.ts';
import { startStack, type Stack } from '../../support/stack.ts';
import { SCREENSHOTS, hydrated } from '../admin-session.ts';
import { customerPhonePage } from './customer-page.ts';

/**
 * A restaurant's customer in LINE: opens the shop through its LIFF link, picks a branch, orders
 * an item with options for a pickup slot, signs in with LINE on the way (the cart survives the
 * round trip), and watches the order page go from 待接單 to 可取餐 as the staff act on the board,
 * with no reload. Also: 售完/暫停供應 items cannot be added, a double tap makes one order, and an
 * item paused while in the cart is flagged. Screenshots in test-results/restaurant-*.png.
 */

let stack: Stack;
let browser: Browser;
let shop: TestRestaurant;
let paused: string;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  stack = await startStack();
  browser = await launchChromium(chromiumLineHostArgs(stack.sandboxTlsPort));
  shop = await openRestaurant(stack, '2200000012', { methods: { dineInEnabled: true, tables: ['A1', 'A2', 'A3'] } });
  const product = (code: string, name: string, price: number, stock: number) =>
    stack.db.product.create({ data: { tenantId: shop.tenant.id, code, name, price, stock }, select: { id: true } });
  await product('261207003', '紅茶', 30, 0);
  paused = (await product('261207004', '雞排', 80, -1)).id;
  // Two categories, drinks first: the sticky bar lists them.
  const [drinks, meals] = await Promise.all(
    [
      ['飲料', 0],
      ['主食', 1],
    ].map(([name, sortOrder]) =>
      stack.db.menuCategory.create({
        data: { tenantId: shop.tenant.id, name: String(name), sortOrder: Number(sortOrder) },
      }),
    ),
  );
  await stack.db.product.updateMany({
    where: { tenantId: shop.tenant.id, name: { in: ['珍珠奶茶', '紅茶'] } },
    data: { categoryId: drinks!.id },
  });
  await stack.db.product.updateMany({
    where: { tenantId: shop.tenant.id, name: { in: ['滷肉飯', '雞排'] } },
    data: { categoryId: meals!.id },
  });
  const pause = await requestAs(
    stack.apiUrl,
    shop.owner,
    'POST',
    `/api/t/${shop.tenant.slug}/branches/${shop.branchId}/items/${paused}/pause`,
    { until: 'resume' },
  );
  expect(pause.status).toBe(200);
}, 240_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close();
  await stack?.stop();
});

const newPage = () => customerPhonePage(browser, contexts);

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(SCREENSHOTS, `restaurant-${name}.png`), fullPage: false });

describe("a restaurant's storefront in LIFF", () => {
  it('takes an order with options for a pickup slot once, and shows it live from 已接單 to 可取餐', async () => {
    // A name of this test's own: the sandbox's LINE login lists every user of the shared stack.
    const name = `林小姐${String(Date.now()).slice(-4)}`;
    await createSandboxUser(stack, name);
    const page = await newPage();

    // The LIFF app's link opens the shop page, which lists the branch.
    await page.goto(`https://liff.line.me/${shop.tenant.liffId}`);
    await page.getByRole('link', { name: '在信義店點餐' }).click();
    await page.waitForURL(`${stack.apiUrl}/shop/${shop.tenant.slug}/order/${shop.branchId}`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(await page.getByTestId('branch-state').textContent()).toMatch(/營業中/);

    // The menu: prices, and items that cannot be ordered are marked and disabled.
    const items = page.getByTestId('menu-item');
    expect(await items.count()).toBe(4);
    const bar = page.getByRole('navigation', { name: '菜單分類' });
    expect(await bar.getByRole('button').allTextContents()).toEqual(['飲料', '主食']);
    expect(await page.getByRole('heading', { level: 2 }).allTextContents()).toEqual(['飲料', '主食']);
    expect(await page.getByRole('button', { name: '紅茶（售完）' }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: '雞排（暫停供應）' }).isDisabled()).toBe(true);
    await shot(page, 'menu-phone');

    // The item sheet: the required 甜度 must be picked; 加珍珠 adds NT$10; two of them.
    await page.getByRole('button', { name: '珍珠奶茶 NT$60' }).click();
    const sheet = page.getByRole('dialog', { name: '珍珠奶茶' });
    await sheet.getByRole('button', { name: /加入購物車/ }).click();
    await sheet.getByRole('alert').filter({ hasText: '請選擇「甜度」' }).waitFor();
    await sheet.getByLabel('半糖').check();
    await sheet.getByLabel('加珍珠').check();
    await sheet.getByRole('button', { name: '增加一份' }).click();
    expect(await sheet.getByRole('button', { name: /加入購物車/ }).textContent()).toContain('NT$140');
    await shot(page, 'item-sheet-phone');
    await sheet.getByRole('button', { name: /加入購物車/ }).click();
    await sheet.waitFor({ state: 'hidden' });

    // The cart bar, and the cart survives a reload.
    const cartBar = page.getByTestId('cart-bar');
    expect(await cartBar.textContent()).toMatch(/購物車 2 份.*NT\$140/s);
    await page.reload();
    expect(await cartBar.textContent()).toMatch(/購物車 2 份.*NT\$140/s);

    // Checkout asks for LINE sign-in first; the cart is still there after LINE's login.
    await cartBar.click();
    let checkout = page.getByRole('dialog', { name: '購物車' });
    await checkout.getByLabel('取餐人').fill('林小姐');
    await checkout.getByLabel('聯絡電話').fill('0912-345-678');
    await checkout.getByRole('button', { name: '用 LINE 登入後送出訂單' }).click();
    await page.waitForURL('https://access.line.me/liff/v1/authorize?**');
    await page.getByText(name).click();
    await page.getByRole('button', { name: '許可' }).click();
    await page.getByText(`嗨，${name}`).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/shop/${shop.tenant.slug}/order/${shop.branchId}`);
    await cartBar.click();
    checkout = page.getByRole('dialog', { name: '購物車' });
    expect(await checkout.getByLabel('取餐人').inputValue()).toBe('林小姐');
    const lines = checkout.getByTestId('cart-line');
    expect(await lines.count()).toBe(1);
    expect(await lines.first().textContent()).toMatch(/珍珠奶茶.*半糖、加珍珠.*NT\$140/s);

    // A day further ahead than the first answer lists: its slots are read when picked.
    const later = taipeiDayKey(new Date(Date.now() + 5 * 24 * 60 * 60 * 1000));
    await checkout.getByLabel('其他日期').fill(`${later.slice(0, 4)}-${later.slice(4, 6)}-${later.slice(6)}`);
    const laterChip = checkout.getByRole('button', { name: shortDay(later), exact: true });
    expect(await laterChip.getAttribute('aria-pressed')).toBe('true');
    await checkout.getByRole('radio', { name: '12:00' }).waitFor();

    // 盡快 picks the first free slot; a double tap on 送出訂單 makes one order.
    await checkout.getByRole('button', { name: /^盡快/ }).click();
    expect(await checkout.getByTestId('checkout-total').textContent()).toBe('NT$140');
    await shot(page, 'checkout-phone');
    await checkout.getByRole('button', { name: /送出訂單/ }).dblclick();
    await page.waitForURL(/\/orders\/[^/]+\?placed=1$/);
    const orders = await stack.db.order.findMany({ where: { tenantId: shop.tenant.id } });
    expect(orders).toHaveLength(1);
    const order = orders[0]!;
    expect(order.total).toBe(140);

    // The order page: the pickup number, 待接單, what was ordered.
    await page.getByTestId('pickup-number').waitFor();
    expect(await page.getByTestId('pickup-number').textContent()).toBe(order.pickupNumber);
    expect(await page.getByTestId('order-status').textContent()).toContain('待接單');
    await page.getByText('即時更新中').waitFor();
    await shot(page, 'order-placed-phone');

    // The staff accept, then set it ready: the page follows without a reload and says so.
    expect((await boardAction(stack, shop, order.id, 'accept')).status).toBe(200);
    await expect.poll(() => page.getByTestId('order-status').textContent(), { timeout: 15_000 }).toContain('已接單');
    expect((await boardAction(stack, shop, order.id, 'ready')).status).toBe(200);
    await expect.poll(() => page.getByTestId('order-status').textContent(), { timeout: 15_000 }).toContain('可取餐');
    expect(await page.getByTestId('status-announcement').textContent()).toBe('訂單狀態更新：可取餐');
    await page.getByText('餐點已完成，請到櫃台出示取餐號碼。').waitFor();
    await shot(page, 'order-ready-phone');
    expect(page.errors).toEqual([]);

    // 我的訂單 on the shop page lists it with its pickup number and opens its page.
    await page.goto(`${stack.apiUrl}/shop/${shop.tenant.slug}`);
    const mine = page.getByRole('list', { name: '我的訂單' }).getByRole('listitem');
    await expect.poll(() => mine.first().textContent()).toContain(`取餐號碼 ${order.pickupNumber} · 可取餐`);
    await mine.first().getByRole('link', { name: order.number }).click();
    await page.waitForURL(`${stack.apiUrl}/shop/${shop.tenant.slug}/orders/${order.number}`);
    await page.getByTestId('pickup-number').waitFor();

    // An item paused while in the cart is flagged on the open page and must be removed.
    await page.goto(`${stack.apiUrl}/order/${shop.tenant.slug}/${shop.branchId}`);
    await hydrated(page);
    await page.getByRole('button', { name: '滷肉飯 NT$45' }).click();
    await page
      .getByRole('dialog', { name: '滷肉飯' })
      .getByRole('button', { name: /加入購物車/ })
      .click();
    const pause = await requestAs(
      stack.apiUrl,
      shop.owner,
      'POST',
      `/api/t/${shop.tenant.slug}/branches/${shop.branchId}/items/${shop.rice}/pause`,
      { until: 'resume' },
    );
    expect(pause.status).toBe(200);
    await page.getByRole('button', { name: '滷肉飯（暫停供應）' }).waitFor({ timeout: 30_000 });
    expect(await cartBar.textContent()).toContain('有品項已無法訂購');
    await cartBar.click();
    checkout = page.getByRole('dialog', { name: '購物車' });
    expect(await checkout.getByTestId('cart-line').first().textContent()).toContain('「滷肉飯」暫停供應');
    expect(await checkout.getByRole('button', { name: /送出訂單/ }).isDisabled()).toBe(true);
    await checkout.getByRole('button', { name: '移除' }).click();
    await checkout.getByText('購物車是空的').waitFor();
    await checkout.getByRole('button', { name: '關閉' }).click();

    // A slot that fills while the customer decides: the refusal offers the next free slots.
    const capacity = await requestAs(
      stack.apiUrl,
      shop.owner,
      'PUT',
      `/api/t/${shop.tenant.slug}/branches/${shop.branchId}/capacity`,
      { maxOrdersPerSlot: 1 },
    );
    expect(capacity.status).toBe(200);
    await page.getByRole('button', { name: '珍珠奶茶 NT$60' }).click();
    const again = page.getByRole('dialog', { name: '珍珠奶茶' });
    await again.getByLabel('全糖').check();
    await again.getByRole('button', { name: /加入購物車/ }).click();
    await cartBar.click();
    checkout = page.getByRole('dialog', { name: '購物車' });
    await checkout.getByRole('button', { name: /^盡快/ }).click();
    const picked = (await checkout.locator('input[name="slot"]:checked').getAttribute('value'))!;
    expect(picked > order.wantedAt!.toISOString()).toBe(true);
    const other = await restaurantCustomer(stack, shop, '陳先生');
    expect(
      (await other.browser.call('POST', `/api/shop/${shop.tenant.slug}/restaurant-orders`, teaCheckout(shop, picked)))
        .status,
    ).toBe(201);
    await checkout.getByRole('button', { name: /送出訂單/ }).click();
    const refusal = checkout.getByRole('alert').filter({ hasText: '可以改選這些時段' });
    await refusal.waitFor();
    await shot(page, 'slot-full-phone');
    await refusal.getByRole('button').first().click();
    expect(await checkout.locator('input[name="slot"]:checked').getAttribute('value')).not.toBe(picked);
    await checkout.getByRole('button', { name: /送出訂單/ }).click();
    await page.waitForURL(/\/orders\/[^/]+\?placed=1$/);
    await page.getByTestId('pickup-number').waitFor();
    expect(await page.getByTestId('pickup-number').textContent()).not.toBe(order.pickupNumber);

    // Not accepted yet: the customer may take it back, with a reason.
    await page.getByRole('button', { name: '取消訂單' }).click();
    const cancel = page.getByRole('form', { name: '要取消這筆訂單嗎？' });
    await cancel.getByLabel('點錯了').check();
    await shot(page, 'order-cancel-phone');
    await cancel.getByRole('button', { name: '確定取消' }).click();
    await expect.poll(() => page.getByTestId('order-status').textContent()).toContain('已取消');
    await page.getByText('點錯了').first().waitFor();

    // A table's QR code: the order is for dine-in at that table, nobody to call, no slot.
    await page.goto(`${stack.apiUrl}/order/${shop.tenant.slug}/${shop.branchId}/t/A3`);
    await hydrated(page);
    expect(await page.getByTestId('table-badge').textContent()).toBe('桌號 A3');
    await page.getByRole('button', { name: '珍珠奶茶 NT$60' }).click();
    const atTable = page.getByRole('dialog', { name: '珍珠奶茶' });
    await atTable.getByLabel('半糖').check();
    await atTable.getByRole('button', { name: /加入購物車/ }).click();
    await cartBar.click();
    checkout = page.getByRole('dialog', { name: '購物車' });
    expect(await checkout.getByRole('radio').count()).toBe(1);
    expect(await checkout.getByLabel('內用').isChecked()).toBe(true);
    await checkout.getByText('內用 · 桌號 A3').waitFor();
    expect(await checkout.getByLabel('取餐人').count()).toBe(0);
    await checkout.getByRole('button', { name: /送出訂單/ }).click();
    await page.waitForURL(/\/orders\/[^/]+\?placed=1$/);
    await page.getByText('內用 · 桌號 A3').waitFor();
    const dineIn = await stack.db.order.findFirst({ where: { tenantId: shop.tenant.id, tableLabel: 'A3' } });
    expect(dineIn?.total).toBe(60);
    expect(page.errors).toEqual([]);
  }, 180_000);
});
