import { randomUUID } from 'node:crypto';

/** What Uber keeps about an order, in its own field names (GET /v1/eats/order/{id}). */
export interface UberOrderItem {
  id: string;
  title: string;
  external_data: string;
  quantity: number;
  price: { unit_price: { amount: number; currency_code: string } };
  selected_modifier_groups: {
    id: string;
    title: string;
    external_data: string;
    selected_items: { id: string; title: string; external_data: string; quantity: number }[];
  }[];
  special_instructions?: string;
}

export type UberOrderState = 'CREATED' | 'ACCEPTED' | 'DENIED' | 'FINISHED' | 'CANCELED';

export interface UberOrder {
  id: string;
  display_id: string;
  external_reference_id: string | null;
  current_state: UberOrderState;
  type: 'DELIVERY_BY_UBER' | 'PICK_UP';
  brand: 'UBER_EATS';
  store: { id: string; name: string };
  eater: { first_name: string; phone: string };
  cart: { items: UberOrderItem[]; special_instructions: string };
  payment: { charges: { total: { amount: number; currency_code: string } } };
  placed_at: string;
  /** A scheduled order's ready time (the eater's choice); the sandbox leaves it out for ASAP orders. */
  estimated_ready_for_pickup_at?: string;
  /** READY_TO_HANDOFF once the store said the food is ready. */
  preparation_status?: 'PREPARING' | 'READY_TO_HANDOFF';
  /** Set when the store accepts, denies or Uber cancels; what the store said. */
  accept?: { reason: string | null; pickup_time: number | null };
  deny?: { explanation: string; code: string; out_of_stock_items: string[] };
  cancel?: { by: 'store' | 'uber'; reason: string };
}

export interface UberStore {
  id: string;
  name: string;
  clientId: string;
  clientSecret: string;
  webhookUrl: string | null;
  status: { status: 'ONLINE' | 'PAUSED'; paused_until: string | null; reason: string | null };
  menu: unknown;
  pausedItems: string[];
  tokenRequests: number;
}

export interface Delivery {
  eventId: string;
  eventType: string;
  orderId: string;
  status: number | null;
  at: string;
}

export interface Fault {
  path: string;
  mode: 'error500' | 'hang';
  remaining: number | null;
}

/** Everything the sandbox knows, in memory, for one process. */
export class UberEatsSandboxStore {
  stores = new Map<string, UberStore>();
  orders = new Map<string, UberOrder>();
  tokens = new Map<string, { clientId: string; expiresAt: number }>();
  deliveries: Delivery[] = [];
  faults: Fault[] = [];
  /** Uber cancels an order not accepted in time: 11.5 minutes, shortened by tests. */
  acceptWindowMs = 11.5 * 60_000;
  timers = new Set<NodeJS.Timeout>();

  storeOfClient(clientId: string): UberStore | undefined {
    return [...this.stores.values()].find((s) => s.clientId === clientId);
  }

  issueToken(clientId: string, ttlSeconds: number): string {
    const token = `uber-sandbox-${randomUUID()}`;
    this.tokens.set(token, { clientId, expiresAt: Date.now() + ttlSeconds * 1000 });
    return token;
  }

  later(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, ms);
    this.timers.add(timer);
  }

  clearTimers(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
