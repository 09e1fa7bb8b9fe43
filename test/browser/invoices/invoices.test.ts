import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumLineHostArgs } from '../../../sandbox/line/tls-front.ts';
import { STAGE_MERCHANT } from '../../../sandbox/ecpay/store.ts';
import { launchChromium, sessionCookie } from '../../support/browser.ts';
import { ecpayControl, invoiceOf } from '../../support/invoices.ts';
import { createSandboxUser } from '../../support/line-sandbox.ts';
import { completeOrder, openRestaurant, type TestRestaurant } from '../../support/restaurant-orders.ts';
import { startStack, type Stack } from '../../support/stack.ts';
import { open, PHONE, SCREENSHOTS } from '../admin-session.ts';
import { customerPhonePage } from '../storefront/customer-page.ts';

/**
 * E-invoices in the browser, phone-sized: the owner fills in 電子發票設定 and 檢查設定 asks the
 * ECPay sandbox; a customer chooses a carrier at checkout (a mobile barcode checked with ECPay,
 * the shop's default love code for a donation, a wrong 統編 refused as typed), and the invoice
 * number shows on their order page and in 發票取用 once the order is completed. Screenshots in
 * test-results/invoice-*.png.
 */
let stack: Stack;
let browser: Browser;
let shop: TestRestaurant;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  stack = await startStack({ ecpay: true });
  browser = await launchChromium(chromiumLineHostArgs(stack.sandboxTlsPort));
  shop = await openRestaurant(stack, '2200000041', { handling: { autoAccept: true } });
}, 240_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close();
  await stack?.stop();
});

const shot = (page: Page, name: string, fullPage = false) =>
  page.screenshot({ path: join(SCREENSHOTS, `invoice-${name}.png`), fullPage });

async function ownerPhone() {
  const context = await browser.newContext({ ...PHONE, locale: 'zh-TW' });
  contexts.push(context);
  await context.addCookies([sessionCookie(shop.owner, stack.apiUrl)]);
  return context;
}

