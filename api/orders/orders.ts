import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { likeLiteral } from '../../db/sql-like.ts';
import { searchTextSchema } from '../../domain/query-inputs.ts';
import { decodeCursor, encodeCursor } from '../page-cursor.ts';
import type { Db } from '../../db/client.ts';
import { couldBeOrderNumberPart } from '../../domain/orders/order-number.ts';
import { ORDER_STATUSES, type OrderStatus } from '../../domain/orders/order-status.ts';
import type { ServerDeps } from '../deps.ts';
import { createOrderChangeListener, type OrderChangeListener } from './order-change-listener.ts';
import { orderEventStreams, SSE_HEARTBEAT_MS } from './order-event-stream.ts';

export { MAX_STREAMS_PER_SESSION, SSE_HEARTBEAT_MS } from './order-event-stream.ts';
import { requirePage, tenantAuth } from '../plugins/auth.ts';
import { findNotificationSettings } from '../../db/orders/notification-settings.ts';
import { ORDERS_READ } from '../../domain/team/page-sets.ts';

/** One order as the admin list shows it. */
export interface AdminOrder {
  id: string;
  number: string;
  status: OrderStatus;
  /** Integer NTD. */
  total: number;
  /** ISO 8601 instant; the page shows it in Asia/Taipei. */
  createdAt: string;
  customer: { displayName: string; pictureUrl: string | null };
  items: {
    productCode: string;
    productName: string;
    unitPrice: number;
    requestedQuantity: number;
    allocatedQuantity: number;
  }[];
  workflowId: string;
  /** The order's workflow page in the Temporal UI. */
  workflowUrl: string;
}

