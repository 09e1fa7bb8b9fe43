import i18next, { type TFunction } from 'i18next';
import { createContext } from 'svelte';
import enApp from './en/app.json';
import enAttendance from './en/attendance.json';
import enBilling from './en/billing.json';
import enCatalog from './en/catalog.json';
import enCustomers from './en/customers.json';
import enInsights from './en/insights.json';
import enInvoices from './en/invoices.json';
import enLineChat from './en/line-chat.json';
import enMembers from './en/members.json';
import enOrderBoard from './en/order-board.json';
import enOrders from './en/orders.json';
import enReports from './en/reports.json';
import enPrinting from './en/printing.json';
import enPromotions from './en/promotions.json';
import enRestaurant from './en/restaurant.json';
import enStorefront from './en/storefront.json';
import enSupport from './en/support.json';
import enTeam from './en/team.json';
import enUberEats from './en/ubereats.json';
import enDelivery from './en/delivery.json';
import { DEFAULT_LOCALE, LOCALES, type Locale } from './locale.ts';
import zhApp from './zh-TW/app.json';
import zhAttendance from './zh-TW/attendance.json';
import zhBilling from './zh-TW/billing.json';
import zhCatalog from './zh-TW/catalog.json';
import zhCustomers from './zh-TW/customers.json';
import zhInsights from './zh-TW/insights.json';
import zhInvoices from './zh-TW/invoices.json';
import zhLineChat from './zh-TW/line-chat.json';
import zhMembers from './zh-TW/members.json';
import zhOrderBoard from './zh-TW/order-board.json';
import zhOrders from './zh-TW/orders.json';
import zhReports from './zh-TW/reports.json';
import zhPrinting from './zh-TW/printing.json';
import zhPromotions from './zh-TW/promotions.json';
import zhRestaurant from './zh-TW/restaurant.json';
import zhStorefront from './zh-TW/storefront.json';
import zhSupport from './zh-TW/support.json';
import zhTeam from './zh-TW/team.json';
import zhUberEats from './zh-TW/ubereats.json';
import zhDelivery from './zh-TW/delivery.json';

export * from './locale.ts';

/** The message files: `<locale>/<area>.json`, `app` for what every page shares. */
export const MESSAGE_AREAS = [
  'app',
  'orders',
  'catalog',
  'customers',
  'insights',
  'team',
  'line-chat',
  'restaurant',
  'storefront',
  'order-board',
  'billing',
  'reports',
  'attendance',
  'support',
  'printing',
  'ubereats',
  'members',
  'invoices',
  'promotions',
  'delivery',
] as const;
export type MessageArea = (typeof MESSAGE_AREAS)[number];
type MessageTree = Record<string, unknown>;

/**
 * Each area's messages in its own file, so work on one area edits only that area's files.
 * The files' top-level keys are disjoint (i18n.test.ts checks), so a key such as
 * `orders.allShown` names the same message as before the split.
 */
export const areaMessages = {
  'zh-TW': {
    app: zhApp,
    orders: zhOrders,
    catalog: zhCatalog,
    customers: zhCustomers,
    insights: zhInsights,
    team: zhTeam,
    'line-chat': zhLineChat,
    restaurant: zhRestaurant,
    storefront: zhStorefront,
    'order-board': zhOrderBoard,
    billing: zhBilling,
    reports: zhReports,
    attendance: zhAttendance,
    support: zhSupport,
    printing: zhPrinting,
    ubereats: zhUberEats,
    delivery: zhDelivery,
    members: zhMembers,
    invoices: zhInvoices,
    promotions: zhPromotions,
  },
  en: {
    app: enApp,
    orders: enOrders,
    catalog: enCatalog,
    customers: enCustomers,
    insights: enInsights,
    team: enTeam,
    'line-chat': enLineChat,
    restaurant: enRestaurant,
    storefront: enStorefront,
    'order-board': enOrderBoard,
    billing: enBilling,
    reports: enReports,
    attendance: enAttendance,
    support: enSupport,
    printing: enPrinting,
    ubereats: enUberEats,
    delivery: enDelivery,
    members: enMembers,
    invoices: enInvoices,
    promotions: enPromotions,
  },
} as const satisfies Record<Locale, Record<MessageArea, MessageTree>>;

function mergeAreas(areas: Record<MessageArea, MessageTree>): MessageTree {
  return Object.assign({}, ...MESSAGE_AREAS.map((area) => areas[area])) as MessageTree;
}

/** Every locale's messages, all areas merged into one tree. */
export const messages: Record<Locale, MessageTree> = {
  'zh-TW': mergeAreas(areaMessages['zh-TW']),
  en: mergeAreas(areaMessages.en),
};

export interface I18n {
  locale: Locale;
  t: TFunction;
}

/**
 * An i18next instance of its own for one locale. One per page tree (never a shared global),
 * so concurrent server renders in different languages cannot leak into each other. The
 * messages are bundled, so initialisation is synchronous and works the same in SSR and the browser.
 */
export function createI18n(locale: Locale): I18n {
  const instance = i18next.createInstance();
  void instance.init({
    lng: locale,
    fallbackLng: DEFAULT_LOCALE,
    supportedLngs: [...LOCALES],
    // Match 'zh-TW' exactly; with the default, i18next would also try 'zh'.
    load: 'currentOnly',
    resources: {
      'zh-TW': { translation: messages['zh-TW'] },
      en: { translation: messages.en },
    },
    initAsync: false,
    // Svelte escapes whatever it renders.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return { locale, t: instance.getFixedT(locale) };
}

const [getI18nContext, setI18nContext] = createContext<I18n>();

/** The layout provides the page's I18n; components read it with useI18n(). */
export { setI18nContext };

export function useI18n(): I18n {
  return getI18nContext();
}
