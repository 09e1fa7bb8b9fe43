/**
 * Every page of a shop's admin, in side-menu order and grouped as the menu groups them (the
 * restaurant back office merchants know: 開店設定, 日常營運, 營運報表, 會員與行銷, 門店設備與串接,
 * 員工與系統管理). Each page is also a permission: the owner gives a member none, view or
 * manage per page (domain/team/permissions.ts), and every admin API route names the pages it
 * serves. A new page is one line here.
 */

import { runsRestaurant, sellsByLine, type ShopKind } from '../restaurant/shop-kind.ts';

export const MENU_GROUPS = ['setup', 'daily', 'reports', 'members', 'devices', 'system'] as const;
export type AdminMenuGroup = (typeof MENU_GROUPS)[number];

/**
 * The role presets' coarse areas: a page takes its role default from its area, so a new page
 * starts with what a manager or a staff member gets for pages like it.
 */
export const AREAS = [
  'products',
  'orders',
  'customers',
  'analytics',
  'settings',
  'team',
  'restaurant',
  'attendance',
] as const;
export type Area = (typeof AREAS)[number];

export interface AdminPage {
  /** Its path below /t/:tenant/admin/, which is also its permission's name. */
  page: string;
  group: AdminMenuGroup;
  /** The i18n key of its name. */
  label: string;
  /** Where its role defaults come from. */
  area: Area;
  /** Only for shops that run a restaurant, that sell by "+1", or that Jiayi bills; every shop when absent. */
  only?: 'restaurant' | 'plus_one' | 'billed';
  /**
   * In every member's menu whatever their permission: the page has a part that is each member's
   * own (binding their LINE account, asking for help); its permission covers the rest.
   */
  everyone?: true;
  /** Wholly every member's (線上客服): in every menu, and not a permission. */
  open?: true;
  /** The i18n key that reads out the count beside it in the menu, if it has one. */
  badge?: string;
}

