import { apiFetch, type ApiProblem } from '#lib/auth.ts';
import { emptyInvoiceDraft, recipientOf, type InvoiceDraft } from '#lib/invoices/invoice-draft.ts';
import {
  type CheckoutQuote,
  newRequestId,
  shopApiBase,
  type CartProblem,
  type DeliveryQuote,
  type PlacedRestaurantOrder,
  type ShopSlot,
} from '#lib/api.ts';
import { checkoutSchema, fieldErrors, quoteSchema, type PaymentMethod } from '#lib/domain.ts';
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
  /** The server's price with its discounts (promotions, the code, the member's tier). */
  confirmed = $state<CheckoutQuote | null>(null);
  /** 優惠碼 as applied (what is sent); `promoInput` is what is being typed. */
  promoCode = $state('');
  promoInput = $state('');
  /** 優惠券: the customer's issued coupon picked ('' none). */
  couponId = $state('');
  /** 點數折抵: the member's points asked to spend (0 none). */
  usePoints = $state(0);
  /** 電子發票: the carrier as typed; sent only while the shop issues e-invoices. */
  invoice = $state<InvoiceDraft>(emptyInvoiceDraft());
  #invoiceOn = $state(false);
  /** 付款方式 picked; null: the shop's first for the method (the server decides). */
  payment = $state<PaymentMethod | null>(null);
  /** 轉帳: the last five digits, if the customer gives them now. */
  transferDigits = $state('');
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

  /**
   * One more day's slots (the first answer lists the nearest ones only), merged in. False when
   * they could not be read.
   */
  async loadDate(method: Method, isoDate: string): Promise<boolean> {
    if (method === 'dine_in') return false;
    const query = new URLSearchParams({ method, date: isoDate });
    const result = await apiFetch<{ slots: ShopSlot[] }>(`${this.#branchApi}/order-slots?${query}`).catch(() => null);
    if (!result?.ok) return false;
    const incoming = result.body.slots.map((s) => s.start);
    this.slots = [...(this.slots ?? []).filter((s) => !incoming.includes(s.start)), ...result.body.slots].sort((a, b) =>
      a.start.localeCompare(b.start),
    );
    return true;
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
      // 內用 has no contact, except the phone a cloud-carrier invoice goes to.
      phone: method === 'dine_in' && !this.invoiceNeedsPhone(method) ? undefined : text(d.phone),
      note: text(d.note),
      payment: this.payment ?? undefined,
      promoCode: text(this.promoCode),
      couponId: text(this.couponId),
      usePoints: Number.isInteger(this.usePoints) && this.usePoints > 0 ? this.usePoints : undefined,
      transferDigits: this.payment === 'transfer' ? text(this.transferDigits) : undefined,
      invoice: this.#invoiceOn ? recipientOf(this.invoice) : undefined,
      lines: this.#cart.lines.map(({ key: _key, ...line }) => line),
    };
  }

  /** 內用 with the invoice on the cloud carrier: the phone is asked in the invoice's section. */
  invoiceNeedsPhone(method: Method | null): boolean {
    return method === 'dine_in' && this.#invoiceOn && this.invoice.kind === 'cloud';
  }

  /** The server's price of the cart as it stands (the page shows its own at once, this confirms it). */
  async confirm(method: Method | null): Promise<void> {
    const mine = ++this.#confirmAsked;
    // Digits half typed are the customer's business until 送出訂單; the price does not need them.
    const { transferDigits: _digits, invoice: _invoice, ...asked } = this.body(method);
    const parsed = quoteSchema.safeParse(asked);
    if (!parsed.success) return;
    const result = await apiFetch<CheckoutQuote>(`${this.#api}/restaurant-orders/quote`, {
      method: 'POST',
      json: parsed.data,
    }).catch(() => null);
    if (mine !== this.#confirmAsked) return;
    this.confirmed = result?.ok ? result.body : null;
    const invoiceOn = this.confirmed ? this.confirmed.invoice !== null : this.#invoiceOn;
    // The shop's default love code is offered the first time a donation is possible.
    if (invoiceOn && !this.#invoiceOn && this.invoice.loveCode === '')
      this.invoice.loveCode = this.confirmed?.invoice?.defaultLoveCode ?? '';
    this.#invoiceOn = invoiceOn;
    // A way this pickup method does not take is no longer picked.
    const offered = this.confirmed?.payment.methods;
    if (offered && this.payment && !offered.includes(this.payment)) this.payment = null;
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
