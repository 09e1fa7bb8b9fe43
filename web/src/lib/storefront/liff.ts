import type { Liff } from '@line/liff';

/**
 * LINE's LIFF SDK, loaded only in the browser and only when needed (it is large, and outside
 * LINE a visitor may never sign in). One init per page.
 */
let ready: Promise<Liff> | null = null;

export function initLiff(liffId: string): Promise<Liff> {
  ready ??= import('@line/liff').then(async ({ default: liff }) => {
    await liff.init({ liffId });
    return liff;
  });
  // A failed init (LINE unreachable) may be retried by the next tap.
  ready.catch(() => {
    ready = null;
  });
  return ready;
}

/**
 * Whether this page load is LIFF's: opened in LINE, or back from LINE's login with the code
 * liff.init() must redeem, or through a permanent link (liff.state).
 */
export function isLiffLanding(location: Location, userAgent: string): boolean {
  const query = new URLSearchParams(location.search);
  return query.has('liffClientId') || query.has('liff.state') || / Line\//.test(userAgent);
}

/** What LINE's login leaves in the query (the code is spent once liff.init() has redeemed it). */
const LOGIN_RETURN_KEYS = [
  'code',
  'state',
  'liffClientId',
  'liffRedirectUri',
  'error',
  'error_description',
  'liffOAuth2Error',
];

/** Takes LINE's login leftovers off the address bar, so a shared or bookmarked link is clean. */
export function forgetLoginReturn(location: Location, history: History): void {
  const url = new URL(location.href);
  for (const key of LOGIN_RETURN_KEYS) url.searchParams.delete(key);
  if (url.href !== location.href) history.replaceState(history.state, '', url);
}