export const ADMIN_PAGES = [
  { page: 'settings/shop', group: 'setup', label: 'restaurant.nav.shop', area: 'settings' },
  { page: 'settings/branches', group: 'setup', label: 'restaurant.nav.branches', area: 'restaurant', only: 'restaurant' },
  { page: 'settings/hours', group: 'setup', label: 'restaurant.nav.hours', area: 'restaurant', only: 'restaurant' },
  { page: 'settings/pickup', group: 'setup', label: 'restaurant.nav.pickup', area: 'restaurant', only: 'restaurant' },
  { page: 'products', group: 'setup', label: 'admin.nav.products', area: 'products' },
  { page: 'menu', group: 'setup', label: 'menu.nav.menu', area: 'products', only: 'restaurant' },
  { page: 'menu/option-groups', group: 'setup', label: 'menu.nav.optionGroups', area: 'products', only: 'restaurant' },
  { page: 'settings/line', group: 'setup', label: 'admin.nav.line', area: 'settings', everyone: true },
  { page: 'settings/orders', group: 'setup', label: 'orders.settings.nav', area: 'settings' },
  { page: 'settings/notifications', group: 'setup', label: 'orders.notifications.nav', area: 'settings' },
  { page: 'settings/payments', group: 'setup', label: 'payments.nav', area: 'settings' },
  {
    page: 'settings/order-handling',
    group: 'setup',
    label: 'orderBoard.nav.handling',
    area: 'orders',
    only: 'restaurant',
  },
  {
    page: 'order-board',
    group: 'daily',
    label: 'orderBoard.nav.board',
    area: 'orders',
    only: 'restaurant',
    badge: 'orderBoard.menuBadge',
  },
  { page: 'order-board/future', group: 'daily', label: 'orderBoard.nav.future', area: 'orders', only: 'restaurant' },
  { page: 'orders', group: 'daily', label: 'admin.nav.orders', area: 'orders' },
  { page: 'daily/stock', group: 'daily', label: 'restaurant.nav.stock', area: 'orders', only: 'restaurant' },
  { page: 'daily/pauses', group: 'daily', label: 'restaurant.nav.pauses', area: 'orders', only: 'restaurant' },
  { page: 'daily/capacity', group: 'daily', label: 'restaurant.nav.capacity', area: 'restaurant', only: 'restaurant' },
  { page: 'dashboard', group: 'reports', label: 'admin.nav.dashboard', area: 'analytics' },
  { page: 'reports/transactions', group: 'reports', label: 'reports.nav.transactions', area: 'analytics' },
  { page: 'reports/daily', group: 'reports', label: 'reports.nav.daily', area: 'analytics' },
  { page: 'reports/products', group: 'reports', label: 'reports.nav.products', area: 'analytics' },
  {
    page: 'reports/branch-products',
    group: 'reports',
    label: 'reports.nav.branchProducts',
    area: 'analytics',
    only: 'restaurant',
  },
  { page: 'customers', group: 'members', label: 'admin.nav.customers', area: 'customers' },
  { page: 'members', group: 'members', label: 'members.nav.list', area: 'customers' },
  { page: 'members/points', group: 'members', label: 'members.nav.points', area: 'customers' },
  { page: 'members/tiers', group: 'members', label: 'members.nav.tiers', area: 'customers' },
  { page: 'members/tags', group: 'members', label: 'members.nav.tags', area: 'customers' },
  { page: 'promotions', group: 'members', label: 'promotions.nav.promotions', area: 'customers' },
  { page: 'promotions/codes', group: 'members', label: 'promotions.nav.codes', area: 'customers' },
  { page: 'promotions/coupons', group: 'members', label: 'promotions.nav.coupons', area: 'customers' },
  { page: 'promotions/campaigns', group: 'members', label: 'promotions.nav.campaigns', area: 'customers' },
  { page: 'members/records', group: 'members', label: 'members.nav.records', area: 'customers' },
  { page: 'members/analytics', group: 'members', label: 'members.nav.analytics', area: 'customers' },
  { page: 'members/tag-analytics', group: 'members', label: 'members.nav.tagAnalytics', area: 'customers' },
  {
    page: 'settings/qr-codes',
    group: 'devices',
    label: 'restaurant.nav.qrCodes',
    area: 'restaurant',
    only: 'restaurant',
  },
  { page: 'settings/printers', group: 'devices', label: 'printing.nav', area: 'restaurant', only: 'restaurant' },
  { page: 'settings/ubereats', group: 'devices', label: 'ubereats.nav', area: 'settings', only: 'restaurant' },
  // The seed's 門店設備與串接 › 電子發票設定 and 發票取用功能.
  { page: 'settings/invoices', group: 'devices', label: 'invoices.nav.settings', area: 'settings', only: 'restaurant' },
  { page: 'invoices', group: 'devices', label: 'invoices.nav.list', area: 'orders', only: 'restaurant' },
  { page: 'settings/delivery', group: 'devices', label: 'delivery.nav', area: 'settings', only: 'restaurant' },
  { page: 'team', group: 'system', label: 'admin.nav.team', area: 'team' },
  { page: 'attendance', group: 'system', label: 'attendance.nav', area: 'attendance' },
  { page: 'settings/system', group: 'system', label: 'systemSettings.nav', area: 'settings' },
  { page: 'billing', group: 'system', label: 'billing.nav', area: 'settings', only: 'billed' },
  { page: 'help', group: 'system', label: 'support.nav', area: 'settings', open: true },
] as const satisfies readonly AdminPage[];

type OpenPage = Extract<(typeof ADMIN_PAGES)[number], { open: true }>['page'];
/** The pages that are permissions (all but those open to every member). */
export type PageKey = Exclude<(typeof ADMIN_PAGES)[number]['page'], OpenPage>;

export const PAGE_KEYS = ADMIN_PAGES.filter((entry) => !('open' in entry)).map((entry) => entry.page) as PageKey[];

const BY_KEY = new Map<string, AdminPage>(ADMIN_PAGES.map((entry) => [entry.page, entry]));

export function isPageKey(value: unknown): value is PageKey {
  return typeof value === 'string' && (PAGE_KEYS as readonly string[]).includes(value);
}

export function adminPage(key: PageKey): AdminPage {
  return BY_KEY.get(key)!;
}

/**
 * Whether a page means something to this shop: restaurant pages to shops that run one, "+1"
 * pages to shops that sell by LINE, 付費方案 to shops Jiayi bills.
 */
export function pageApplies(entry: AdminPage, kind: ShopKind, billed: boolean): boolean {
  if (entry.only === 'restaurant') return runsRestaurant(kind);
  if (entry.only === 'plus_one') return sellsByLine(kind);
  if (entry.only === 'billed') return billed;
  return true;
}

/** The pages of this shop, grouped as the menu groups them (the permission editor's rows). */
export function pagesByGroup(
  kind: ShopKind,
  billed: boolean,
  pages: readonly AdminPage[] = ADMIN_PAGES,
): { group: AdminMenuGroup; pages: AdminPage[] }[] {
  return MENU_GROUPS.map((group) => ({
    group,
    pages: pages.filter((entry) => entry.group === group && pageApplies(entry, kind, billed)),
  })).filter((entry) => entry.pages.length > 0);
}
