import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ORDER_STATUSES, ORDER_STATUS_LABELS_ZH } from '../../../../domain/orders/order-status.ts';
import {
  areaMessages,
  createI18n,
  LOCALES,
  MESSAGE_AREAS,
  matchLocale,
  messages,
  negotiateLocale,
  resolveLocale,
} from './index.ts';

/** Every key path of a message tree, plural suffixes folded (`x_one`, `x_other` → `x`). */
function keys(tree: unknown, prefix = ''): string[] {
  if (typeof tree !== 'object' || tree === null) return [prefix.replace(/_(zero|one|two|few|many|other)$/, '')];
  return Object.entries(tree).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

describe('messages', () => {
  it('have the same keys in zh-TW and English', () => {
    expect([...new Set(keys(messages.en))].sort()).toEqual([...new Set(keys(messages['zh-TW']))].sort());
  });

  it('come from one file per area, the same files with the same keys in every locale', () => {
    const files = MESSAGE_AREAS.map((area) => `${area}.json`).sort();
    for (const locale of LOCALES) {
      // A file index.ts does not import would never be shown.
      expect(readdirSync(new URL(`./${locale}/`, import.meta.url)).sort()).toEqual(files);
    }
    for (const area of MESSAGE_AREAS) {
      expect([...new Set(keys(areaMessages.en[area]))].sort()).toEqual(
        [...new Set(keys(areaMessages['zh-TW'][area]))].sort(),
      );
    }
  });

  it('give each top-level key to one area file only', () => {
    for (const locale of LOCALES) {
      const topLevel = MESSAGE_AREAS.flatMap((area) => Object.keys(areaMessages[locale][area]));
      expect(topLevel).toEqual([...new Set(topLevel)]);
    }
  });

  it('label every order status, in zh-TW exactly as merchants know them', () => {
    const zh = createI18n('zh-TW');
    const en = createI18n('en');
    for (const status of ORDER_STATUSES) {
      expect(zh.t(`status.${status}`)).toBe(ORDER_STATUS_LABELS_ZH[status]);
      expect(en.t(`status.${status}`)).not.toBe(`status.${status}`);
    }
  });

  it('interpolate and pluralise', () => {
    const zh = createI18n('zh-TW');
    expect(zh.t('orders.shortfall', { requested: 3, allocated: 2 })).toBe('(訂 3，配 2)');
    expect(zh.t('orders.allShown', { count: 53 })).toBe('已顯示全部 53 筆訂單');
    const en = createI18n('en');
    expect(en.t('orders.allShown', { count: 1 })).toBe('Showing the only order');
    expect(en.t('orders.allShown', { count: 2 })).toBe('Showing all 2 orders');
    // Values are not HTML-escaped here: Svelte escapes what it renders.
    expect(en.t('orders.itemLine', { name: 'A & B <b>', quantity: 1 })).toBe('A & B <b> × 1');
  });
});

describe('locale', () => {
  it('maps any Chinese to zh-TW and any English to en', () => {
    expect(matchLocale('zh-Hant-TW')).toBe('zh-TW');
    expect(matchLocale('zh_CN')).toBe('zh-TW');
    expect(matchLocale('EN-us')).toBe('en');
    expect(matchLocale('ja')).toBeNull();
    expect(matchLocale('')).toBeNull();
  });

  it('honours Accept-Language quality values', () => {
    expect(negotiateLocale('ja;q=1, en;q=0.8, zh-TW;q=0.9')).toBe('zh-TW');
    expect(negotiateLocale('fr, en-GB;q=0.5')).toBe('en');
    expect(negotiateLocale('zh;q=0, en;q=0.1')).toBe('en');
    expect(negotiateLocale('fr, de')).toBeNull();
  });

  it('prefers ?lang=, then the cookie, then the browser, then zh-TW', () => {
    expect(resolveLocale({ query: 'en', cookie: 'zh-TW', acceptLanguage: 'zh' })).toBe('en');
    expect(resolveLocale({ query: 'xx', cookie: 'en', acceptLanguage: 'zh' })).toBe('en');
    expect(resolveLocale({ acceptLanguage: 'en-US,en;q=0.9' })).toBe('en');
    expect(resolveLocale({ acceptLanguage: 'ja' })).toBe('zh-TW');
    expect(resolveLocale({})).toBe('zh-TW');
  });

  it("puts a shop's admin default after the person's own choice and before the browser", () => {
    expect(resolveLocale({ shopDefault: 'en', acceptLanguage: 'zh-TW' })).toBe('en');
    expect(resolveLocale({ shopDefault: 'zh-TW', acceptLanguage: 'en-US' })).toBe('zh-TW');
    expect(resolveLocale({ cookie: 'zh-TW', shopDefault: 'en' })).toBe('zh-TW');
    expect(resolveLocale({ query: 'zh-TW', shopDefault: 'en' })).toBe('zh-TW');
    expect(resolveLocale({ shopDefault: null, acceptLanguage: 'en' })).toBe('en');
  });
});
