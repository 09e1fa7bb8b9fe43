import { newRequestId } from '#lib/api.ts';
import type { CartLine } from '#lib/domain.ts';
import {
  addToCart,
  cartStorageKey,
  EMPTY_DRAFT,
  readStoredCart,
  setQuantity,
  type CartEntry,
  type CheckoutDraft,
} from './cart-lines.ts';

/**
 * One branch's cart on the customer's phone: survives a reload and LINE's login round trip
 * (localStorage), and follows other tabs of the same branch. Browser only after `restore()`.
 */
export class Cart {
  lines = $state<CartEntry[]>([]);
  draft = $state<CheckoutDraft>({ ...EMPTY_DRAFT });
  readonly count = $derived(this.lines.reduce((sum, line) => sum + line.quantity, 0));

  readonly #key: string;

  constructor(shopSlug: string, branchId: string) {
    this.#key = cartStorageKey(shopSlug, branchId);
  }

  /** Reads the stored cart; returns the function that stops following other tabs. */
  restore(): () => void {
    this.#load();
    const follow = (event: StorageEvent) => {
      if (event.key === this.#key) this.#load();
    };
    globalThis.addEventListener('storage', follow);
    return () => globalThis.removeEventListener('storage', follow);
  }

  #load() {
    const stored = readStoredCart(globalThis.localStorage.getItem(this.#key));
    this.lines = stored.lines;
    this.draft = stored.draft;
  }

  save(): void {
    try {
      globalThis.localStorage.setItem(this.#key, JSON.stringify({ lines: this.lines, draft: this.draft }));
    } catch {
      // Storage full or blocked (private mode): the cart still works until the page closes.
    }
  }

  add(line: CartLine): void {
    this.lines = addToCart(this.lines, line, newRequestId);
    this.save();
  }

  setQuantity(key: string, quantity: number): void {
    this.lines = setQuantity(this.lines, key, quantity);
    this.save();
  }

  /** After the order is placed: the lines go, who is ordering stays for next time. */
  clearLines(): void {
    this.lines = [];
    this.draft = { ...this.draft, note: '' };
    this.save();
  }
}
