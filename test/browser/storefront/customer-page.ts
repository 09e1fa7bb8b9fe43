import type { Browser, BrowserContext, Page } from 'playwright-core';
import { PHONE } from '../admin-session.ts';

/**
 * A customer's phone in zh-TW: a fresh context (its own cookies and LIFF storage), kept in
 * `contexts` for the file's afterAll to close, and the page's uncaught errors. Console errors
 * are not collected: a signed-out visitor's 401 from the session check is expected there.
 */
export async function customerPhonePage(
  browser: Browser,
  contexts: BrowserContext[],
): Promise<Page & { errors: string[] }> {
  const context = await browser.newContext({ ...PHONE, locale: 'zh-TW' });
  contexts.push(context);
  const page = (await context.newPage()) as Page & { errors: string[] };
  page.errors = [];
  page.on('pageerror', (error) => page.errors.push(error.message));
  return page;
}
