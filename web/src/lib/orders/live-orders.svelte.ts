import { SvelteSet } from 'svelte/reactivity';
import {
  compareOrders,
  fetchOrder,
  fetchOrderPage,
  orderStreamUrl,
  PAGE_SIZE,
  type AdminOrder,
  type AdminOrderPage,
} from '#lib/api.ts';
import type { OrderStatus } from '#lib/domain.ts';
import { coalesce } from './coalesce.ts';
import { keepStreamOpen } from './event-stream.ts';

/** What the list is narrowed to: part of an order number or customer name, and/or a status. */
export interface OrderFilter {
  q: string;
  status: OrderStatus | null;
}

export type Connection = 'connecting' | 'live' | 'offline';
export interface Arrival {
  kind: 'new' | 'updated';
  number: string;
}

const HIGHLIGHT_MS = 6_000;
/** Events for the same order within this window are fetched once. */
const COALESCE_MS = 120;
/**
 * More orders than this changed within one window (a live sale's batch): the first page is read
 * once and the list starts again from it, instead of one read per order, which from every open
 * admin page would load the server while it answers the sale.
 */
const BURST_ORDERS = 20;

/**
 * The order list of one shop as the page shows it: the pages loaded so far, kept current by
 * the server's event stream. The stream only says "order X changed"; the row itself is read
 * from the JSON API, so the page never guesses at business state.
 */
export class LiveOrders {
  orders = $state<AdminOrder[]>([]);
  nextCursor = $state<string | null>(null);
  loadingMore = $state(false);
  loadFailed = $state(false);
  connection = $state<Connection>('connecting');
  /** Rows that arrived or changed a moment ago (highlighted). */
  fresh = new SvelteSet<string>();
  /** The latest change, for the screen-reader announcement. */
  lastArrival = $state<Arrival | null>(null);
  /** The search and status the list shows; set with `applyFilter`. */
  filter = $state<OrderFilter>({ q: '', status: null });
  /** A filtered first page is on its way. */
  loading = $state(false);
  readonly filtered = $derived(this.filter.q !== '' || this.filter.status !== null);

  readonly tenant: string;
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, not shown
  #pending = new Set<string>();
  #flush = coalesce(COALESCE_MS, () => this.#readPending());
  /** Only the answer to the latest filter counts (typing fast asks several times). */
  #asked = 0;

  /** `first` is the first page of `filter` (the order list page reads it from the address). */
  constructor(tenant: string, first: AdminOrderPage, filter: OrderFilter = { q: '', status: null }) {
    this.tenant = tenant;
    this.orders = first.orders;
    this.nextCursor = first.nextCursor;
    this.filter = { q: filter.q.trim(), status: filter.status };
  }

