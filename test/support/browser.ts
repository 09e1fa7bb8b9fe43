import { chromium, type Browser } from 'playwright-core';

/**
 * Debian's chromium, headless. `npx playwright install` cannot download a browser here, and
 * without the background-networking flags Chromium keeps dialling Google's closed hosts.
 * `extraArgs`: e.g. chromiumLineHostArgs, so LIFF's SDK reaches the LINE sandbox.
 */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
  });
}

/** The browser cookie of a test session (test/support/auth.ts) on the server at `url`. */
export function sessionCookie(session: { cookieName: string; token: string }, url: string) {
  return { name: session.cookieName, value: session.token, url, httpOnly: true, sameSite: 'Lax' as const };
}