export interface AdminOrderPage {
  tenant: { slug: string; name: string };
  /** The shop's 訂單通知設定 wants a sound for new orders on this page (each browser opts in too). */
  newOrderSound: boolean;
  orders: AdminOrder[];
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 100;

const orderParams = z.object({ orderId: z.uuid() });
const listQuery = z.object({
  limit: z.coerce
    .number({ error: 'limit must be a number from 1 to 100' })
    .int('limit must be a whole number from 1 to 100')
    .min(1, 'limit must be at least 1')
    .max(MAX_PAGE_SIZE, `limit must be at most ${MAX_PAGE_SIZE}`)
    .default(DEFAULT_PAGE_SIZE),
  cursor: z.string().min(1).max(200).optional(),
  /** Part of an order number, or of the customer's LINE name (訂單編號、顧客名稱). */
  q: searchTextSchema.optional(),
  status: z.enum(ORDER_STATUSES).optional(),
});

export function temporalWorkflowUrl(uiBaseUrl: string, namespace: string, workflowId: string): string {
  return `${uiBaseUrl.replace(/\/+$/, '')}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(workflowId)}`;
}

/** The columns an AdminOrder is made of (also the order detail's, api/orders/order-detail.ts). */
export const orderSelect = {
  id: true,
  number: true,
  status: true,
  total: true,
  createdAt: true,
  workflowId: true,
  customer: { select: { displayName: true, pictureUrl: true } },
  items: {
    select: {
      productCode: true,
      productName: true,
      unitPrice: true,
      requestedQuantity: true,
      allocatedQuantity: true,
    },
    orderBy: { id: 'asc' },
  },
} as const;

/** An order row read with `orderSelect`, as the admin API answers it. */
export function adminOrderOf(
  row: Awaited<ReturnType<typeof findOrders>>[number],
  env: Pick<ServerDeps['env'], 'TEMPORAL_UI_URL' | 'TEMPORAL_NAMESPACE'>,
): AdminOrder {
  return {
    id: row.id,
    number: row.number,
    status: row.status,
    total: row.total,
    createdAt: row.createdAt.toISOString(),
    customer: { displayName: row.customer.displayName, pictureUrl: row.customer.pictureUrl },
    items: row.items,
    workflowId: row.workflowId,
    workflowUrl: temporalWorkflowUrl(env.TEMPORAL_UI_URL, env.TEMPORAL_NAMESPACE, row.workflowId),
  };
}

/**
 * The admin's order list, as JSON, plus the live stream that tells an open page to refresh.
 *
 * - GET /api/t/:tenant/orders?limit=&cursor=&q=&status= — newest first, cursor pagination by
 *   (created_at, id); q finds part of an order number or of the customer's LINE name.
 * - GET /api/t/:tenant/orders/:orderId — one order (the page refreshes a row it was told changed).
 * - GET /api/t/:tenant/orders/stream — Server-Sent Events: `event: order` with `{orderId}` for
 *   every committed change of this tenant's orders, `event: resync` after the server missed
 *   some (listener reconnected), a comment heartbeat every 15 s.
 *
 * Every query is scoped by the tenant of the signed-in member (api/plugins/auth.ts requirePage:
 * orders, view); no session is a 401, an unknown shop or one the person is not a member of a 404.
 */
export async function adminOrdersRoutes(
  app: FastifyInstance,
  opts: { deps: ServerDeps; listener?: OrderChangeListener; heartbeatMs?: number },
) {
  const { db, env } = opts.deps;
  const heartbeatMs = opts.heartbeatMs ?? SSE_HEARTBEAT_MS;
  const ownsListener = !opts.listener;
  const listener = opts.listener ?? createOrderChangeListener({ databaseUrl: env.DATABASE_URL, log: opts.deps.log });
  const streams = orderEventStreams(app, listener, heartbeatMs);
  app.addHook('onClose', async () => {
    if (ownsListener) await listener.close();
  });

  const toAdminOrder = (row: Awaited<ReturnType<typeof findOrders>>[number]) => adminOrderOf(row, env);

  app.get(
    '/orders',
    {
      preHandler: requirePage(ORDERS_READ, 'view'),
      config: { doc: { summary: 'List orders: search, status, paging', query: listQuery } },
    },
    async (request, reply) => {
      const { tenant } = tenantAuth(request);

      const query = listQuery.safeParse(request.query);
      if (!query.success) {
        return reply.code(400).send({ code: 'invalid_query', message: z.prettifyError(query.error) });
      }
      let after: { createdAt: Date; id: string } | null = null;
      if (query.data.cursor !== undefined) {
        after = decodeCursor(query.data.cursor);
        if (!after) {
          return reply
            .code(400)
            .send({ code: 'invalid_cursor', message: 'The cursor is not valid; reload the list from the start.' });
        }
      }

      const limit = query.data.limit;
      const rows = await findOrders(db, tenant.id, {
        limit: limit + 1,
        after,
        search: query.data.q || null,
        status: query.data.status ?? null,
      });
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      const body: AdminOrderPage = {
        tenant: { slug: tenant.slug, name: tenant.name },
        newOrderSound: (await findNotificationSettings(db, tenant.id)).soundEnabled,
        orders: page.map(toAdminOrder),
        nextCursor: rows.length > limit && last ? encodeCursor(last) : null,
      };
      return reply.header('cache-control', 'no-store').send(body);
    },
  );

  app.get(
    '/orders/stream',
    {
      preHandler: requirePage(ORDERS_READ, 'view'),
      config: { doc: { summary: 'Live order changes (Server-Sent Events)', produces: 'text/event-stream' } },
    },
    async (request, reply) => {
      const { tenant } = tenantAuth(request);
      await streams(request, reply, {
        tenantId: tenant.id,
        holder: request.sessionInfo?.id ?? 'no-session',
        onOrder: (event, send) => send('order', { orderId: event.orderId }),
      });
    },
  );

  app.get(
    '/orders/:orderId',
    {
      preHandler: requirePage(ORDERS_READ, 'view'),
      config: { doc: { summary: 'One order in the list', params: orderParams } },
    },
    async (request, reply) => {
      const { tenant } = tenantAuth(request);
      const path = orderParams.safeParse(request.params);
      if (!path.success) {
        return reply.code(404).send({ code: 'not_found', message: '找不到這筆訂單 (no such order)' });
      }
      const row = await db.order.findFirst({
        where: { id: path.data.orderId, tenantId: tenant.id },
        select: orderSelect,
      });
      if (!row) return reply.code(404).send({ code: 'not_found', message: '找不到這筆訂單 (no such order)' });
      return reply.header('cache-control', 'no-store').send({ order: toAdminOrder(row) });
    },
  );
}

/** This tenant's orders, newest first, strictly older than `after` when given. */
/** Customers whose name matches a search, capped: a name so common it matches more is no filter. */
const NAME_MATCH_LIMIT = 2000;

async function findOrders(
  db: Db,
  tenantId: string,
  opts: {
    limit: number;
    after: { createdAt: Date; id: string } | null;
    search: string | null;
    status: OrderStatus | null;
  },
) {
  const { after, search } = opts;
  // Matching names first (customers is the small table), then orders by number or by those customers.
  const customerIds = search
    ? (
        await db.customer.findMany({
          where: { tenantId, displayName: { contains: likeLiteral(search), mode: 'insensitive' } },
          select: { id: true },
          take: NAME_MATCH_LIMIT,
        })
      ).map((c) => c.id)
    : [];
  return db.order.findMany({
    where: {
      tenantId,
      ...(opts.status ? { status: opts.status } : {}),
      ...(search
        ? couldBeOrderNumberPart(search)
          ? {
              OR: [
                { number: { contains: likeLiteral(search.normalize('NFKC')), mode: 'insensitive' as const } },
                { customerId: { in: customerIds } },
              ],
            }
          : { customerId: { in: customerIds } }
        : {}),
      ...(after
        ? {
            AND: [
              { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] },
            ],
          }
        : {}),
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: opts.limit,
    select: orderSelect,
  });
}
