/**
 * Which language a page is shown in: `?lang=`, then the `lang` cookie (both the person's own
 * choice, from the language switch), then on a shop's admin pages the shop's 後台預設語言
 * (系統設定), then the browser's Accept-Language, then Traditional Chinese (Taiwan). Pure, so
 * server and tests share it.
 */

export const LOCALES = ['zh-TW', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'zh-TW';
export const LOCALE_COOKIE = 'lang';
export const LOCALE_QUERY = 'lang';

/** A supported locale for a BCP 47 tag: any Chinese → zh-TW (the only Chinese we have), any English → en. */
export function matchLocale(tag: string | null | undefined): Locale | null {
  if (!tag) return null;
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0];
  if (primary === 'zh') return 'zh-TW';
  if (primary === 'en') return 'en';
  return null;
}

/** The best supported locale in an Accept-Language header (q-values honoured), or null. */
export function negotiateLocale(acceptLanguage: string | null | undefined): Locale | null {
  if (!acceptLanguage) return null;
  const ranked = acceptLanguage
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const quality = q ? Number(q.slice(2)) : 1;
      return { tag: tag.trim(), quality: Number.isFinite(quality) ? quality : 0, index };
    })
    .filter((entry) => entry.tag && entry.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  for (const entry of ranked) {
    const locale = matchLocale(entry.tag);
    if (locale) return locale;
  }
  return null;
}

export function resolveLocale(input: {
  query?: string | null;
  cookie?: string | null;
  /** The shop's admin default, on its admin pages; null: it chose none. */
  shopDefault?: string | null;
  acceptLanguage?: string | null;
}): Locale {
  return (
    matchLocale(input.query) ??
    matchLocale(input.cookie) ??
    matchLocale(input.shopDefault) ??
    negotiateLocale(input.acceptLanguage) ??
    DEFAULT_LOCALE
  );
}
