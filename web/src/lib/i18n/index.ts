import i18next, { type TFunction } from 'i18next';
import { createContext } from 'svelte';
import en from './en.json';
import zhTW from './zh-TW.json';
import { DEFAULT_LOCALE, LOCALES, type Locale } from './locale.ts';

export * from './locale.ts';

export const messages = { 'zh-TW': zhTW, en } as const satisfies Record<Locale, unknown>;

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
