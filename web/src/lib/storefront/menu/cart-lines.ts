import { z } from 'zod';
import { checkoutLineSchema, LINE_QUANTITY_MAX, type CartLine } from '#lib/domain.ts';

/**
 * The cart as the storefront keeps it between visits: lines (an item, its picked options, a
 * note, how many) and what the customer filled in at checkout. Stored per shop and branch in
 * localStorage; what comes back from storage is re-read through the checkout rules, so a line
 * saved by an older page or edited by hand is dropped rather than sent.
 */

export interface CartEntry extends CartLine {
  /** Stable within the cart, for the list's keys and edits. */
  key: string;
}

export interface CheckoutDraft {
  method: 'pickup' | 'delivery' | 'dine_in' | null;
  customerName: string;
  phone: string;
  note: string;
  address: string;
  zone: string;
}

export const EMPTY_DRAFT: CheckoutDraft = {
  method: null,
  customerName: '',
  phone: '',
  note: '',
  address: '',
  zone: '',
};

export interface StoredCart {
  lines: CartEntry[];
  draft: CheckoutDraft;
}

export function cartStorageKey(shopSlug: string, branchId: string): string {
  return `jiayi.cart.${shopSlug}.${branchId}`;
}

const sortedChoices = (choices: CartLine['choices']) =>
  JSON.stringify(
    Object.entries(choices)
      .filter(([, ids]) => ids.length > 0)
      .map(([group, ids]) => [group, [...ids].sort()])
      .sort(([a], [b]) => String(a).localeCompare(String(b))),
  );

/** The same item with the same options and note: one line with a larger quantity. */
export function sameLine(a: CartLine, b: CartLine): boolean {
  return (
    a.productId === b.productId &&
    (a.note ?? '').trim() === (b.note ?? '').trim() &&
    sortedChoices(a.choices) === sortedChoices(b.choices)
  );
}

/** Adds `line` to the cart, merged into an equal line (never past the per-line maximum). */
export function addToCart(lines: readonly CartEntry[], line: CartLine, newKey: () => string): CartEntry[] {
  const at = lines.findIndex((existing) => sameLine(existing, line));
  if (at < 0) return [...lines, { ...line, key: newKey() }];
  return lines.map((existing, index) =>
    index === at ? { ...existing, quantity: Math.min(LINE_QUANTITY_MAX, existing.quantity + line.quantity) } : existing,
  );
}

/** Sets a line's quantity; 0 removes it. */
export function setQuantity(lines: readonly CartEntry[], key: string, quantity: number): CartEntry[] {
  if (quantity <= 0) return lines.filter((line) => line.key !== key);
  return lines.map((line) =>
    line.key === key ? { ...line, quantity: Math.min(LINE_QUANTITY_MAX, Math.floor(quantity)) } : line,
  );
}

const storedLine = checkoutLineSchema.extend({ key: z.string().min(1).max(64) });
const storedDraft = z.object({
  method: z.enum(['pickup', 'delivery', 'dine_in']).nullable().catch(null),
  customerName: z.string().max(100).catch(''),
  phone: z.string().max(40).catch(''),
  note: z.string().max(400).catch(''),
  address: z.string().max(200).catch(''),
  zone: z.string().max(60).catch(''),
});

/** A stored cart read back, keeping every line and field that is still valid. */
export function readStoredCart(text: string | null): StoredCart {
  let raw: unknown;
  try {
    raw = text ? JSON.parse(text) : null;
  } catch {
    raw = null;
  }
  const value = (typeof raw === 'object' && raw !== null ? raw : {}) as { lines?: unknown; draft?: unknown };
  const lines = (Array.isArray(value.lines) ? value.lines : []).flatMap((line: unknown) => {
    const parsed = storedLine.safeParse(line);
    return parsed.success ? [parsed.data] : [];
  });
  const draft = storedDraft.safeParse(value.draft ?? {});
  return { lines, draft: draft.success ? draft.data : { ...EMPTY_DRAFT } };
}
