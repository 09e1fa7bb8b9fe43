import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendUberError } from './errors.ts';
import type { UberEatsSandboxStore, UberOrder, UberStore } from './store.ts';

/** Tokens last 30 days, as Uber's client-credentials tokens do. */
const TOKEN_TTL_SECONDS = 30 * 24 * 3600;

type Body = Record<string, unknown>;

/**
 * Uber Eats Marketplace APIs as published: the OAuth token endpoint, the order (GET, accept,
 * deny, cancel), the store's status and its menu upload. Every call but the token needs
 * `Authorization: Bearer <token>` of the store's own app.
 */
export function registerApiRoutes(app: FastifyInstance, store: UberEatsSandboxStore): void {
  app.post('/oauth/v2/token', async (request, reply) => {
    const form = request.body as Record<string, string> | undefined;
    const target = form?.client_id ? store.storeOfClient(form.client_id) : undefined;
    if (form?.grant_type !== 'client_credentials') return reply.code(400).send({ error: 'unsupported_grant_type' });
    if (!target || target.clientSecret !== form.client_secret) return reply.code(401).send({ error: 'invalid_client' });
    target.tokenRequests += 1;
    return {
      access_token: store.issueToken(target.clientId, TOKEN_TTL_SECONDS),
      token_type: 'Bearer',
      expires_in: TOKEN_TTL_SECONDS,
      scope: form.scope ?? 'eats.store eats.order eats.store.orders.read eats.store.status.write',
    };
  });

  /** The store the bearer token's app owns, or an answer already sent. */
  function caller(request: FastifyRequest, reply: FastifyReply): UberStore | null {
    const header = request.headers.authorization ?? '';
    const token = store.tokens.get(header.replace(/^Bearer /, ''));
    const owner = token && token.expiresAt > Date.now() ? store.storeOfClient(token.clientId) : undefined;
    if (!owner) {
      void sendUberError(reply, 401, 'unauthorized', 'Invalid OAuth 2.0 credentials provided.');
      return null;
    }
    return owner;
  }

  function orderOf(request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply): UberOrder | null {
    const owner = caller(request, reply);
    if (!owner) return null;
    const order = store.orders.get(request.params.id);
    if (!order || order.store.id !== owner.id) {
      void sendUberError(reply, 404, 'not_found', 'Order not found.');
      return null;
    }
    return order;
  }

  function settle(order: UberOrder, reply: FastifyReply): boolean {
    if (order.current_state === 'CREATED') return true;
    void sendUberError(reply, 409, 'conflict', `Order is ${order.current_state}.`);
    return false;
  }

  app.get<{ Params: { id: string } }>('/v1/eats/order/:id', async (request, reply) => orderOf(request, reply) ?? reply);

  app.post<{ Params: { id: string } }>('/v1/eats/orders/:id/accept_pos_order', async (request, reply) => {
    const order = orderOf(request, reply);
    if (!order || !settle(order, reply)) return reply;
    const body = (request.body ?? {}) as Body;
    order.current_state = 'ACCEPTED';
    order.external_reference_id = typeof body.external_reference_id === 'string' ? body.external_reference_id : null;
    order.accept = { reason: typeof body.reason === 'string' ? body.reason : null, pickup_time: typeof body.pickup_time === 'number' ? body.pickup_time : null };
    return reply.code(204).send();
  });

  app.post<{ Params: { id: string } }>('/v1/eats/orders/:id/deny_pos_order', async (request, reply) => {
    const order = orderOf(request, reply);
    if (!order) return reply;
    const reason = ((request.body ?? {}) as Body).reason as Body | undefined;
    if (!reason || typeof reason.explanation !== 'string')
      return sendUberError(reply, 400, 'invalid_payload', 'reason.explanation is required.');
    if (!settle(order, reply)) return reply;
    order.current_state = 'DENIED';
    const items = Array.isArray(reason.out_of_stock_items) ? reason.out_of_stock_items.map(String) : [];
    order.deny = { explanation: reason.explanation, code: String(reason.code ?? 'OTHER'), out_of_stock_items: items };
    return reply.code(204).send();
  });

  app.post<{ Params: { id: string } }>('/v1/delivery/order/:id/ready', async (request, reply) => {
    const order = orderOf(request, reply);
    if (!order) return reply;
    if (order.current_state !== 'ACCEPTED') return sendUberError(reply, 409, 'conflict', `Order is ${order.current_state}.`);
    order.preparation_status = 'READY_TO_HANDOFF';
    return reply.code(200).send({ status: 'ok' });
  });

  app.post<{ Params: { id: string } }>('/v1/eats/orders/:id/cancel', async (request, reply) => {
    const order = orderOf(request, reply);
    if (!order) return reply;
    if (order.current_state === 'CANCELED' || order.current_state === 'DENIED' || order.current_state === 'FINISHED')
      return sendUberError(reply, 409, 'conflict', `Order is ${order.current_state}.`);
    order.current_state = 'CANCELED';
    order.cancel = { by: 'store', reason: String(((request.body ?? {}) as Body).reason ?? 'OTHER') };
    return reply.code(200).send({});
  });

  app.post<{ Params: { id: string } }>('/v1/eats/store/:id/status', async (request, reply) => {
    const owner = caller(request, reply);
    if (!owner) return reply;
    if (owner.id !== request.params.id) return sendUberError(reply, 404, 'not_found', 'Store not found.');
    const body = (request.body ?? {}) as Body;
    if (body.status !== 'ONLINE' && body.status !== 'PAUSED')
      return sendUberError(reply, 400, 'invalid_payload', 'status must be ONLINE or PAUSED.');
    owner.status = {
      status: body.status,
      paused_until: typeof body.paused_until === 'string' ? body.paused_until : null,
      reason: typeof body.reason === 'string' ? body.reason : null,
    };
    return reply.code(204).send();
  });

  app.put<{ Params: { id: string } }>('/v2/eats/stores/:id/menus', async (request, reply) => {
    const owner = caller(request, reply);
    if (!owner) return reply;
    if (owner.id !== request.params.id) return sendUberError(reply, 404, 'not_found', 'Store not found.');
    const menu = (request.body ?? {}) as Body;
    if (!Array.isArray(menu.menus) || !Array.isArray(menu.items))
      return sendUberError(reply, 400, 'invalid_payload', 'menus and items are required.');
    owner.menu = menu;
    return reply.code(204).send();
  });

}