  #query(cursor: string | null = null) {
    return { cursor, limit: PAGE_SIZE, q: this.filter.q, status: this.filter.status };
  }

  /** Shows the first page of orders matching `filter` (the whole list when it is empty). */
  async applyFilter(filter: OrderFilter): Promise<void> {
    const next = { q: filter.q.trim(), status: filter.status };
    if (next.q === this.filter.q && next.status === this.filter.status) return;
    this.filter = next;
    const mine = ++this.#asked;
    this.loading = true;
    this.loadFailed = false;
    try {
      const page = await fetchOrderPage(fetch, this.tenant, this.#query());
      if (mine !== this.#asked) return;
      this.orders = page.orders;
      this.nextCursor = page.nextCursor;
    } catch {
      if (mine === this.#asked) this.loadFailed = true;
    } finally {
      if (mine === this.#asked) this.loading = false;
    }
  }

  async loadMore(): Promise<void> {
    if (!this.nextCursor || this.loadingMore) return;
    const mine = this.#asked;
    this.loadingMore = true;
    this.loadFailed = false;
    try {
      const page = await fetchOrderPage(fetch, this.tenant, this.#query(this.nextCursor));
      if (mine !== this.#asked) return;
      // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local lookup, not state
      const known = new Set(this.orders.map((o) => o.id));
      this.orders = [...this.orders, ...page.orders.filter((o) => !known.has(o.id))];
      this.nextCursor = page.nextCursor;
    } catch {
      this.loadFailed = true;
    } finally {
      this.loadingMore = false;
    }
  }

  /** Opens the event stream and keeps it open; returns the function that closes it. Browser only. */
  connect(): () => void {
    const stream = keepStreamOpen(
      orderStreamUrl(this.tenant),
      {
        // Every (re)connection: catch up on anything that changed while we were not listening
        // (between the page load and now, or offline).
        ready: () => {
          this.connection = 'live';
          void this.refreshHead();
        },
        resync: () => void this.refreshHead(),
        order: (data) => {
          try {
            const { orderId } = JSON.parse(data) as { orderId?: unknown };
            if (typeof orderId === 'string') this.#queue(orderId);
          } catch {
            // ignore a malformed event
          }
        },
      },
      (closed) => {
        if (this.connection === 'live' || closed) this.connection = 'offline';
      },
    );
    return () => {
      stream.close();
      this.#flush.cancel();
    };
  }

  #queue(orderId: string) {
    this.#pending.add(orderId);
    this.#flush.soon();
  }

  #readPending() {
    const ids = [...this.#pending];
    this.#pending.clear();
    // A search may match on text the page cannot check (the customer's name as the server
    // sees it): re-read the filtered first page instead of guessing.
    if (ids.length > BURST_ORDERS) void this.refreshHead({ restart: true });
    else if (this.filter.q) void this.refreshHead();
    else for (const id of ids) void this.#refreshOrder(id);
  }

  async #refreshOrder(orderId: string) {
    try {
      const mine = this.#asked;
      const order = await fetchOrder(fetch, this.tenant, orderId);
      if (mine !== this.#asked) return;
      const status = this.filter.status;
      if (status && order.status !== status) {
        // No longer matches the status shown: it leaves the list.
        this.orders = this.orders.filter((o) => o.id !== order.id);
        return;
      }
      this.#upsert(order);
    } catch {
      // A row we cannot read now is picked up by the next refresh.
    }
  }

  /**
   * Re-reads the newest page and merges it in; with `restart`, the list starts again from it,
   * as a reload would show it, its new rows highlighted.
   */
  async refreshHead(options: { restart?: boolean } = {}): Promise<void> {
    try {
      const mine = this.#asked;
      const page = await fetchOrderPage(fetch, this.tenant, this.#query());
      if (mine !== this.#asked) return;
      if (options.restart) {
        // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local lookup, not state
        const shown = new Set(this.orders.map((o) => o.id));
        this.orders = page.orders;
        this.nextCursor = page.nextCursor;
        // Oldest first, so the announcement names the newest.
        for (const order of [...page.orders].reverse()) if (!shown.has(order.id)) this.#highlight(order, 'new');
        return;
      }
      if (this.filtered) {
        // Rows within the first page's range that the server no longer matches leave the list.
        const oldest = page.orders.at(-1);
        // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local lookup, not state
        const matched = new Set(page.orders.map((o) => o.id));
        this.orders = this.orders.filter(
          (o) =>
            matched.has(o.id) || (page.nextCursor !== null && oldest !== undefined && compareOrders(o, oldest) > 0),
        );
      }
      for (const order of [...page.orders].reverse()) this.#upsert(order);
      if (this.orders.length === 0) this.nextCursor = page.nextCursor;
    } catch {
      // keep what we show
    }
  }

  #upsert(order: AdminOrder) {
    const index = this.orders.findIndex((o) => o.id === order.id);
    if (index >= 0) {
      const before = this.orders[index]!;
      if (JSON.stringify(before) === JSON.stringify(order)) return;
      this.orders[index] = order;
      this.#highlight(order, 'updated');
      return;
    }
    // A row older than everything loaded, while more pages exist, shows up when they load.
    const oldest = this.orders.at(-1);
    if (oldest && this.nextCursor && compareOrders(order, oldest) > 0) return;
    const at = this.orders.findIndex((o) => compareOrders(order, o) < 0);
    if (at < 0) this.orders.push(order);
    else this.orders.splice(at, 0, order);
    this.#highlight(order, 'new');
  }

  #highlight(order: AdminOrder, kind: Arrival['kind']) {
    this.fresh.add(order.id);
    this.lastArrival = { kind, number: order.number };
    setTimeout(() => this.fresh.delete(order.id), HIGHLIGHT_MS);
  }
}
