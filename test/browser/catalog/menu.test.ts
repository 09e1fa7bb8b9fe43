import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PHONE, SCREENSHOTS, memberBrowser, open, startBrowserStack, type WatchedPage } from '../admin-session.ts';
import type { ApiServer } from '../../support/api-server.ts';
import { createTenant } from '../../support/shops.ts';

/**
 * The restaurant menu admin on a phone in headless Chromium (zh-TW) against the real server and
 * the built app: a shared option group is made on 選項群組 (with the form's own zh-TW field
 * error first), then attached to an item with tags and a branch price on 菜單. Screenshots in test-results/menu-*.png.
 */

let server: ApiServer;
let browser: Browser;
let stack: Awaited<ReturnType<typeof startBrowserStack>> | undefined;
let shop: { id: string; slug: string };
let productId: string;
let asOwner: (options: Parameters<Browser['newContext']>[0]) => Promise<BrowserContext>;

const ZH_PHONE = { ...PHONE, locale: 'zh-TW' };
const shot = (page: WatchedPage, name: string) =>
  page.screenshot({ path: join(SCREENSHOTS, `menu-${name}.png`), fullPage: true });

beforeAll(async () => {
  stack = await startBrowserStack('browser-menu');
  ({ server, browser } = stack);
  shop = await createTenant(server.db, 'beef-noodle', '老張牛肉麵');
  await server.db.tenant.update({ where: { id: shop.id }, data: { kind: 'restaurant' } });
  await server.db.branch.create({
    data: { tenantId: shop.id, name: '信義店', address: '台北市信義區松壽路 12 號', phone: '0227221234' },
  });
  await server.db.menuCategory.create({ data: { tenantId: shop.id, name: '麵食', sortOrder: 0 } });
  productId = (
    await server.db.product.create({
      data: { tenantId: shop.id, code: '261205001', name: '紅燒牛肉麵', price: 180, stock: -1 },
    })
  ).id;
  asOwner = await memberBrowser(server, browser, [shop.id], { role: 'owner', displayName: '老張' });
}, 240_000);

afterAll(async () => {
  await stack?.close();
});

describe('the menu on a phone', () => {
  it('makes an option group and attaches it, with tags, to an item', async () => {
    const context = await asOwner(ZH_PHONE);
    try {
      const page = await open(server, context, `/t/${shop.slug}/admin/menu/option-groups`);
      await page.getByRole('heading', { name: '選項群組', level: 1 }).waitFor();
      await page.getByRole('button', { name: '+ 新增群組' }).tap();
      const form = page.getByRole('form', { name: '選項群組' });
      // The page checks with the API's rules: a blank name is named before anything is sent.
      await form.getByRole('button', { name: '儲存群組' }).tap();
      await form.getByText('請輸入群組名稱').waitFor();
      await form.getByLabel('群組名稱').fill('加購');
      await form.getByText('複選', { exact: true }).tap();
      await form.getByLabel('選項名稱').first().fill('加蛋');
      await form.getByLabel('加價 (NT$)').first().fill('15');
      await form.getByRole('button', { name: '+ 新增選項' }).tap();
      await form.getByLabel('選項名稱').nth(1).fill('加起司');
      await form.getByLabel('加價 (NT$)').nth(1).fill('20');
      await shot(page, 'group-form-phone');
      await form.getByRole('button', { name: '儲存群組' }).tap();
      await page.getByRole('status').getByText('已新增「加購」').waitFor();
      const group = await server.db.optionGroup.findFirstOrThrow({
        where: { tenantId: shop.id },
        include: { choices: true },
      });
      expect(group).toMatchObject({ name: '加購', required: false, multiple: true, minSelect: 0, maxSelect: 2 });
      expect(group.choices.map((c) => [c.name, c.priceDelta]).sort()).toEqual([
        ['加蛋', 15],
        ['加起司', 20],
      ]);
      await shot(page, 'groups-phone');

      const menu = await open(server, context, `/t/${shop.slug}/admin/menu`);
      await menu.getByRole('button', { name: '設定 紅燒牛肉麵' }).tap();
      const itemForm = menu.getByRole('form', { name: '設定 紅燒牛肉麵' });
      await itemForm.getByLabel('分類').selectOption({ label: '麵食' });
      await itemForm.getByLabel('標籤').fill('招牌 這是一個太長太長的標籤');
      await itemForm.getByRole('button', { name: '儲存' }).tap();
      await itemForm.getByText('標籤最多 10 個字').waitFor();
      await itemForm.getByLabel('標籤').fill('招牌 辣');
      await itemForm.getByLabel('加購').check();
      await itemForm.getByLabel('本分店價格 (NT$)').fill('200');
      await itemForm.getByRole('button', { name: '儲存' }).tap();
      await menu.getByRole('status').getByText('紅燒牛肉麵：已儲存').waitFor();
      await menu.getByText('本分店 NT$200').waitFor();
      const section = menu.getByRole('region', { name: '麵食' });
      await section.getByText('加購').waitFor();
      await section.getByText('招牌').waitFor();
      await shot(menu, 'menu-phone');
      const item = await server.db.product.findUniqueOrThrow({
        where: { id: productId },
        include: { optionGroups: true },
      });
      expect(item.tags).toEqual(['招牌', '辣']);
      expect(item.optionGroups.map((g) => g.groupId)).toEqual([group.id]);
      expect(await server.db.branchProduct.findMany({ where: { tenantId: shop.id } })).toMatchObject([
        { productId, available: true, price: 200 },
      ]);
      expect((await server.db.tenant.findUniqueOrThrow({ where: { id: shop.id } })).menuVersion).toBe(3);
      // The item's product page shows the same menu fields, and saves them.
      const product = await open(server, context, `/t/${shop.slug}/admin/products/${productId}`);
      const panel = product.getByRole('region', { name: '菜單' });
      await expect.poll(() => panel.getByLabel('標籤').inputValue()).toBe('招牌 辣');
      expect(await panel.getByLabel('加購').isChecked()).toBe(true);
      await panel.getByLabel('標籤').fill('招牌');
      await panel.getByRole('button', { name: '儲存' }).tap();
      await panel.getByRole('status').getByText('已儲存').waitFor();
      expect((await server.db.product.findUniqueOrThrow({ where: { id: productId } })).tags).toEqual(['招牌']);
      expect((await server.db.tenant.findUniqueOrThrow({ where: { id: shop.id } })).menuVersion).toBe(4);
      await shot(product, 'product-phone');
      // Nothing overflows sideways on a phone.
      expect(await menu.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    } finally {
      await context.close();
    }
  });
});
