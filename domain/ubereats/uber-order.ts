import { z } from 'zod';
import type { CartLine, CartProblem, PricedMenuItem } from '../restaurant/cart-pricing.ts';

/**
 * An Uber Eats order as GET /v1/eats/order/{id} returns it, only the fields Jiayi uses. Items
 * and options name Jiayi's own IDs in `external_data` (the menu Jiayi pushes sets them).
 */
const text = z.string().max(500);
const uberOrderItemSchema = z.object({
  id: text,
  title: text,
  external_data: text.nullish(),
  quantity: z.number().int().min(1).max(99),
  selected_modifier_groups: z
    .array(
      z.object({
        title: text,
        external_data: text.nullish(),
        selected_items: z.array(z.object({ title: text, external_data: text.nullish() })).default([]),
      }),
    )
    .nullish(),
  special_instructions: text.nullish(),
});

export const uberOrderSchema = z.object({
  id: text,
  display_id: text,
  current_state: text,
  store: z.object({ id: text }),
  eater: z.object({ first_name: text.nullish(), phone: text.nullish() }).nullish(),
  /** When Uber expects the food ready: soon for an ASAP order, the eater's time for a scheduled one. */
  estimated_ready_for_pickup_at: z.iso.datetime({ offset: true }).nullish(),
  cart: z.object({ items: z.array(uberOrderItemSchema).max(50), special_instructions: text.nullish() }),
});
export type UberOrder = z.infer<typeof uberOrderSchema>;

/** Uber's deny codes Jiayi uses (deny_pos_order `reason.code`). */
export type UberDenyCode = 'ITEM_AVAILABILITY' | 'MISSING_ITEM' | 'STORE_CLOSED' | 'CAPACITY' | 'OTHER';

export interface UberDenial {
  code: UberDenyCode;
  /** What Uber shows the eater, in the shop's words. */
  explanation: string;
  /** Uber's IDs of the cart items that are out of stock. */
  outOfStockItems: string[];
}

export interface MappedUberCart {
  lines: CartLine[];
  /** Cart items (with the option) that Jiayi's menu does not have, by their Uber titles. */
  unknown: string[];
}

/**
 * Reads Uber's cart onto the branch's menu: each item by its external ID, each option by the
 * group's and choice's. What does not map is named, never guessed.
 */
export function mapUberCart(order: UberOrder, menu: readonly PricedMenuItem[]): MappedUberCart {
  const byId = new Map(menu.map((item) => [item.id, item]));
  const lines: CartLine[] = [];
  const unknown: string[] = [];
  for (const item of order.cart.items) {
    const found = item.external_data ? byId.get(item.external_data) : undefined;
    if (!found) {
      unknown.push(item.title);
      continue;
    }
    const choices: Record<string, string[]> = {};
    let mapped = true;
    for (const group of item.selected_modifier_groups ?? []) {
      const ours = found.groups.find((g) => g.id === group.external_data);
      for (const picked of group.selected_items) {
        const choice = ours?.choices.find((c) => c.id === picked.external_data);
        if (!ours || !choice) {
          unknown.push(`${item.title}（${picked.title}）`);
          mapped = false;
          continue;
        }
        (choices[ours.id] ??= []).push(choice.id);
      }
    }
    if (mapped)
      lines.push({ productId: found.id, quantity: item.quantity, choices, note: item.special_instructions ?? undefined });
  }
  return { lines, unknown };
}

/** The denial for an order whose items Jiayi does not have on this menu. */
export function unknownItemsDenial(unknown: readonly string[]): UberDenial {
  return { code: 'MISSING_ITEM', explanation: `菜單上找不到：${unknown.join('、')}`, outOfStockItems: [] };
}

/**
 * The denial for items that are sold out or paused: Uber is told which of its cart items, and
 * the eater reads their names.
 */
export function outOfStockDenial(order: UberOrder, productIds: readonly string[]): UberDenial {
  const wanted = new Set(productIds);
  const items = order.cart.items.filter((item) => item.external_data && wanted.has(item.external_data));
  const names = [...new Set(items.map((item) => item.title))];
  return {
    code: 'ITEM_AVAILABILITY',
    explanation: `${names.join('、')} 已售完`,
    outOfStockItems: items.map((item) => item.id),
  };
}

/** The products a priced cart's availability problems are about. */
export function unavailableProducts(lines: readonly CartLine[], problems: readonly CartProblem[]): string[] {
  return problems
    .filter((p) => p.line !== undefined && (p.code === 'sold_out' || p.code === 'paused' || p.code === 'choice_unavailable'))
    .map((p) => lines[p.line!]!.productId);
}

/** Said to Uber when nobody at the shop accepted in time. */
export const NOT_ACCEPTED_DENIAL: UberDenial = {
  code: 'CAPACITY',
  explanation: '店家目前忙碌，無法及時接單',
  outOfStockItems: [],
};

/**
 * The slot an Uber Eats order is cooked for: the first one open; a scheduled order's, the first
 * that ends after the time Uber expects it ready. Null when no open slot takes it.
 */
export function uberOrderSlot<T extends { start: Date; end: Date }>(order: UberOrder, slots: readonly T[]): T | null {
  const readyAt = order.estimated_ready_for_pickup_at ? new Date(order.estimated_ready_for_pickup_at) : null;
  if (!readyAt) return slots[0] ?? null;
  return slots.find((slot) => slot.end > readyAt) ?? null;
}
