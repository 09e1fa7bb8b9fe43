/**
 * The shop's three LINE rich menus, as pure data: what each area does, where it
 * sits, and what its picture says. The activities send them to LINE and draw their images from
 * them; the admin preview shows them.
 *
 * - `customer`: the default for every friend of the shop. Four big buttons (order the newest
 *   product, hold it, see their orders, reach the shop) and NO way to any other menu.
 * - `staffCustomer`: what a bound staff member sees on the 購物選單 tab: the same buttons under a
 *   tab strip whose 店家管理 tab switches to `admin`.
 * - `admin`: the tab strip (店家管理 active; 購物選單 switches to `staffCustomer`) over buttons that
 *   open the admin pages. Bound staff members are linked to it.
 *
 * Tabs are LINE's documented way to move between menus: a richmenuswitch area per tab, by alias.
 * Only the two staff menus have aliases, so no tap on the customer menu can reach them.
 */

export type RichMenuKind = 'customer' | 'staffCustomer' | 'admin';
export const RICH_MENU_KINDS: readonly RichMenuKind[] = ['customer', 'staffCustomer', 'admin'];
/** The menus a tab switches to (richmenuswitch): each has an alias. */
export type RichMenuTabKind = Exclude<RichMenuKind, 'customer'>;
export const RICH_MENU_TAB_KINDS: readonly RichMenuTabKind[] = ['staffCustomer', 'admin'];
export const isRichMenuTabKind = (kind: RichMenuKind): kind is RichMenuTabKind =>
  (RICH_MENU_TAB_KINDS as readonly RichMenuKind[]).includes(kind);

export interface RichMenuBounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The action objects of LINE's rich menu areas that we use. */
export type RichMenuAction =
  | { type: 'message'; label: string; text: string }
  | { type: 'uri'; label: string; uri: string }
  | { type: 'richmenuswitch'; label: string; richMenuAliasId: string; data: string };

export interface RichMenuArea {
  /** Stable name for tests and the preview. */
  key: string;
  bounds: RichMenuBounds;
  action: RichMenuAction;
  /** What the image shows: a big title and a short line under it. */
  title: string;
  subtitle: string;
  /** A tab of the strip on top; `active` = the menu this tab stands for. */
  tab?: { active: boolean };
}

export interface RichMenuDefinition {
  kind: RichMenuKind;
  /** LINE's `name` (≤ 300, never shown to users): marks the menus that are ours. */
  name: string;
  /** The bar under the chat that opens the menu (≤ 14 characters). */
  chatBarText: string;
  size: { width: number; height: number };
  /** Shown open when the chat opens. */
  selected: boolean;
  areas: RichMenuArea[];
  /** Background and accent of the image. */
  accent: string;
}

/** The large rich menu size (LINE: 2500x1686). */
export const RICH_MENU_SIZE = { width: 2500, height: 1686 } as const;
export const RICH_MENU_TAB_HEIGHT = 236;

export interface RichMenuShop {
  slug: string;
  /** The shop's 4-letter order prefix: names its menus and aliases on its channel. */
  orderPrefix: string;
  /** Called by 聯絡店家 when set; otherwise that button sends a message to the shop. */
  contactPhone: string | null;
  /** Where the admin lives (PUBLIC_BASE_URL). */
  publicBaseUrl: string;
}

const ALIAS_SUFFIX: Record<RichMenuTabKind, string> = { staffCustomer: 'staff-shop', admin: 'admin' };

/** `jiayi-<prefix>-staff-shop`, `jiayi-<prefix>-admin`: alias IDs ([a-z0-9_-], ≤ 32), fixed per shop. */
export function richMenuAliasId(shop: Pick<RichMenuShop, 'orderPrefix'>, kind: RichMenuTabKind): string {
  return `jiayi-${shop.orderPrefix.toLowerCase()}-${ALIAS_SUFFIX[kind]}`;
}

/** Every menu we create on a channel has a name starting with this (to find leftovers). */
export function richMenuNamePrefix(shop: Pick<RichMenuShop, 'orderPrefix'>): string {
  return `jiayi:${shop.orderPrefix}:`;
}

