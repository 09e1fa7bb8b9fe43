import { SvelteSet } from 'svelte/reactivity';
import { apiFetch } from '#lib/auth.ts';
import { boardStreamUrl, boardUrl, type BoardOrder, type BoardView } from '#lib/api.ts';
import { coalesce } from '#lib/orders/coalesce.ts';
import { keepStreamOpen } from '#lib/orders/event-stream.ts';
import type { Arrival, Connection } from '#lib/orders/live-orders.svelte.ts';
import { isFinalRestaurantStatus } from '#lib/domain.ts';
import { arrivals, FINISHED_STATUSES } from './board-view.ts';

const HIGHLIGHT_MS = 8_000;
/** Changes arriving together (a burst of orders) are read once. */
const COALESCE_MS = 150;
/**
 * A printer running out of paper or going off changes no order, so the board also reads itself
 * this often: the kitchen sees the printer's problem, and sees it cleared, within that time.
 */
const PRINTER_CHECK_MS = 20_000;

/**
 * One branch's board as the kitchen sees it, kept current by the board's event stream. The
 * stream only says "an order of this branch changed" (and whether to ring again: a new order
 * still waiting near its limit, or a booked one due in the kitchen); the board itself is read
 * again from the JSON API, so the page never guesses at business state. A flaky kitchen network is expected:
 * the stream reconnects with backoff, and coming back online or to the tab reads the board again.
 */
export class LiveBoard {
  orders = $state<BoardOrder[]>([]);
  counts = $state<BoardView['counts']>({ pending: 0, accepted: 0, preparing: 0, ready: 0 });
  /** Today's completed, rejected and cancelled orders; read when first asked for. */
  finished = $state<BoardOrder[] | null>(null);
  connection = $state<Connection>('connecting');
  /** The latest new order (each rings the chime once). */
  lastArrival = $state<Arrival | null>(null);
  /** Orders that arrived a moment ago (highlighted). */
  fresh = new SvelteSet<string>();
  loadFailed = $state(false);
  /** The branch's printers that are off, out of paper, open or failing. */
  printers = $state<BoardView['printers']>([]);

  readonly tenant: string;
  readonly branchId: string;
  #wantFinished = false;
  #reading = coalesce(COALESCE_MS, () => void this.refresh());
  #asked = 0;
  #known: Set<string>;
  /** Orders the workflow asked to ring for again (still not accepted, or due in the kitchen). */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, not shown
  #ringAgain = new Set<string>();

  constructor(tenant: string, branchId: string, first: BoardView) {
    this.tenant = tenant;
    this.branchId = branchId;
    this.orders = first.orders;
    this.counts = first.counts;
    this.printers = first.printers;
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, not shown
    this.#known = new Set(first.orders.map((o) => o.id));
  }

  /** Reads the board (and today's finished orders once they are shown) again. */
  async refresh(): Promise<void> {
    const mine = ++this.#asked;
    try {
      const [board, finished] = await Promise.all([
        this.#get(boardUrl(this.tenant, this.branchId)),
        this.#wantFinished ? this.#readFinished() : Promise.resolve(null),
      ]);
      if (mine !== this.#asked) return;
      this.#take(board);
      if (finished) this.finished = finished;
      this.loadFailed = false;
    } catch {
      if (mine === this.#asked) this.loadFailed = true;
    }
  }

  /** Shows today's finished orders from now on (the 今日已結束 view). */
  async showFinished(): Promise<void> {
    this.#wantFinished = true;
    if (this.finished === null) await this.refresh();
  }

  async #readFinished(): Promise<BoardOrder[]> {
    const view = await this.#get(boardUrl(this.tenant, this.branchId, { status: FINISHED_STATUSES.join(',') }));
    return view.orders.filter((o) => isFinalRestaurantStatus(o.status));
  }

  async #get(url: string): Promise<BoardView> {
    const result = await apiFetch<BoardView>(url);
    if (!result.ok) throw new Error(result.problem.message);
    return result.body;
  }

  #take(board: BoardView) {
    const ring = [
      ...arrivals(this.#known, board.orders),
      ...board.orders.filter((o) => this.#ringAgain.has(o.id) && this.#known.has(o.id)),
    ];
    this.#ringAgain.clear();
    for (const order of ring) {
      this.fresh.add(order.id);
      this.lastArrival = { kind: 'new', number: order.number };
      setTimeout(() => this.fresh.delete(order.id), HIGHLIGHT_MS);
    }
    for (const order of board.orders) this.#known.add(order.id);
    this.orders = board.orders;
    this.counts = board.counts;
    this.printers = board.printers;
  }

  /** Puts an order as an action answered it (the stream's change follows and confirms). */
  replace(order: BoardOrder): void {
    const index = this.orders.findIndex((o) => o.id === order.id);
    if (index >= 0) this.orders[index] = order;
    else this.orders.push(order);
    if (this.finished && isFinalRestaurantStatus(order.status))
      this.finished = [order, ...this.finished.filter((o) => o.id !== order.id)];
  }

  #soon() {
    this.#reading.soon();
  }

  /**
   * Opens the stream and keeps it open; reads again on `ready` (every (re)connection: whatever
   * changed while not listening), on each change, and when the device comes back online or the
   * tab back into view. Returns the function that closes it all. Browser only.
   */
  connect(): () => void {
    const stream = keepStreamOpen(
      boardStreamUrl(this.tenant, this.branchId),
      {
        ready: () => {
          this.connection = 'live';
          this.#soon();
        },
        resync: () => this.#soon(),
        change: (data) => {
          try {
            const { orderId, kind } = JSON.parse(data) as { orderId?: unknown; kind?: unknown };
            if (typeof orderId === 'string' && (kind === 'remind' || kind === 'due')) this.#ringAgain.add(orderId);
          } catch {
            // a malformed event still means "read the board again"
          }
          this.#soon();
        },
      },
      (closed) => {
        if (this.connection === 'live' || closed) this.connection = 'offline';
      },
    );

    const wake = () => {
      if (globalThis.document.visibilityState === 'visible') this.#soon();
    };
    const online = () => {
      this.#soon();
      // A stream that died while offline is not coming back by itself.
      stream.revive();
    };
    globalThis.document.addEventListener('visibilitychange', wake);
    globalThis.addEventListener('focus', wake);
    globalThis.addEventListener('online', online);
    const printerCheck = setInterval(() => this.#soon(), PRINTER_CHECK_MS);

    return () => {
      stream.close();
      clearInterval(printerCheck);
      this.#reading.cancel();
      globalThis.document.removeEventListener('visibilitychange', wake);
      globalThis.removeEventListener('focus', wake);
      globalThis.removeEventListener('online', online);
    };
  }
}
