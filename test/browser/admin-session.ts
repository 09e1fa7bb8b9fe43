import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { ApiServer } from '../support/api-server.ts';
import { createMember, createSession } from '../support/auth.ts';
import type { Role, Permissions } from '../../domain/team/permissions.ts';
import { launchChromium, sessionCookie } from '../support/browser.ts';
import { REPO_DIR, buildWebApp, startAdminServer } from './support.ts';

/**
 * What the admin browser tests share: screen sizes, where screenshots go, a signed-in browser
 * context for a member, and a page that records the browser's errors.
 */

export const SCREENSHOTS = join(REPO_DIR, 'test-results');
mkdirSync(SCREENSHOTS, { recursive: true });
// Pixel ratio 1: the layout is the same at any ratio, and a ratio of 2 paints and screenshots four
// times the pixels (Chromium spent nearly twice the CPU on the same phone pages).
export const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true };
export const DESKTOP = { viewport: { width: 1280, height: 800 } };

export type WatchedPage = Page & { errors: string[] };
export type ContextOptions = Parameters<Browser['newContext']>[0];

/** The built app on a real server over a scratch database, and a headless Chromium. */
export async function startBrowserStack(
  label: string,
  extraEnv: Record<string, string> = {},
): Promise<{ server: ApiServer; browser: Browser; close(): Promise<void> }> {
  const webBuild = await buildWebApp();
  const server = await startAdminServer(label, extraEnv);
  const browser = await launchChromium();
  return {
    server,
    browser,
    async close() {
      await browser.close();
      await server.close();
      webBuild.remove();
    },
  };
}

/** A member of the shops (the same role in each) and a function opening a browser as them. */
export async function memberBrowser(
  server: ApiServer,
  browser: Browser,
  tenantIds: string[],
  member: { role: Role; displayName: string; permissions?: Partial<Permissions> },
): Promise<(options: ContextOptions) => Promise<BrowserContext>> {
  const [first, ...others] = tenantIds;
  const created = await createMember(server.db, first!, member);
  for (const tenantId of others) {
    await server.db.staff.create({
      data: { tenantId, userId: created.userId, displayName: member.displayName, role: member.role },
    });
  }
  const session = await createSession(server.db, server.app.jiayiAuth.config, created.userId);
  const cookie = sessionCookie(session, server.baseUrl);
  return async (options) => {
    const context = await browser.newContext(options);
    await context.addCookies([cookie]);
    return context;
  };
}

/** Opens a path of the server and expects `status` (no wait for hydration); the page keeps the browser's errors. */
export async function openPage(
  server: { baseUrl: string },
  context: BrowserContext,
  path: string,
  status = 200,
): Promise<WatchedPage> {
  const page = (await context.newPage()) as WatchedPage;
  page.errors = watchErrors(page);
  const response = await page.goto(`${server.baseUrl}${path}`);
  expect(response?.status()).toBe(status);
  return page;
}

/** openPage, then waits until the page has hydrated. */
export async function open(...args: Parameters<typeof openPage>): Promise<WatchedPage> {
  const page = await openPage(...args);
  await hydrated(page);
  return page;
}

/** Collects the page's uncaught errors and console errors from now on. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  return errors;
}

/**
 * Waits until the app has hydrated and its router runs (SvelteKit sets manual scroll
 * restoration then), so clicks and typing reach the page's handlers, not the bare HTML.
 */
export async function hydrated(page: Page): Promise<void> {
  await page.waitForFunction(() => history.scrollRestoration === 'manual');
}

/** Text with its runs of white space made single spaces. */
export const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

/** A page's link in the admin's menu, even while the menu is closed (on a phone). */
export function menuLink(page: Page, name: string): Locator {
  return page
    .getByRole('navigation', { name: '管理選單', includeHidden: true })
    .getByRole('link', { name, includeHidden: true });
}

/**
 * The admin's menu (管理選單, zh-TW): beside the page on a wide screen; on a phone behind the
 * header's 選單 button, which this taps first.
 */
export async function adminMenu(page: Page): Promise<Locator> {
  const button = page.getByRole('button', { name: '選單', exact: true });
  const nav = page.getByRole('navigation', { name: '管理選單' });
  if (await button.isVisible()) {
    if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
    // It slides in from the left edge: wait until it is all on screen.
    await expect.poll(async () => (await nav.boundingBox())?.x).toBe(0);
  }
  await nav.waitFor();
  return nav;
}