/** The postback data of a tab switch (LINE sends it with params.newRichMenuAliasId). */
export const RICH_MENU_SWITCH_DATA: Record<RichMenuTabKind, string> = {
  staffCustomer: 'richmenu:switch:staff-shop',
  admin: 'richmenu:switch:admin',
};

function tabs(shop: RichMenuShop, active: RichMenuTabKind): RichMenuArea[] {
  const half = RICH_MENU_SIZE.width / 2;
  const tab = (kind: RichMenuTabKind, x: number, title: string, subtitle: string): RichMenuArea => ({
    key: `tab-${kind}`,
    bounds: { x, y: 0, width: half, height: RICH_MENU_TAB_HEIGHT },
    action: {
      type: 'richmenuswitch',
      label: title,
      richMenuAliasId: richMenuAliasId(shop, kind),
      data: RICH_MENU_SWITCH_DATA[kind],
    },
    title,
    subtitle,
    tab: { active: kind === active },
  });
  return [tab('staffCustomer', 0, '購物選單', '顧客'), tab('admin', half, '店家管理', '店家專用')];
}

/**
 * The big buttons in two rows from `top` (under the tabs, or 0) down, left to right, top to
 * bottom, `columns` a row. LINE wants whole pixels: a column's edges are rounded, so the last
 * one takes what is left and the buttons still cover the menu exactly.
 */
function grid(cells: Omit<RichMenuArea, 'bounds'>[], top: number, columns = 2): RichMenuArea[] {
  const edge = (column: number) => Math.round((column * RICH_MENU_SIZE.width) / columns);
  const h = (RICH_MENU_SIZE.height - top) / 2;
  return cells.map((cell, i) => {
    const column = i % columns;
    return {
      ...cell,
      bounds: {
        x: edge(column),
        y: top + Math.floor(i / columns) * h,
        width: edge(column + 1) - edge(column),
        height: h,
      },
    };
  });
}

function adminUrl(shop: RichMenuShop, path: string): string {
  return `${shop.publicBaseUrl.replace(/\/+$/, '')}/t/${encodeURIComponent(shop.slug)}/admin/${path}`;
}

/** What a customer does in the chat: the buttons of the customer menu and the staff's 購物選單 tab. */
function customerButtons(shop: RichMenuShop): Omit<RichMenuArea, 'bounds'>[] {
  const phone = shop.contactPhone?.replace(/[^\d+]/g, '') ?? '';
  return [
    {
      key: 'order',
      action: { type: 'message', label: '我要 +1', text: '+1' },
      title: '我要 +1',
      subtitle: '訂最新商品 1 件',
    },
    {
      key: 'reserve',
      action: { type: 'message', label: '幫我留', text: '幫我留' },
      title: '幫我留',
      subtitle: '先保留最新商品',
    },
    {
      key: 'history',
      action: { type: 'message', label: '購入履歷', text: '【履歷】' },
      title: '購入履歷',
      subtitle: '查看我的訂單',
    },
    phone
      ? {
          key: 'contact',
          action: { type: 'uri', label: '聯絡店家', uri: `tel:${phone}` },
          title: '聯絡店家',
          subtitle: '直接打電話',
        }
      : {
          key: 'contact',
          action: { type: 'message', label: '聯絡店家', text: '您好，我想詢問商品' },
          title: '聯絡店家',
          subtitle: '留言給店家',
        },
  ];
}

const CUSTOMER_MENU = { chatBarText: '選單・下單', selected: true, accent: '#06c755' } as const;

/** The default menu of every friend: the four buttons fill it; no tabs, nothing leads to the admin. */
export function customerRichMenu(shop: RichMenuShop): RichMenuDefinition {
  return {
    kind: 'customer',
    name: `${richMenuNamePrefix(shop)}customer`,
    size: { ...RICH_MENU_SIZE },
    ...CUSTOMER_MENU,
    areas: grid(customerButtons(shop), 0),
  };
}

/** A bound staff member's 購物選單 tab: the customer buttons under the tab strip. */
export function staffCustomerRichMenu(shop: RichMenuShop): RichMenuDefinition {
  return {
    kind: 'staffCustomer',
    name: `${richMenuNamePrefix(shop)}staff-shop`,
    size: { ...RICH_MENU_SIZE },
    ...CUSTOMER_MENU,
    areas: [...tabs(shop, 'staffCustomer'), ...grid(customerButtons(shop), RICH_MENU_TAB_HEIGHT)],
  };
}

