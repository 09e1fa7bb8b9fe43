import type { Locale } from '#lib/i18n/locale.ts';

// See https://svelte.dev/docs/kit/types#app.d.ts
declare global {
  namespace App {
    interface Error {
      message: string;
      /** A stable code the error page translates (e.g. 'shop_not_found'). */
      code?: string;
    }
    interface Locals {
      locale: Locale;
    }
  }
}

export {};
