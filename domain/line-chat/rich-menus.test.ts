import { describe, expect, it } from 'vitest';
import { richMenuSchema } from '../../sandbox/line/richmenu-schema.ts';
import { parsePunchCommand } from '../attendance/punches.ts';
import {
  RICH_MENU_SWITCH_DATA,
  lineRichMenuBody,
  richMenuAliasId,
  richMenuDefinitions,
  richMenuFailureMessage,
  richMenuNamePrefix,
  type RichMenuDefinition,
} from './rich-menus.ts';

const shop = { slug: 'xiaohua', orderPrefix: 'KMNP', contactPhone: null, publicBaseUrl: 'https://jiayi.example.tw/' };
const defs = richMenuDefinitions(shop);
const area = (def: RichMenuDefinition, key: string) => def.areas.find((a) => a.key === key)!;

describe('the three rich menus', () => {
  it.each(['customer', 'staffCustomer', 'admin'] as const)(
    '%s: a valid LINE rich menu (the sandbox’s copy of LINE’s rules)',
    (kind) => {
      const body = lineRichMenuBody(defs[kind]);
      expect(richMenuSchema.safeParse(body).success).toBe(true);
      expect(body.name.startsWith(richMenuNamePrefix(shop))).toBe(true);
    },
  );

  it.each(['customer', 'staffCustomer', 'admin'] as const)(
    '%s: the areas tile the whole image without overlapping',
    (kind) => {
      const { size, areas } = defs[kind];
      expect(areas.reduce((sum, a) => sum + a.bounds.width * a.bounds.height, 0)).toBe(size.width * size.height);
      for (const a of areas) {
        for (const b of areas) {
          if (a === b) continue;
          const overlap =
            a.bounds.x < b.bounds.x + b.bounds.width &&
            b.bounds.x < a.bounds.x + a.bounds.width &&
            a.bounds.y < b.bounds.y + b.bounds.height &&
            b.bounds.y < a.bounds.y + a.bounds.height;
          expect(overlap, `${a.key} / ${b.key}`).toBe(false);
        }
      }
    },
  );

  it('customer buttons send the chat commands a customer would type, on both shopping menus', () => {
    expect(area(defs.customer, 'order').action).toMatchObject({ type: 'message', text: '+1' });
    expect(area(defs.customer, 'reserve').action).toMatchObject({ type: 'message', text: '幫我留' });
    expect(area(defs.customer, 'history').action).toMatchObject({ type: 'message', text: '【履歷】' });
    expect(area(defs.customer, 'contact').action.type).toBe('message');
    const buttons = (def: RichMenuDefinition) =>
      def.areas.filter((x) => !x.tab).map(({ key, action }) => ({ key, action }));
    expect(buttons(defs.staffCustomer)).toEqual(buttons(defs.customer));
    const withPhone = richMenuDefinitions({ ...shop, contactPhone: '0912-345 678' });
    expect(area(withPhone.customer, 'contact').action).toMatchObject({ type: 'uri', uri: 'tel:0912345678' });
  });

  it('admin buttons open the admin pages of this shop', () => {
    expect(area(defs.admin, 'orders').action).toMatchObject({
      type: 'uri',
      uri: 'https://jiayi.example.tw/t/xiaohua/admin/orders',
    });
    expect(area(defs.admin, 'new-product').action).toMatchObject({
      uri: 'https://jiayi.example.tw/t/xiaohua/admin/products/new',
    });
  });

  it('staff clock in and out from the admin menu, with the words the chat’s 打卡 understands', () => {
    expect(area(defs.admin, 'clock-in').action).toEqual({ type: 'message', label: '上班打卡', text: '上班打卡' });
    expect(area(defs.admin, 'clock-out').action).toEqual({ type: 'message', label: '下班打卡', text: '下班打卡' });
    expect(parsePunchCommand('上班打卡')).toBe('in');
    expect(parsePunchCommand('下班打卡')).toBe('out');
    // Six buttons, three a row, in whole pixels.
    const buttons = defs.admin.areas.filter((a) => !a.tab);
    expect(buttons.map((a) => a.bounds.width)).toEqual([833, 834, 833, 833, 834, 833]);
    expect(buttons.every((a) => Number.isInteger(a.bounds.x) && Number.isInteger(a.bounds.height))).toBe(true);
  });

  it('the customer menu has no tabs: its four buttons fill it and nothing switches to another menu', () => {
    const { areas, size } = defs.customer;
    expect(areas.map((a) => a.key)).toEqual(['order', 'reserve', 'history', 'contact']);
    expect(areas.some((a) => a.tab || a.action.type === 'richmenuswitch')).toBe(false);
    expect(areas.every((a) => a.bounds.width === size.width / 2 && a.bounds.height === size.height / 2)).toBe(true);
    expect(JSON.stringify(lineRichMenuBody(defs.customer))).not.toContain('店家管理');
  });

  it('the two staff menus switch to each other by alias, with the tab of the current menu highlighted', () => {
    for (const def of [defs.staffCustomer, defs.admin]) {
      expect(area(def, 'tab-staffCustomer').action).toEqual({
        type: 'richmenuswitch',
        label: '購物選單',
        richMenuAliasId: 'jiayi-kmnp-staff-shop',
        data: RICH_MENU_SWITCH_DATA.staffCustomer,
      });
      expect(area(def, 'tab-admin').action).toEqual({
        type: 'richmenuswitch',
        label: '店家管理',
        richMenuAliasId: 'jiayi-kmnp-admin',
        data: RICH_MENU_SWITCH_DATA.admin,
      });
      expect(area(def, `tab-${def.kind}`).tab).toEqual({ active: true });
      expect(def.areas.filter((a) => a.tab?.active)).toHaveLength(1);
    }
    expect(new Set(Object.values(defs).map((d) => d.name)).size).toBe(3);
    expect(richMenuAliasId({ orderPrefix: 'ABCD' }, 'staffCustomer').length).toBeLessThanOrEqual(32);
  });
});

describe('richMenuFailureMessage', () => {
  it('tells the merchant what to do, in zh-TW', () => {
    expect(richMenuFailureMessage('create', 401, 'Authentication failed.')).toContain('Access token 無效');
    expect(richMenuFailureMessage('image', 500, null)).toContain('稍後再按一次「套用」');
    expect(richMenuFailureMessage('alias', 0, null)).toContain('沒有回應');
    expect(richMenuFailureMessage('default', 400, 'must upload richmenu image')).toContain(
      'LINE 回覆：must upload richmenu image',
    );
  });
});