/**
 * What staff do from the chat: open the admin pages of this shop, and clock in and out (the
 * words the chat's 打卡 understands, domain/attendance/punches.ts).
 */
function adminButtons(shop: RichMenuShop): Omit<RichMenuArea, 'bounds'>[] {
  return [
    {
      key: 'orders',
      action: { type: 'uri', label: '今日訂單', uri: adminUrl(shop, 'orders') },
      title: '今日訂單',
      subtitle: '查看、出貨、收款',
    },
    {
      key: 'products',
      action: { type: 'uri', label: '商品管理', uri: adminUrl(shop, 'products') },
      title: '商品管理',
      subtitle: '價格、庫存、上架',
    },
    {
      key: 'new-product',
      action: { type: 'uri', label: '新增商品', uri: adminUrl(shop, 'products/new') },
      title: '新增商品',
      subtitle: '或直接傳照片',
    },
    {
      key: 'clock-in',
      action: { type: 'message', label: '上班打卡', text: '上班打卡' },
      title: '上班打卡',
      subtitle: '到店後按一下',
    },
    {
      key: 'clock-out',
      action: { type: 'message', label: '下班打卡', text: '下班打卡' },
      title: '下班打卡',
      subtitle: '離店前按一下',
    },
    {
      key: 'settings',
      action: { type: 'uri', label: 'LINE 設定', uri: adminUrl(shop, 'settings/line') },
      title: 'LINE 設定',
      subtitle: '連動、選單、歡迎詞',
    },
  ];
}

export function adminRichMenu(shop: RichMenuShop): RichMenuDefinition {
  return {
    kind: 'admin',
    name: `${richMenuNamePrefix(shop)}admin`,
    chatBarText: '店家管理',
    size: { ...RICH_MENU_SIZE },
    selected: true,
    accent: '#1f6feb',
    areas: [...tabs(shop, 'admin'), ...grid(adminButtons(shop), RICH_MENU_TAB_HEIGHT, 3)],
  };
}

export function richMenuDefinitions(shop: RichMenuShop): Record<RichMenuKind, RichMenuDefinition> {
  return { customer: customerRichMenu(shop), staffCustomer: staffCustomerRichMenu(shop), admin: adminRichMenu(shop) };
}

/** The body of LINE's `POST /v2/bot/richmenu`. */
export function lineRichMenuBody(def: RichMenuDefinition) {
  return {
    size: def.size,
    selected: def.selected,
    name: def.name,
    chatBarText: def.chatBarText,
    areas: def.areas.map((a) => ({ bounds: a.bounds, action: a.action })),
  };
}

/** The LINE steps of applying the menus, for error messages. */
export type RichMenuStep = 'create' | 'image' | 'alias' | 'default' | 'link' | 'cleanup';

const STEP_NAMES: Record<RichMenuStep, string> = {
  create: '建立選單',
  image: '上傳選單圖片',
  alias: '設定選單切換（alias）',
  default: '設為預設選單',
  link: '把店家選單套用到店家成員',
  cleanup: '刪除舊選單',
};

/** What the merchant reads when LINE refused a step (status 0: no answer from LINE). */
export function richMenuFailureMessage(step: RichMenuStep, status: number, lineMessage: string | null): string {
  const what = `LINE 在「${STEP_NAMES[step]}」這一步`;
  const detail = lineMessage ? `（LINE 回覆：${lineMessage}）` : '';
  if (status === 0) return `${what}沒有回應，可能是網路問題，請稍後再按一次「套用」。`;
  if (status === 401 || status === 403) {
    return `${what}拒絕了要求：Access token 無效或沒有權限${detail}。請到「LINE 設定」重新貼上 Access token 並按「驗證」。`;
  }
  if (status === 429) return `${what}回覆太多要求，請過一小時後再按一次「套用」${detail}。`;
  if (status >= 500) return `${what}暫時無法處理（HTTP ${status}），請稍後再按一次「套用」。`;
  return `${what}拒絕了要求（HTTP ${status}）${detail}。`;
}
