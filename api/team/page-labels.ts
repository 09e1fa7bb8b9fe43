import { readdirSync, readFileSync } from 'node:fs';
import { adminPage, type PageKey } from '../../domain/team/admin-pages.ts';

/**
 * The zh-TW name of an admin page, read from the web app's own copy, so a refusal names the
 * page as the menu does.
 */
const ZH_TW = new URL('../../web/src/lib/i18n/zh-TW/', import.meta.url);
const messages: Record<string, unknown> = Object.assign(
  {},
  ...readdirSync(ZH_TW)
    .filter((file) => file.endsWith('.json'))
    .map((file) => JSON.parse(readFileSync(new URL(file, ZH_TW), 'utf8')) as Record<string, unknown>),
);

export function pageLabel(page: PageKey): string {
  let found: unknown = messages;
  for (const part of adminPage(page).label.split('.')) {
    found = found && typeof found === 'object' ? (found as Record<string, unknown>)[part] : undefined;
  }
  return typeof found === 'string' ? found : page;
}
