import { can, runsRestaurant, sellsByLine, type Area, type Permissions, type ShopKind } from './domain.ts';

/**
 * The admin's side menu: its groups in the order of the restaurant back office merchants know
 * (開店設定, 日常營運, 營運報表, 會員與行銷, 門店設備與串接, 員工與系統管理), and every page in
 * one of them. A new page is one line in MENU_PAGES; a group without a page a member may see
 * is not shown.
 */
export const MENU_GROUPS = ['setup', 'daily', 'reports', 'members', 'devices', 'system'] as const;
export type MenuGroup = (typeof MENU_GROUPS)[number];

export interface MenuPage {
  group: MenuGroup;
  /** Below /t/:tenant/admin/. */
  path: string;
  /** The i18n key of its name. */
  label: string;
  /** The area a member must at least see; 'everyone' for a page every member uses. */
  area: Area | 'everyone';
  /** Only for shops that run a restaurant, that sell by "+1", or that Jiayi bills; every shop when absent. */
  only?: 'restaurant' | 'plus_one' | 'billed';
  /** The i18n key that reads out the count beside it (#lib/ui/menu-badges.svelte.ts), if it has one. */
  badge?: string;
}

export const MENU_PAGES: readonly MenuPage[] = [
  { group: 'setup', path: 'settings/shop', label: 'restaurant.nav.shop', area: 'settings' },
  {
    group: 'setup',
    path: 'settings/branches',
    label: 'restaurant.nav.branches',
    area: 'restaurant',
    only: 'restaurant',
  },
  {
    group: 'setup',
    path: 'settings/hours',
    label: 'restaurant.nav.hours',
    area: 'restaurant',
    only: 'restaurant',
  },
  {
    group: 'setup',
    path: 'settings/pickup',
    label: 'restaurant.nav.pickup',
    area: 'restaurant',
    only: 'restaurant',
  },
  { group: 'setup', path: 'products', label: 'admin.nav.products', area: 'products' },
  { group: 'setup', path: 'menu', label: 'menu.nav.menu', area: 'products', only: 'restaurant' },
  {
    group: 'setup',
    path: 'menu/option-groups',
    label: 'menu.nav.optionGroups',
    area: 'products',
    only: 'restaurant',
  },
  // Every member binds their own LINE account there; the connection itself needs settings.
  { group: 'setup', path: 'settings/line', label: 'admin.nav.line', area: 'everyone' },
  { group: 'setup', path: 'settings/orders', label: 'orders.settings.nav', area: 'settings' },
  { group: 'setup', path: 'settings/notifications', label: 'orders.notifications.nav', area: 'settings' },
  { group: 'setup', path: 'settings/payments', label: 'payments.nav', area: 'settings' },
  {
    group: 'setup',
    path: 'settings/order-handling',
    label: 'orderBoard.nav.handling',
    area: 'orders',
    only: 'restaurant',
  },
  {
    group: 'daily',
    path: 'order-board',
    label: 'orderBoard.nav.board',
    area: 'orders',
    only: 'restaurant',
    badge: 'orderBoard.menuBadge',
  },
  {
    group: 'daily',
    path: 'order-board/future',
    label: 'orderBoard.nav.future',
    area: 'orders',
    only: 'restaurant',
  },
  { group: 'daily', path: 'orders', label: 'admin.nav.orders', area: 'orders' },
  { group: 'daily', path: 'daily/stock', label: 'restaurant.nav.stock', area: 'orders', only: 'restaurant' },
  { group: 'daily', path: 'daily/pauses', label: 'restaurant.nav.pauses', area: 'orders', only: 'restaurant' },
  {
    group: 'daily',
    path: 'daily/capacity',
    label: 'restaurant.nav.capacity',
    area: 'restaurant',
    only: 'restaurant',
  },
  { group: 'reports', path: 'dashboard', label: 'admin.nav.dashboard', area: 'analytics' },
  { group: 'reports', path: 'reports/transactions', label: 'reports.nav.transactions', area: 'analytics' },
  { group: 'reports', path: 'reports/daily', label: 'reports.nav.daily', area: 'analytics' },
  { group: 'reports', path: 'reports/products', label: 'reports.nav.products', area: 'analytics' },
  {
    group: 'reports',
    path: 'reports/branch-products',
    label: 'reports.nav.branchProducts',
    area: 'analytics',
    only: 'restaurant',
  },
  { group: 'members', path: 'customers', label: 'admin.nav.customers', area: 'customers' },
  { group: 'members', path: 'members', label: 'members.nav.list', area: 'customers' },
  { group: 'members', path: 'members/points', label: 'members.nav.points', area: 'customers' },
  { group: 'members', path: 'members/tiers', label: 'members.nav.tiers', area: 'customers' },
  { group: 'members', path: 'members/tags', label: 'members.nav.tags', area: 'customers' },
  { group: 'members', path: 'promotions', label: 'promotions.nav.promotions', area: 'customers' },
  { group: 'members', path: 'promotions/codes', label: 'promotions.nav.codes', area: 'customers' },
  { group: 'members', path: 'promotions/coupons', label: 'promotions.nav.coupons', area: 'customers' },
  { group: 'members', path: 'promotions/campaigns', label: 'promotions.nav.campaigns', area: 'customers' },
  { group: 'members', path: 'members/analytics', label: 'members.nav.analytics', area: 'customers' },
  { group: 'members', path: 'members/tag-analytics', label: 'members.nav.tagAnalytics', area: 'customers' },
  {
    group: 'devices',
    path: 'settings/qr-codes',
    label: 'restaurant.nav.qrCodes',
    area: 'restaurant',
    only: 'restaurant',
  },
  {
    group: 'devices',
    path: 'settings/printers',
    label: 'printing.nav',
    area: 'restaurant',
    only: 'restaurant',
  },
  {
    group: 'devices',
    path: 'settings/ubereats',
    label: 'ubereats.nav',
    area: 'settings',
    only: 'restaurant',
  },
  // The seed's 門店設備與串接 › 電子發票設定 and 發票取用功能.
  {
    group: 'devices',
    path: 'settings/invoices',
    label: 'invoices.nav.settings',
    area: 'settings',
    only: 'restaurant',
  },
  { group: 'devices', path: 'invoices', label: 'invoices.nav.list', area: 'orders', only: 'restaurant' },
  {
    group: 'devices',
    path: 'settings/delivery',
    label: 'delivery.nav',
    area: 'settings',
    only: 'restaurant',
  },
  { group: 'system', path: 'team', label: 'admin.nav.team', area: 'team' },
  { group: 'system', path: 'attendance', label: 'attendance.nav', area: 'attendance' },
  { group: 'system', path: 'billing', label: 'billing.nav', area: 'settings', only: 'billed' },
  { group: 'system', path: 'help', label: 'support.nav', area: 'everyone' },
];