describe('e-invoices in the browser', () => {
  it('the owner saves 電子發票設定 and 檢查設定 asks ECPay', async () => {
    const admin = await ownerPhone();
    const page = await open({ baseUrl: stack.apiUrl }, admin, `/t/${shop.tenant.slug}/admin/settings/invoices`);
    await page.getByRole('heading', { level: 1, name: '電子發票設定' }).waitFor();
    await page.getByRole('switch', { name: '開立電子發票' }).check();
    await page.getByRole('radio', { name: '訂單完成時', exact: true }).check();
    await page.getByLabel('特店編號（MerchantID）').fill(STAGE_MERCHANT.merchantId);
    await page.getByLabel('HashKey').fill('short');
    await page.getByRole('button', { name: '儲存設定' }).click();
    await page.getByText('HashKey 是 16 個字元').waitFor();
    await page.getByLabel('HashKey').fill(STAGE_MERCHANT.hashKey);
    await page.getByLabel('HashIV').fill(STAGE_MERCHANT.hashIv);
    await page.getByLabel('預設愛心碼').fill('8585');
    await page.getByRole('button', { name: '儲存設定' }).click();
    await page.getByRole('status').getByText('已儲存電子發票設定').waitFor();
    // The keys are gone from the page and sealed in the database.
    expect(await page.getByLabel('HashKey').inputValue()).toBe('');
    await page.getByText('已儲存金鑰；不變更請留空').first().waitFor();
    const row = await stack.db.invoiceSettings.findUniqueOrThrow({ where: { tenantId: shop.tenant.id } });
    expect(row.hashKeySealed).not.toContain(STAGE_MERCHANT.hashKey);
    expect(stack.secrets.open(row.hashKeySealed)).toBe(STAGE_MERCHANT.hashKey);
    const audit = await stack.db.auditLog.findFirstOrThrow({ where: { tenantId: shop.tenant.id, action: 'settings.invoices' } });
    expect(JSON.stringify(audit.data)).not.toContain(STAGE_MERCHANT.hashKey);

    await page.getByRole('button', { name: '檢查設定' }).click();
    await expect.poll(() => page.getByTestId('invoice-check').textContent()).toContain('設定正確');
    await page.getByText(/上次檢查成功/).waitFor();
    await shot(page, 'settings-phone', true);
    expect(page.errors).toEqual([]);
  });

  it('a customer chooses a carrier at checkout and finds the invoice number on the order page', async () => {
    const name = `陳小姐${String(Date.now()).slice(-4)}`;
    await createSandboxUser(stack, name);
    await ecpayControl(stack, 'POST', '/carriers', { unknownBarcode: '/NOPE999' });
    const page = await customerPhonePage(browser, contexts);
    await page.goto(`https://liff.line.me/${shop.tenant.liffId}`);
    await page.getByRole('link', { name: '在信義店點餐' }).click();
    await page.waitForURL(`${stack.apiUrl}/shop/${shop.tenant.slug}/order/${shop.branchId}`);
    await page.getByRole('button', { name: '滷肉飯 NT$45' }).click();
    const sheet = page.getByRole('dialog', { name: '滷肉飯' });
    await sheet.getByRole('button', { name: /加入購物車/ }).click();
    await sheet.waitFor({ state: 'hidden' });
    const cartBar = page.getByTestId('cart-bar');
    await cartBar.click();
    let checkout = page.getByRole('dialog', { name: '購物車' });
    await checkout.getByLabel('取餐人').fill('陳小姐');
    await checkout.getByLabel('聯絡電話', { exact: true }).fill('0912-345-678');
    await checkout.getByRole('button', { name: '用 LINE 登入後送出訂單' }).click();
    await page.waitForURL('https://access.line.me/liff/v1/authorize?**');
    await page.getByText(name).click();
    await page.getByRole('button', { name: '許可' }).click();
    await page.getByText(`嗨，${name}`).waitFor();
    await cartBar.click();
    checkout = page.getByRole('dialog', { name: '購物車' });

    const invoice = checkout.getByTestId('invoice-choice');
    await invoice.getByRole('radio', { name: '雲端載具' }).waitFor();
    expect(await invoice.getByRole('radio', { name: '雲端載具' }).isChecked()).toBe(true);
    // A donation starts from the shop's love code.
    await invoice.getByRole('radio', { name: '捐贈發票' }).check();
    expect(await invoice.getByLabel('愛心碼').inputValue()).toBe('8585');
    // A 統編 with a wrong check digit is refused as typed.
    await invoice.getByRole('radio', { name: '公司統編' }).check();
    await invoice.getByLabel('統一編號').fill('22099132');
    await invoice.getByText('統一編號不正確，請確認 8 碼數字').waitFor();
    await invoice.scrollIntoViewIfNeeded();
    await shot(page, 'checkout-company-error-phone');
    // A barcode ECPay does not know, then one it does.
    await invoice.getByRole('radio', { name: '手機條碼' }).check();
    await invoice.getByRole('textbox', { name: /手機條碼/ }).fill('/NOPE999');
    await invoice.getByRole('textbox', { name: /手機條碼/ }).blur();
    await invoice.getByText('財政部查無這個手機條碼，請確認後再輸入').waitFor();
    await invoice.getByRole('textbox', { name: /手機條碼/ }).fill('/abc+123');
    await invoice.getByRole('textbox', { name: /手機條碼/ }).blur();
    await invoice.getByText('已確認，可以使用').waitFor();
    await invoice.scrollIntoViewIfNeeded();
    await shot(page, 'checkout-barcode-phone');
    await checkout.getByRole('button', { name: /送出訂單/ }).click();

    await page.waitForURL(/\/orders\/[^/?]+/);
    const order = await stack.db.order.findFirstOrThrow({
      where: { tenantId: shop.tenant.id },
      include: { invoice: true },
    });
    expect(order.invoice?.recipient).toEqual({ kind: 'mobile', barcode: '/ABC+123' });
    const card = page.getByTestId('order-invoice');
    await card.getByText('手機條碼').waitFor();
    await card.getByText('待開立').waitFor();

    await completeOrder(stack, shop, order.id);
    const issued = await invoiceOf(stack, shop, order.id, 'the invoice issued', (r) => r.status === 'issued');
    await expect.poll(() => card.textContent(), { timeout: 20_000 }).toContain(issued.invoiceNo!);
    await card.scrollIntoViewIfNeeded();
    await shot(page, 'order-page-phone');
    expect(page.errors).toEqual([]);

    // 發票取用 lists it with 補寄給顧客.
    const admin = await ownerPhone();
    const list = await open({ baseUrl: stack.apiUrl }, admin, `/t/${shop.tenant.slug}/admin/invoices`);
    const row = list.getByTestId('invoice-row').filter({ hasText: issued.invoiceNo! });
    await row.getByText('已開立').waitFor();
    await row.getByRole('button', { name: '補寄給顧客' }).click();
    await list.getByRole('status').getByText('已傳送 LINE 訊息給顧客').waitFor();
    await list.getByLabel('訂單編號或發票號碼').fill(issued.invoiceNo!);
    await list.getByRole('button', { name: '查詢' }).click();
    await expect.poll(() => list.getByTestId('invoice-row').count()).toBe(1);
    await shot(list, 'list-phone', true);
    const detail = await open({ baseUrl: stack.apiUrl }, admin, `/t/${shop.tenant.slug}/admin/orders/${encodeURIComponent(order.number)}`);
    await detail.getByTestId('order-invoice').getByText(issued.invoiceNo!).waitFor();
    expect([...list.errors, ...detail.errors]).toEqual([]);
  });
});
