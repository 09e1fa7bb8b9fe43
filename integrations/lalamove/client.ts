import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { lalamoveSignature } from './signature.ts';

/** Lalamove's published origins; the sandbox's in development and tests. */
export const LALAMOVE_PRODUCTION = 'https://rest.lalamove.com';
export const LALAMOVE_SANDBOX = 'https://rest.sandbox.lalamove.com';

export interface LalamoveAccount {
  baseUrl: string;
  apiKey: string;
  apiSecret: string;
  /** How long a call may take before Jiayi stops waiting (the booking's outcome is then unknown). */
  timeoutMs?: number;
}

/**
 * A refusal by Lalamove, or no answer. `status` null: the request may or may not have reached
 * Lalamove (a booking then is reconciled, never simply sent again).
 */
export class LalamoveError extends Error {
  readonly status: number | null;
  readonly code: string;
  constructor(status: number | null, code: string, message: string) {
    super(message);
    this.name = 'LalamoveError';
    this.status = status;
    this.code = code;
  }
}

const money = z.string().regex(/^\d+(\.\d+)?$/);
const coordinates = z.object({ lat: z.string(), lng: z.string() });
const stopSchema = z.object({ stopId: z.string().min(1), coordinates, address: z.string() });
const priceSchema = z.object({ total: money, currency: z.string() }).loose();

export const quotationSchema = z.object({
  quotationId: z.string().min(1),
  expiresAt: z.iso.datetime({ offset: true }),
  serviceType: z.string(),
  stops: z.array(stopSchema).min(2),
  priceBreakdown: priceSchema,
});
export type LalamoveQuotation = z.infer<typeof quotationSchema>;

export const LALAMOVE_ORDER_STATUSES = [
  'ASSIGNING_DRIVER',
  'ON_GOING',
  'PICKED_UP',
  'COMPLETED',
  'CANCELED',
  'REJECTED',
  'EXPIRED',
] as const;

export const orderSchema = z.object({
  orderId: z.string().min(1),
  quotationId: z.string().optional(),
  status: z.enum(LALAMOVE_ORDER_STATUSES),
  driverId: z.string().optional().default(''),
  shareLink: z.string().optional().default(''),
  priceBreakdown: priceSchema,
  metadata: z.record(z.string(), z.unknown()).nullish(),
});
export type LalamoveOrder = z.infer<typeof orderSchema>;

export const driverSchema = z.object({
  driverId: z.string(),
  name: z.string(),
  phone: z.string(),
  plateNumber: z.string(),
});
export type LalamoveDriver = z.infer<typeof driverSchema>;

const wrapped = <T extends z.ZodType>(schema: T) => z.object({ data: schema });

export interface QuoteRequest {
  serviceType: string;
  /** Where the rider picks up, then where the food goes. */
  stops: { lat: number; lng: number; address: string }[];
  /** When the rider should pick up; absent: now. */
  scheduleAt?: string;
}

export interface PlaceOrderRequest {
  quotationId: string;
  sender: { stopId: string; name: string; phone: string };
  recipient: { stopId: string; name: string; phone: string; remarks?: string };
  /** Jiayi's own IDs, kept on Lalamove's order: how a booking whose answer was lost is found again. */
  metadata: Record<string, string>;
}

/** The Lalamove v3 calls Jiayi makes with a branch's API key (no official Node SDK is current). */
export function lalamoveApi(account: LalamoveAccount) {
  async function call(method: string, path: string, data?: unknown): Promise<unknown> {
    const body = data === undefined ? '' : JSON.stringify({ data });
    const timestamp = String(Date.now());
    const signature = lalamoveSignature(account.apiSecret, timestamp, method, path, body);
    let response: Response;
    try {
      response = await fetch(`${account.baseUrl}${path}`, {
        method,
        headers: {
          authorization: `hmac ${account.apiKey}:${timestamp}:${signature}`,
          market: 'TW',
          'request-id': randomUUID(),
          accept: 'application/json',
          ...(data === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(data === undefined ? {} : { body }),
        signal: AbortSignal.timeout(account.timeoutMs ?? 15_000),
      });
    } catch (error) {
      throw new LalamoveError(null, 'no_answer', `Lalamove did not answer: ${String(error)}`);
    }
    const text = await response.text();
    if (response.ok) return text ? JSON.parse(text) : null;
    let code = `http_${response.status}`;
    let message = text.slice(0, 300);
    try {
      const first = (JSON.parse(text) as { errors?: { id?: string; message?: string }[] }).errors?.[0];
      code = first?.id ?? code;
      message = first?.message ?? message;
    } catch {
      // Not JSON: keep the text.
    }
    throw new LalamoveError(response.status, code, `Lalamove answered ${response.status} ${code}: ${message}`);
  }
  const id = encodeURIComponent;
  const degrees = (n: number) => n.toFixed(6);

  return {
    async quote(request: QuoteRequest): Promise<LalamoveQuotation> {
      const answer = await call('POST', '/v3/quotations', {
        ...(request.scheduleAt ? { scheduleAt: request.scheduleAt } : {}),
        serviceType: request.serviceType,
        language: 'zh_TW',
        stops: request.stops.map((s) => ({ coordinates: { lat: degrees(s.lat), lng: degrees(s.lng) }, address: s.address })),
        isRouteOptimized: false,
      });
      return wrapped(quotationSchema).parse(answer).data;
    },
    async placeOrder(request: PlaceOrderRequest): Promise<LalamoveOrder> {
      const answer = await call('POST', '/v3/orders', {
        quotationId: request.quotationId,
        sender: request.sender,
        recipients: [request.recipient],
        isPODEnabled: false,
        metadata: request.metadata,
      });
      return wrapped(orderSchema).parse(answer).data;
    },
    async getOrder(orderId: string): Promise<LalamoveOrder> {
      return wrapped(orderSchema).parse(await call('GET', `/v3/orders/${id(orderId)}`)).data;
    },
    async cancelOrder(orderId: string): Promise<void> {
      await call('DELETE', `/v3/orders/${id(orderId)}`);
    },
    async getDriver(orderId: string, driverId: string): Promise<LalamoveDriver> {
      return wrapped(driverSchema).parse(await call('GET', `/v3/orders/${id(orderId)}/drivers/${id(driverId)}`)).data;
    },
    async setWebhook(url: string): Promise<void> {
      await call('PATCH', '/v3/webhook', { url });
    },
  };
}
export type LalamoveApi = ReturnType<typeof lalamoveApi>;

/** A Taiwanese phone as Lalamove wants it (E.164): 0912345678 → +886912345678. */
export function e164(phone: string): string {
  const digits = phone.replace(/#.*$/, '').replace(/\D/g, '');
  if (digits.startsWith('886')) return `+${digits}`;
  return `+886${digits.replace(/^0/, '')}`;
}
