import { randomInt, randomUUID } from 'node:crypto';
import type { LALAMOVE_ORDER_STATUSES } from '../../integrations/lalamove/client.ts';

/** Lalamove's order statuses (v3). REJECTED: the driver gave the order up; EXPIRED: nobody took it. */
export type LalamoveStatus = (typeof LALAMOVE_ORDER_STATUSES)[number];

export interface Stop {
  stopId: string;
  coordinates: { lat: string; lng: string };
  address: string;
}

export interface PriceBreakdown {
  base: string;
  extraMileage: string;
  surcharge: string;
  totalExcludePriorityFee: string;
  total: string;
  currency: 'TWD';
}

export interface Quotation {
  quotationId: string;
  apiKey: string;
  scheduleAt: string;
  expiresAt: string;
  serviceType: string;
  language: string;
  stops: Stop[];
  isRouteOptimized: boolean;
  priceBreakdown: PriceBreakdown;
  distance: { value: string; unit: 'm' };
}

export interface Contact {
  stopId: string;
  name: string;
  phone: string;
  remarks?: string;
}

export interface Driver {
  driverId: string;
  name: string;
  phone: string;
  plateNumber: string;
  photo: string;
}

export interface LalamoveOrder {
  orderId: string;
  apiKey: string;
  quotationId: string;
  priceBreakdown: PriceBreakdown;
  driverId: string;
  shareLink: string;
  status: LalamoveStatus;
  distance: { value: string; unit: 'm' };
  stops: (Stop & { name: string; phone: string; remarks?: string })[];
  metadata: Record<string, string>;
  createdAt: string;
}

export interface Account {
  apiKey: string;
  apiSecret: string;
  webhookUrl: string | null;
}

export interface SentWebhook {
  eventId: string;
  eventType: string;
  orderId: string;
  status: number | null;
  at: string;
}

/**
 * A fault on an API path: `timeout_after` takes the request (a booking is made, its webhook
 * sent) and never answers; `hang` never answers and does nothing; `429`/`500` refuse.
 */
export interface Fault {
  method: string;
  path: string;
  /** expired: a booking refused as on an expired quotation (POST /v3/orders only). */
  mode: 'timeout_after' | 'hang' | '429' | '500' | 'expired';
  remaining: number | null;
}

const DRIVER_NAMES = ['陳志明', '林俊傑', '黃建宏', '張雅婷', '李承恩'];

/** Everything the sandbox knows, in memory, for one process. */
export class LalamoveSandboxStore {
  accounts = new Map<string, Account>();
  quotations = new Map<string, Quotation>();
  orders = new Map<string, LalamoveOrder>();
  drivers = new Map<string, Driver>();
  webhooks: SentWebhook[] = [];
  /** Every event sent, by eventId, to send again exactly as it was. */
  events = new Map<string, { apiKey: string; orderId: string; body: unknown }>();
  faults: Fault[] = [];
  /** A quotation is good for 5 minutes, as Lalamove's are; tests shorten it. */
  quotationTtlMs = 5 * 60_000;
  timers = new Set<NodeJS.Timeout>();

  /** The fault for this request, used up by one; none: answer as usual. */
  takeFault(method: string, path: string): Fault | null {
    const fault = this.faults.find(
      (f) => f.method === method && (f.path.endsWith('*') ? path.startsWith(f.path.slice(0, -1)) : f.path === path) && (f.remaining === null || f.remaining > 0),
    );
    if (!fault) return null;
    if (fault.remaining !== null) fault.remaining -= 1;
    return fault;
  }

  /** Lalamove's order IDs are 19 digits (since April 2025). */
  newOrderId(): string {
    let id = String(randomInt(1, 10));
    while (id.length < 19) id += String(randomInt(0, 10));
    return id;
  }

  newDriver(): Driver {
    const driverId = String(randomInt(10_000, 99_999));
    const driver: Driver = {
      driverId,
      name: DRIVER_NAMES[randomInt(0, DRIVER_NAMES.length)]!,
      phone: `+8869${String(randomInt(10_000_000, 99_999_999))}`,
      plateNumber: `MRT-${String(randomInt(1000, 9999))}`,
      photo: '',
    };
    this.drivers.set(driverId, driver);
    return driver;
  }

  newQuotationId(): string {
    return randomUUID().replace(/\D/g, '').padEnd(19, '7').slice(0, 19);
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
