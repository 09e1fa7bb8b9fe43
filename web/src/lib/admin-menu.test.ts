import { describe, expect, it } from 'vitest';
import { HELP_TOPICS } from '../../../domain/support/help-topics.ts';
import { effectivePermissions } from '../../../domain/team/permissions.ts';
import { adminMenu, MENU_PAGES, menuPageOf } from './admin-menu.ts';

const paths = (menu: ReturnType<typeof adminMenu>) => menu.map((g) => [g.group, g.pages.map((p) => p.page)]);

describe('the admin menu', () => {
  it('lists 付費方案 for a shop Jiayi bills, to those who see its settings, after 系統設定', () => {
    const owner = effectivePermissions('owner');
    expect(paths(adminMenu('plus_one', owner, MENU_PAGES, true)).at(-1)).toEqual([
      'system',
      ['team', 'attendance', 'settings/system', 'billing', 'help'],
    ]);
    expect(paths(adminMenu('plus_one', owner, MENU_PAGES, false)).at(-1)).toEqual([
      'system',
      ['team', 'attendance', 'settings/system', 'help'],
    ]);
    expect(
      paths(adminMenu('plus_one', effectivePermissions('staff'), MENU_PAGES, true)).flatMap(([, p]) => p),
    ).not.toContain('billing');
  });

  it('groups an owner’s pages as the back office does, restaurant pages only for restaurants', () => {
    const owner = effectivePermissions('owner');
    expect(paths(adminMenu('plus_one', owner))).toEqual([
      [
        'setup',
        [
          'settings/shop',
          'products',
          'settings/line',
          'settings/orders',
          'settings/notifications',
          'settings/payments',
        ],
      ],
      ['daily', ['orders']],
      ['reports', ['dashboard', 'reports/transactions', 'reports/daily', 'reports/products']],
      [
        'members',
        [
          'customers',
          'members',
          'members/points',
          'members/tiers',
          'members/tags',
          'promotions',
          'promotions/codes',
          'promotions/coupons',
          'promotions/campaigns',
          'members/records',
          'members/analytics',
          'members/tag-analytics',
        ],
      ],
      ['system', ['team', 'attendance', 'settings/system', 'help']],
    ]);
    expect(paths(adminMenu('restaurant', owner))[2]).toEqual([
      'reports',
      ['dashboard', 'reports/transactions', 'reports/daily', 'reports/products', 'reports/branch-products'],
    ]);
    expect(paths(adminMenu('restaurant', owner))[0]).toEqual([
      'setup',
      [
        'settings/shop',
        'settings/branches',
        'settings/hours',
        'settings/pickup',
        'products',
        'menu',
        'menu/option-groups',
        'settings/line',
        'settings/orders',
        'settings/notifications',
        'settings/payments',
        'settings/order-handling',
      ],
    ]);
    expect(paths(adminMenu('both', owner))[0]![1]).toContain('settings/branches');
  });

  it('shows a member only what they may see, and drops a group left empty', () => {
    expect(paths(adminMenu('restaurant', effectivePermissions('staff')))).toEqual([
      [
        'setup',
        [
          'settings/branches',
          'settings/hours',
          'settings/pickup',
          'products',
          'menu',
          'menu/option-groups',
          'settings/line',
          'settings/order-handling',
        ],
      ],
      ['daily', ['order-board', 'order-board/future', 'orders', 'daily/stock', 'daily/pauses', 'daily/capacity']],
      [
        'members',
        [
          'customers',
          'members',
          'members/points',
          'members/tiers',
          'members/tags',
          'promotions',
          'promotions/codes',
          'promotions/coupons',
          'promotions/campaigns',
          'members/records',
          'members/analytics',
          'members/tag-analytics',
        ],
      ],
      ['devices', ['settings/qr-codes', 'settings/printers', 'invoices']],
      // 線上客服 is for everyone; 打卡出勤管理 is not for staff by default.
      ['system', ['help']],
    ]);
    const onlyOrders = effectivePermissions(
      'staff',
      Object.fromEntries(
        MENU_PAGES.filter((entry) => ['products', 'customers', 'restaurant'].includes(entry.area)).map((entry) => [
          entry.page,
          'none',
        ]),
      ),
    );
    // The kitchen's board, stock and pauses start as orders do; the slot limits as restaurant settings.
    expect(paths(adminMenu('restaurant', onlyOrders))).toEqual([
      ['setup', ['settings/line', 'settings/order-handling']],
      ['daily', ['order-board', 'order-board/future', 'orders', 'daily/stock', 'daily/pauses']],
      // 發票取用功能 goes with orders too.
      ['devices', ['invoices']],
      ['system', ['help']],
    ]);
  });

  it('keeps a page for "+1" sellers away from a restaurant-only shop', () => {
    const pages = [
      ...MENU_PAGES,
      { group: 'daily', page: 'live', label: 'x', area: 'orders', only: 'plus_one', open: true } as const,
    ];
    const owner = effectivePermissions('owner');
    expect(
      adminMenu('restaurant', owner, pages)
        .find((g) => g.group === 'daily')
        ?.pages.map((p) => p.page),
    ).toEqual(['order-board', 'order-board/future', 'orders', 'daily/stock', 'daily/pauses', 'daily/capacity']);
    expect(
      adminMenu('both', owner, pages)
        .find((g) => g.group === 'daily')
        ?.pages.map((p) => p.page),
    ).toEqual([
      'order-board',
      'order-board/future',
      'orders',
      'daily/stock',
      'daily/pauses',
      'daily/capacity',
      'live',
    ]);
  });

  it('gives each page its own permission: a page turned off leaves the menu, its neighbours stay', () => {
    const noPoints = effectivePermissions('manager', { 'members/points': 'none', 'reports/daily': 'none' });
    const pages = paths(adminMenu('restaurant', noPoints)).flatMap(([, p]) => p);
    expect(pages).not.toContain('members/points');
    expect(pages).not.toContain('reports/daily');
    expect(pages).toContain('members/tiers');
    expect(pages).toContain('reports/transactions');
    // LINE 設定 stays for everyone (each member binds their own LINE there).
    const none = effectivePermissions('staff', { 'settings/line': 'none' });
    expect(paths(adminMenu('plus_one', none)).flatMap(([, p]) => p)).toContain('settings/line');
  });

  it('marks the page a path is on, or below', () => {
    expect(menuPageOf(MENU_PAGES, 'settings/line/rich-menu')?.page).toBe('settings/line');
    expect(menuPageOf(MENU_PAGES, 'settings/branches/new')?.page).toBe('settings/branches');
    expect(menuPageOf(MENU_PAGES, 'orders')?.page).toBe('orders');
    expect(menuPageOf(MENU_PAGES, 'menu/option-groups')?.page).toBe('menu/option-groups');
    expect(menuPageOf(MENU_PAGES, 'order-board/future')?.page).toBe('order-board/future');
    expect(menuPageOf(MENU_PAGES, 'ordersx')).toBeNull();
    expect(menuPageOf(MENU_PAGES, 'settings')).toBeNull();
  });

  it('sends each of 線上客服’s problems only to pages of the menu, the seed’s pages for payments', () => {
    const menuPaths = new Set(MENU_PAGES.map((entry) => entry.page));
    for (const topic of HELP_TOPICS) {
      expect(topic.fixes.length).toBeGreaterThan(0);
      for (const fix of topic.fixes) expect(menuPaths, `${topic.id} → ${fix}`).toContain(fix);
    }
    // 交易明細, 收款金流設定, 電子發票設定, 發票取用功能 (seed 001, 常見異常處理).
    expect(HELP_TOPICS.find((topic) => topic.id === 'payments')?.fixes).toEqual(
      expect.arrayContaining(['reports/transactions', 'settings/payments', 'settings/invoices', 'invoices']),
    );
  });
});
