import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { lalamoveSignature } from '../../integrations/lalamove/signature.ts';
import { sendLalamoveError } from './errors.ts';
import type { Account, LalamoveOrder, LalamoveSandboxStore, PriceBreakdown, Quotation, Stop } from './store.ts';
import { statusChanged } from './webhooks.ts';

type Body = Record<string, unknown>;
/** A request's time may be off by this much (Lalamove refuses stale signatures). */
const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * Lalamove API v3 as published: quotations (they expire), orders (place, get, cancel), the
 * driver's details, and the account's webhook URL. Every call is signed
 * (`Authorization: hmac <key>:<ms>:<signature>`), names `Market: TW`, and wraps its body in `data`.
 */
export function registerApiRoutes(app: FastifyInstance, store: LalamoveSandboxStore): void {
  /** The account that signed the request, or an answer already sent. */
  function caller(request: FastifyRequest, reply: FastifyReply): Account | null {
    const match = /^hmac ([^:]+):(\d+):([0-9a-f]{64})$/.exec(request.headers.authorization ?? '');
    const account = match ? store.accounts.get(match[1]!) : undefined;
    const path = request.url.split('?')[0]!;
    const raw = typeof request.body === 'string' ? request.body : '';
    const fresh = match && Math.abs(Date.now() - Number(match[2])) < CLOCK_SKEW_MS;
    const expected = account && match ? lalamoveSignature(account.apiSecret, match[2]!, request.method, path, raw) : '';
    if (!account || !fresh || !timingSafeEqual(Buffer.from(expected.padEnd(64)), Buffer.from(match![3]!))) {
      void sendLalamoveError(reply, 401, 'ERR_UNAUTHORIZED', 'Unauthorized');
      return null;
    }
    if (request.headers.market !== 'TW') {
      void sendLalamoveError(reply, 422, 'ERR_INVALID_MARKET', 'Market header must be a market of the account (TW)');
      return null;
    }
    return account;
  }

  function dataOf(request: FastifyRequest): Body | null {
    try {
      const parsed = JSON.parse(typeof request.body === 'string' ? request.body : '') as Body;
      return parsed && typeof parsed.data === 'object' && parsed.data !== null ? (parsed.data as Body) : null;
    } catch {
      return null;
    }
  }

  const invalid = (reply: FastifyReply, message: string) => sendLalamoveError(reply, 422, 'ERR_INVALID_FIELD', message);

  app.post('/v3/quotations', async (request, reply) => {
    const account = caller(request, reply);
    if (!account) return reply;
    const data = dataOf(request);
    if (!data) return invalid(reply, 'Body must be {"data": {...}}');
    const stops = Array.isArray(data.stops) ? (data.stops as Body[]) : [];
    if (stops.length < 2 || stops.length > 16) return invalid(reply, 'stops must have 2 to 16 stops');
    const parsed: Stop[] = [];
    for (const stop of stops) {
      const c = (stop.coordinates ?? {}) as Body;
      const lat = Number(c.lat);
      const lng = Number(c.lng);
      if (typeof c.lat !== 'string' || typeof c.lng !== 'string' || !Number.isFinite(lat) || !Number.isFinite(lng))
        return invalid(reply, 'stops[].coordinates.lat and .lng must be strings of degrees');
      if (typeof stop.address !== 'string' || !stop.address) return invalid(reply, 'stops[].address is required');
      parsed.push({ stopId: store.newQuotationId(), coordinates: { lat: c.lat, lng: c.lng }, address: stop.address });
    }
    if (!['MOTORCYCLE', 'CAR', 'VAN', 'TRUCK175'].includes(String(data.serviceType)))
      return sendLalamoveError(reply, 422, 'ERR_INVALID_SERVICE_TYPE', 'serviceType is not offered in TW');
    const metres = Math.round(
      parsed.slice(1).reduce((sum, stop, i) => sum + haversine(parsed[i]!.coordinates, stop.coordinates), 0),
    );
    const quotation: Quotation = {
      quotationId: store.newQuotationId(),
      apiKey: account.apiKey,
      scheduleAt: typeof data.scheduleAt === 'string' ? data.scheduleAt : new Date().toISOString(),
      expiresAt: new Date(Date.now() + store.quotationTtlMs).toISOString(),
      serviceType: String(data.serviceType),
      language: typeof data.language === 'string' ? data.language : 'zh_TW',
      stops: parsed,
      isRouteOptimized: false,
      priceBreakdown: price(String(data.serviceType), metres),
      distance: { value: String(metres), unit: 'm' },
    };
    store.quotations.set(quotation.quotationId, quotation);
    const { apiKey: _key, ...shown } = quotation;
    return reply.code(201).send({ data: shown });
  });

  app.get<{ Params: { id: string } }>('/v3/quotations/:id', async (request, reply) => {
    const account = caller(request, reply);
    if (!account) return reply;
    const quotation = store.quotations.get(request.params.id);
    if (!quotation || quotation.apiKey !== account.apiKey)
      return sendLalamoveError(reply, 404, 'ERR_QUOTATION_NOT_FOUND', 'Quotation not found');
    const { apiKey: _key, ...shown } = quotation;
    return { data: shown };
  });

  app.post('/v3/orders', async (request, reply) => {
    const account = caller(request, reply);
    if (!account) return reply;
    const fault = store.takeFault('POST', '/v3/orders');
    if (fault?.mode === '429') return sendLalamoveError(reply, 429, 'ERR_TOO_MANY_REQUESTS', 'Too many requests');
    if (fault?.mode === '500') return sendLalamoveError(reply, 500, 'ERR_INTERNAL', 'Internal server error');
    if (fault?.mode === 'hang') return reply.hijack();
    if (fault?.mode === 'expired')
      return sendLalamoveError(reply, 422, 'ERR_QUOTATION_EXPIRED', 'The quotation has expired; get a new one');
    const data = dataOf(request);
    if (!data) return invalid(reply, 'Body must be {"data": {...}}');
    const quotation = store.quotations.get(String(data.quotationId));
    if (!quotation || quotation.apiKey !== account.apiKey)
      return sendLalamoveError(reply, 422, 'ERR_INVALID_QUOTATION_ID', 'quotationId is not valid');
    if (Date.parse(quotation.expiresAt) <= Date.now())
      return sendLalamoveError(reply, 422, 'ERR_QUOTATION_EXPIRED', 'The quotation has expired; get a new one');
    const sender = (data.sender ?? {}) as Body;
    const recipients = Array.isArray(data.recipients) ? (data.recipients as Body[]) : [];
    const contact = (c: Body, stop: Stop) => {
      if (c.stopId !== stop.stopId || typeof c.name !== 'string' || !/^\+\d{8,15}$/.test(String(c.phone))) return null;
      return { ...stop, name: c.name, phone: String(c.phone), ...(typeof c.remarks === 'string' ? { remarks: c.remarks } : {}) };
    };
    const first = contact(sender, quotation.stops[0]!);
    const rest = quotation.stops.slice(1).map((stop, i) => contact(recipients[i] ?? {}, stop));
    if (!first || rest.some((r) => r === null))
      return invalid(reply, 'sender and recipients need the quotation stopIds, a name and an E.164 phone');
    const metadata = (data.metadata ?? {}) as Record<string, string>;
    const order: LalamoveOrder = {
      orderId: store.newOrderId(),
      apiKey: account.apiKey,
      quotationId: quotation.quotationId,
      priceBreakdown: quotation.priceBreakdown,
      driverId: '',
      shareLink: '',
      status: 'ASSIGNING_DRIVER',
      distance: quotation.distance,
      stops: [first, ...(rest as NonNullable<(typeof rest)[number]>[])],
      metadata,
      createdAt: new Date().toISOString(),
    };
    order.shareLink = `${request.protocol}://${request.host}/share/${order.orderId}`;
    store.orders.set(order.orderId, order);
    statusChanged(store, order, '');
    // The booking is made and its webhook sent, but the answer never comes (a timeout after Lalamove took it).
    if (fault?.mode === 'timeout_after') return reply.hijack();
    return reply.code(201).send({ data: shownOrder(order) });
  });

  function orderOf(request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply): LalamoveOrder | null {
    const account = caller(request, reply);
    if (!account) return null;
    const order = store.orders.get(request.params.id);
    if (!order || order.apiKey !== account.apiKey) {
      void sendLalamoveError(reply, 404, 'ERR_ORDER_NOT_FOUND', 'Order not found');
      return null;
    }
    return order;
  }

  app.get<{ Params: { id: string } }>('/v3/orders/:id', async (request, reply) => {
    const order = orderOf(request, reply);
    return order ? { data: shownOrder(order) } : reply;
  });

  app.delete<{ Params: { id: string } }>('/v3/orders/:id', async (request, reply) => {
    const order = orderOf(request, reply);
    if (!order) return reply;
    // Lalamove lets an order be cancelled while a driver is sought, not once the driver is on the way.
    if (order.status !== 'ASSIGNING_DRIVER')
      return sendLalamoveError(reply, 422, 'ERR_CANCELLATION_FORBIDDEN', `The order is ${order.status}`);
    order.status = 'CANCELED';
    statusChanged(store, order, 'ASSIGNING_DRIVER');
    return reply.code(204).send();
  });

  app.get<{ Params: { id: string; driverId: string } }>('/v3/orders/:id/drivers/:driverId', async (request, reply) => {
    const order = orderOf(request, reply);
    if (!order) return reply;
    const driver = order.driverId === request.params.driverId ? store.drivers.get(order.driverId) : undefined;
    if (!driver) return sendLalamoveError(reply, 404, 'ERR_DRIVER_NOT_FOUND', 'Driver not found for this order');
    return { data: { ...driver, coordinates: { lat: order.stops[0]!.coordinates.lat, lng: order.stops[0]!.coordinates.lng, updatedAt: new Date().toISOString() } } };
  });

  app.patch('/v3/webhook', async (request, reply) => {
    const account = caller(request, reply);
    if (!account) return reply;
    const url = dataOf(request)?.url;
    if (typeof url !== 'string' || !/^https?:\/\//.test(url)) return invalid(reply, 'data.url must be an http(s) URL');
    account.webhookUrl = url;
    return { data: { url } };
  });
}

export function shownOrder(order: LalamoveOrder) {
  const { apiKey: _key, createdAt: _at, ...shown } = order;
  return shown;
}

/** NT$: a motorcycle's 80 for the first 2 km and 15 a km after; bigger vehicles cost more. */
function price(serviceType: string, metres: number): PriceBreakdown {
  const [base, perKm] = serviceType === 'MOTORCYCLE' ? [80, 15] : serviceType === 'CAR' ? [150, 20] : [300, 30];
  const extra = Math.max(0, Math.ceil((metres - 2000) / 1000)) * perKm;
  const total = String(base + extra);
  return { base: String(base), extraMileage: String(extra), surcharge: '0', totalExcludePriorityFee: total, total, currency: 'TWD' };
}

function haversine(a: { lat: string; lng: string }, b: { lat: string; lng: string }): number {
  const rad = (d: number) => (d * Math.PI) / 180;
  const dLat = rad(Number(b.lat) - Number(a.lat));
  const dLng = rad(Number(b.lng) - Number(a.lng));
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(Number(a.lat))) * Math.cos(rad(Number(b.lat))) * Math.sin(dLng / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.sqrt(h));
}