function applies(page: MenuPage, kind: ShopKind, permissions: Permissions, billed: boolean): boolean {
  if (page.only === 'restaurant' && !runsRestaurant(kind)) return false;
  if (page.only === 'billed' && !billed) return false;
  if (page.only === 'plus_one' && !sellsByLine(kind)) return false;
  return page.area === 'everyone' || can(permissions, page.area, 'view');
}

/** The groups and pages this member of a shop of this kind sees, in menu order. */
export function adminMenu(
  kind: ShopKind,
  permissions: Permissions,
  pages: readonly MenuPage[] = MENU_PAGES,
  /** Whether Jiayi bills the shop (its 付費方案 page applies). */
  billed = false,
): { group: MenuGroup; pages: MenuPage[] }[] {
  return MENU_GROUPS.map((group) => ({
    group,
    pages: pages.filter((page) => page.group === group && applies(page, kind, permissions, billed)),
  })).filter((entry) => entry.pages.length > 0);
}

/** The menu page a path of the admin belongs to (its own or one below it), longest match first. */
export function menuPageOf(pages: readonly MenuPage[], adminPath: string): MenuPage | null {
  const matching = pages.filter((page) => adminPath === page.path || adminPath.startsWith(`${page.path}/`));
  return matching.sort((a, b) => b.path.length - a.path.length)[0] ?? null;
}
