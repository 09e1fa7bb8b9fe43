import { chromium, type Browser } from 'playwright-core';
import { inject } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium-flags.ts';
import { askBroker } from './stack-broker.ts';

/**
 * A headless Chromium. Without `extraArgs`,
 * or with those of the shared stack's LINE hosts (chromiumLineHostArgs), it is the worker slot's
 * shared browser: closing it closes this file's contexts and disconnects. Other arguments get a
 * browser of their own.
 */
export async function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  const shared = await askBroker<{ wsEndpoint: string; args: string[] }>(inject('stackBrokerUrl'), 'chromium');
  if (extraArgs.length === 0 || extraArgs.join('\n') === shared.args.join('\n')) return chromium.connect(shared.wsEndpoint);
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, ...extraArgs] });
}

/** The browser cookie of a test session (test/support/auth.ts) on the server at `url`. */
export function sessionCookie(session: { cookieName: string; token: string }, url: string) {
  return { name: session.cookieName, value: session.token, url, httpOnly: true, sameSite: 'Lax' as const };
}
