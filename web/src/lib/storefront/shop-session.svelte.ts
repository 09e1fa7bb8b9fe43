import type { TFunction } from 'i18next';
import { invalidateAll } from '$app/navigation';
import { onMount, untrack } from 'svelte';
import { apiFetch, problemText } from '#lib/auth.ts';
import type { CustomerOrder, StorefrontCustomer } from '#lib/api.ts';
import { forgetLoginReturn, initLiff, isLiffLanding } from './liff.ts';

/**
 * Who is signed in on a shop's pages, and sign-in with LINE through LIFF. In LINE, or back from
 * LINE's login, or arriving by a permanent link, sign-in finishes by itself (start()); elsewhere
 * signIn(true) sends the visitor to LINE's login. The server only trusts the ID token it
 * verifies with LINE.
 */
export class ShopSession {
  customer = $state<StorefrontCustomer | null>(null);
  orders = $state<CustomerOrder[] | null>(null);
  busy = $state(false);
  problem = $state<string | null>(null);

  private readonly api: string;
  private readonly liffId: string | null;
  private readonly t: () => TFunction;
  private readonly loginReturn: () => string;

  /**
   * `loginReturn`: where LINE's login sends the customer back (this page by default). LINE
   * only returns to the LIFF app's endpoint (the shop page) or a page below it.
   */
  constructor(
    api: string,
    liffId: string | null,
    initial: StorefrontCustomer | null,
    t: () => TFunction,
    loginReturn: () => string = () => globalThis.location.href,
  ) {
    this.api = api;
    this.liffId = liffId;
    this.customer = initial;
    this.t = t;
    this.loginReturn = loginReturn;
  }

  /** On the page's first load in the browser. */
  start(): void {
    if (this.customer) void this.loadOrders();
    if (!this.liffId || !isLiffLanding(globalThis.location, globalThis.navigator.userAgent)) return;
    // Signed in already, LIFF still has to follow a permanent link's liff.state to its page.
    if (this.customer) void initLiff(this.liffId).catch((error: unknown) => console.warn('LIFF init failed', error));
    else void this.signIn(false);
  }

  async loadOrders(): Promise<void> {
    const result = await apiFetch<{ orders: CustomerOrder[] }>(`${this.api}/orders`);
    this.orders = result.ok ? result.body.orders : null;
  }

  async signIn(interactive: boolean): Promise<void> {
    const t = this.t();
    if (!this.liffId) {
      this.problem = t('storefront.noLiff');
      return;
    }
    this.busy = true;
    this.problem = null;
    try {
      const liff = await initLiff(this.liffId);
      forgetLoginReturn(globalThis.location, globalThis.history);
      if (!liff.isLoggedIn()) {
        if (interactive) liff.login({ redirectUri: this.loginReturn() });
        else this.busy = false;
        return;
      }
      const idToken = liff.getIDToken();
      if (!idToken) throw new Error('LIFF gave no ID token (openid scope missing)');
      const result = await apiFetch<{ customer: StorefrontCustomer }>(`${this.api}/session`, {
        method: 'POST',
        json: { idToken },
      });
      if (result.ok) {
        this.customer = result.body.customer;
        void this.loadOrders();
      } else this.problem = problemText(t, result.problem);
    } catch (error) {
      console.warn('LINE sign-in failed', error);
      this.problem = t('storefront.lineUnreachable');
    }
    this.busy = false;
  }

  async signOut(): Promise<void> {
    this.busy = true;
    await apiFetch(`${this.api}/session`, { method: 'DELETE' });
    if (this.liffId)
      await initLiff(this.liffId)
        .then((liff) => liff.logout())
        .catch(() => {});
    this.customer = null;
    this.orders = null;
    this.busy = false;
  }
}

/**
 * The session of a shop page whose data is about who is signed in (the member card, 打卡):
 * started when the page mounts, and the page's data loaded again whenever the customer signed
 * in here changes. Call it while the component initialises.
 */
export function signedInShopPage(
  slug: string,
  liffId: string | null,
  customer: StorefrontCustomer | null,
  t: () => TFunction,
): ShopSession {
  const session = new ShopSession(`/api/shop/${encodeURIComponent(slug)}`, liffId, customer, t);
  onMount(() => session.start());
  let seen = untrack(() => customer?.displayName ?? null);
  $effect(() => {
    const now = session.customer?.displayName ?? null;
    if (now !== seen) {
      seen = now;
      void invalidateAll();
    }
  });
  return session;
}
