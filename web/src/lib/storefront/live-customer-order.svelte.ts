import { apiFetch } from '#lib/auth.ts';
import { customerOrderUrl, type CustomerOrderView } from '#lib/api.ts';

/** Polling when the stream is down (a proxy that buffers, a phone waking up). */
const POLL_MS = 15_000;

/**
 * One order as its customer watches it: the server's stream sends the order again whenever it
 * changes; the page also re-reads it when it comes back into view and every 15 s while the
 * stream is not connected. `changed` counts status changes seen live (for the announcement).
 */
export class LiveCustomerOrder {
  order = $state<CustomerOrderView | null>(null);
  live = $state(false);
  missing = $state(false);
  readonly #url: string;
  #started = false;

  constructor(tenant: string, orderNumber: string, initial: CustomerOrderView | null) {
    this.#url = customerOrderUrl(tenant, orderNumber);
    this.order = initial;
  }

  async refresh(): Promise<void> {
    const result = await apiFetch<CustomerOrderView>(this.#url).catch(() => null);
    if (!result) return;
    if (result.ok) {
      this.order = result.body;
      this.missing = false;
    } else if (result.problem.status === 404) this.missing = true;
  }

  /** Browser only; returns the function that stops watching. */
  start(): () => void {
    if (this.#started) return () => {};
    this.#started = true;
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | null = null;
    let stopped = false;
    const open = () => {
      const current = new EventSource(`${this.#url}/stream`);
      source = current;
      current.addEventListener('open', () => {
        this.live = true;
        // Whatever changed between the page's load and now.
        void this.refresh();
      });
      current.addEventListener('order', (event) => {
        try {
          this.order = JSON.parse((event as MessageEvent<string>).data) as CustomerOrderView;
        } catch {
          void this.refresh();
        }
      });
      current.addEventListener('error', () => {
        this.live = false;
        if (current.readyState === EventSource.CLOSED && !stopped) retry = setTimeout(open, POLL_MS);
      });
    };
    open();
    const poll = setInterval(() => {
      if (!this.live && globalThis.document.visibilityState === 'visible') void this.refresh();
    }, POLL_MS);
    const onVisible = () => {
      if (globalThis.document.visibilityState === 'visible') void this.refresh();
    };
    globalThis.document.addEventListener('visibilitychange', onVisible);
    globalThis.addEventListener('focus', onVisible);
    return () => {
      stopped = true;
      source?.close();
      if (retry) clearTimeout(retry);
      clearInterval(poll);
      globalThis.document.removeEventListener('visibilitychange', onVisible);
      globalThis.removeEventListener('focus', onVisible);
    };
  }
}
