import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { createMember, createSession } from '../support/auth.ts';
import type { Role, Permissions } from '../../domain/team/permissions.ts';
import { launchChromium } from '../support/browser.ts';
import { REPO_DIR, buildWebApp, startAdminServer, type AdminServer } from './support.ts';

/**
 * What the admin browser tests of customers, dashboard and exports share: screen sizes,
 * where screenshots go, a signed-in browser context for a member, and a page that records
 * the browser's errors.
 */

export const SCREENSHOTS = join(REPO_DIR, 'test-results');
mkdirSync(SCREENSHOTS, { recursive: true });
export const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
export const DESKTOP = { viewport: { width: 1280, height: 800 } };

export type WatchedPage = Page & { errors: string[] };
export type ContextOptions = Parameters<Browser['newContext']>[0];

/** The built app on a real server over a scratch database, and a headless Chromium. */
export async function startBrowserStack(
  label: string,
): Promise<{ server: AdminServer; browser: Browser; close(): Promise<void> }> {
  const webBuild = await buildWebApp();
  const server = await startAdminServer(label);
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
  server: AdminServer,
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
  const cookie = {
    name: session.cookieName,
    value: session.token,
    url: server.baseUrl,
    httpOnly: true,
    sameSite: 'Lax' as const,
  };
  return async (options) => {
    const context = await browser.newContext(options);
    await context.addCookies([cookie]);
    return context;
  };
}

/** Opens a path of the server and expects a 200; the page keeps the browser's errors. */
export async function open(
  server: AdminServer,
  context: BrowserContext,
  path: string,
  status = 200,
): Promise<WatchedPage> {
  const page = (await context.newPage()) as WatchedPage;
  page.errors = [];
  page.on('pageerror', (error) => page.errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') page.errors.push(message.text());
  });
  const response = await page.goto(`${server.baseUrl}${path}`);
  expect(response?.status()).toBe(status);
  await hydrated(page);
  return page;
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
