import { z } from 'zod';

/** Uber's published scopes for a Marketplace integration's client-credentials token. */
export const UBEREATS_SCOPES = 'eats.store eats.order eats.store.orders.read eats.store.status.write';

export interface UberEatsEndpoints {
  apiBaseUrl: string;
  authBaseUrl: string;
}

/** A refusal by Uber, or no answer. `status` null: the request may or may not have reached Uber. */
export class UberEatsError extends Error {
  readonly status: number | null;
  readonly code: string;
  constructor(status: number | null, code: string, message: string) {
    super(message);
    this.name = 'UberEatsError';
    this.status = status;
    this.code = code;
  }
}

const tokenSchema = z.object({ access_token: z.string().min(1), expires_in: z.number().int().positive() });

/** One client-credentials token; the caller keeps it until it expires (Uber allows ~100 an hour). */
export async function requestUberToken(
  endpoints: UberEatsEndpoints,
  clientId: string,
  clientSecret: string,
): Promise<{ accessToken: string; expiresAt: Date }> {
  const body = new URLSearchParams({ client_id: clientId, client_secret: clientSecret, grant_type: 'client_credentials', scope: UBEREATS_SCOPES });
  const response = await send(`${endpoints.authBaseUrl}/oauth/v2/token`, { method: 'POST', body });
  const token = tokenSchema.parse(await response.json());
  return { accessToken: token.access_token, expiresAt: new Date(Date.now() + token.expires_in * 1000) };
}

/** The Marketplace calls Jiayi makes with a store's token. */
export function uberEatsApi(endpoints: UberEatsEndpoints, accessToken: string) {
  const call = (method: string, path: string, body?: unknown) =>
    send(`${endpoints.apiBaseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${accessToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const id = encodeURIComponent;
  return {
    /** The order a webhook named; fetched by its ID on Uber's own API, never from a URL the sender chose. */
    async getOrder(orderId: string): Promise<unknown> {
      return (await call('GET', `/v1/eats/order/${id(orderId)}`)).json();
    },
    async acceptOrder(orderId: string, body: { reason: string; external_reference_id?: string; pickup_time?: number }) {
      await call('POST', `/v1/eats/orders/${id(orderId)}/accept_pos_order`, body);
    },
    async denyOrder(orderId: string, reason: { explanation: string; code: string; out_of_stock_items?: string[] }) {
      await call('POST', `/v1/eats/orders/${id(orderId)}/deny_pos_order`, { reason });
    },
    async cancelOrder(orderId: string, reason: string, details: string) {
      await call('POST', `/v1/eats/orders/${id(orderId)}/cancel`, { reason, details });
    },
    /** The food is ready for the courier (Order API 「Mark Order Ready」; the body is empty). */
    async markOrderReady(orderId: string) {
      await call('POST', `/v1/delivery/order/${id(orderId)}/ready`, {});
    },
    async setStoreStatus(storeId: string, status: { status: 'ONLINE' | 'PAUSED'; paused_until?: string; reason?: string }) {
      await call('POST', `/v1/eats/store/${id(storeId)}/status`, status);
    },
    async uploadMenu(storeId: string, menu: unknown) {
      await call('PUT', `/v2/eats/stores/${id(storeId)}/menus`, menu);
    },
  };
}
export type UberEatsApi = ReturnType<typeof uberEatsApi>;

async function send(url: string, init: RequestInit): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
  } catch (error) {
    throw new UberEatsError(null, 'no_answer', `Uber Eats did not answer: ${String(error)}`);
  }
  if (response.ok) return response;
  const text = await response.text();
  let code = `http_${response.status}`;
  let message = text.slice(0, 300);
  try {
    const parsed = JSON.parse(text) as { code?: string; error?: string; message?: string };
    code = parsed.code ?? parsed.error ?? code;
    message = parsed.message ?? message;
  } catch {
    // Not JSON: keep the text.
  }
  throw new UberEatsError(response.status, code, `Uber Eats answered ${response.status} ${code}: ${message}`);
}
