import { apiFetch, type ApiProblem } from '#lib/auth.ts';
import {
  newRequestId,
  shopApiBase,
  type CartProblem,
  type DeliveryQuote,
  type PlacedRestaurantOrder,
  type PricedCart,
  type ShopSlot,
} from '#lib/api.ts';
import { checkoutSchema, fieldErrors, quoteSchema } from '#lib/domain.ts';
import type { Cart } from './cart.svelte.ts';
import { soonestFree } from './slot-days.ts';

export type Method = 'pickup' | 'delivery' | 'dine_in';

/** What a refused 送出訂單 leaves on the page. */
export interface Refusal {
  code: string;
  message: string;
  /** slot_full: the next free slots to pick from. */
  nextSlots: { start: string; end: string }[];
  /** unavailable / invalid_order: the lines to fix. */
  problems: CartProblem[];
}

/**
 * The checkout of one branch: the slots offered for the chosen method, the delivery quote,
 * the server's confirmation of the price, and 送出訂單. One submitId per order attempt, kept
 * while the answer is unknown (a double tap, a lost answer, a retry all make one order) and
 * replaced once the server has definitely said no.
 */
export class Checkout {
  slots = $state<ShopSlot[] | null>(null);
  slotsFailed = $state(false);
  slotStart = $state<string | null>(null);
  coords = $state<{ lat: number; lng: number } | null>(null);
  quote = $state<DeliveryQuote | null>(null);
  confirmed = $state<PricedCart | null>(null);
  busy = $state(false);
  errors = $state<Record<string, string>>({});
  refusal = $state<Refusal | null>(null);
  /** The answer was lost (network, server down): the same tap is safe to repeat. */
  unsure = $state(false);

  readonly #api: string;
  readonly #branchId: string;
  readonly #cart: Cart;
  readonly #table: string | null;
  #submitId: string | null = null;
  #slotsAsked = 0;
  #quoteAsked = 0;
  #confirmAsked = 0;

  constructor(tenant: string, branchId: string, cart: Cart, table: string | null) {
    this.#api = shopApiBase(tenant);
    this.#branchId = branchId;
    this.#cart = cart;
    this.#table = table;
  }

  get #branchApi() {
    return `${this.#api}/branches/${encodeURIComponent(this.#branchId)}`;
  }

  async loadSlots(method: Method): Promise<void> {
    if (method === 'dine_in') return;
    const mine = ++this.#slotsAsked;
    this.slotsFailed = false;
    const result = await apiFetch<{ slots: ShopSlot[] }>(`${this.#branchApi}/order-slots?method=${method}`).catch(
      () => null,
    );
    if (mine !== this.#slotsAsked) return;
    if (!result?.ok) {
      this.slotsFailed = true;
      return;
    }
    this.slots = result.body.slots;
    // A picked slot that filled (or passed) is no longer picked; until the customer picks, 盡快.
    const still = this.slots.find((s) => s.start === this.slotStart);
    if (!still || still.full) this.slotStart = soonestFree(this.slots)?.start ?? null;
  }

  /** The branch's delivery terms for this subtotal and the customer's place or zone. */
  async loadQuote(subtotal: number, zone: string): Promise<void> {
    const mine = ++this.#quoteAsked;
    const query = new URLSearchParams({ subtotal: String(subtotal) });
    if (this.coords) {
      query.set('lat', String(this.coords.lat));
      query.set('lng', String(this.coords.lng));
    }
    if (zone.trim()) query.set('zone', zone.trim());
    const result = await apiFetch<DeliveryQuote>(`${this.#branchApi}/delivery-quote?${query}`).catch(() => null);
    if (mine === this.#quoteAsked) this.quote = result?.ok ? result.body : null;
  }

  /** The order as it would be sent (empty fields left out). */
  body(method: Method | null) {
    const d = this.#cart.draft;
    const text = (value: string) => (value.trim() ? value.trim() : undefined);
    return {
      branchId: this.#branchId,
      method: method ?? undefined,
      slotStart: method === 'dine_in' ? undefined : (this.slotStart ?? undefined),
      table: method === 'dine_in' ? (this.#table ?? undefined) : undefined,
      delivery:
        method === 'delivery' && d.address.trim()
          ? { address: d.address.trim(), ...(this.coords ?? {}), zone: text(d.zone) }
          : undefined,
      customerName: method === 'dine_in' ? undefined : text(d.customerName),
      phone: method === 'dine_in' ? undefined : text(d.phone),
      note: text(d.note),
      lines: this.#cart.lines.map(({ key: _key, ...line }) => line),
    };
  }

  /** The server's price of the cart as it stands (the page shows its own at once, this confirms it). */
  async confirm(method: Method | null): Promise<void> {
    const mine = ++this.#confirmAsked;
    const parsed = quoteSchema.safeParse(this.body(method));
    if (!parsed.success) return;
    const result = await apiFetch<PricedCart>(`${this.#api}/restaurant-orders/quote`, {
      method: 'POST',
      json: parsed.data,
    }).catch(() => null);
    if (mine === this.#confirmAsked) this.confirmed = result?.ok ? result.body : null;
  }

  /**
   * 送出訂單. Field problems stay on the page (nothing is sent); the order placed comes back, or
   * null with `refusal` / `unsure` set, or 'sign_in' when the session ended.
   */
  async submit(method: Method | null): Promise<PlacedRestaurantOrder | 'sign_in' | null> {
    if (this.busy) return null;
    this.busy = true;
    this.refusal = null;
    this.unsure = false;
    try {
      this.#submitId ??= newRequestId();
      const parsed = checkoutSchema.safeParse({ submitId: this.#submitId, ...this.body(method) });
      if (!parsed.success) {
        this.errors = fieldErrors(parsed.error);
        return null;
      }
      this.errors = {};
      const result = await apiFetch<PlacedRestaurantOrder>(`${this.#api}/restaurant-orders`, {
        method: 'POST',
        json: parsed.data,
      }).catch((): { ok: false; problem: ApiProblem } => ({
        ok: false,
        problem: { status: 0, code: 'network_error', message: '' },
      }));
      if (result.ok) {
        this.#submitId = null;
        return result.body;
      }
      const { problem } = result;
      if (problem.status === 0 || problem.status >= 500) {
        // Unknown whether it was placed: the next tap sends the same submitId.
        this.unsure = true;
        return null;
      }
      this.#submitId = null;
      if (problem.status === 401) return 'sign_in';
      const body = problem.body ?? {};
      this.refusal = {
        code: problem.code,
        message: problem.message,
        nextSlots: Array.isArray(body.nextSlots) ? (body.nextSlots as Refusal['nextSlots']) : [],
        problems: Array.isArray(body.problems) ? (body.problems as CartProblem[]) : [],
      };
      if (problem.code === 'slot_full' && method) void this.loadSlots(method);
      return null;
    } finally {
      this.busy = false;
    }
  }
}
