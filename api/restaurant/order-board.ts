import { WorkflowNotFoundError } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { printerProblems } from '../../db/printing/printers.ts';
import { boardOrder, boardOrders, futureOrders, isBranchOrder } from '../../db/restaurant/order-board.ts';
import { findNotificationSettings } from '../../db/orders/notification-settings.ts';
import { getOrderHandling, saveOrderHandling } from '../../db/restaurant/order-handling.ts';
import { isoDateToDayKey } from '../../domain/insights/report-range.ts';
import { fieldErrors } from '../../domain/form-errors.ts';
import { orderHandlingSchema } from '../../domain/restaurant/order-handling.ts';
import {
  RESTAURANT_ACTIONS,
  RESTAURANT_ORDER_STATUSES,
  RESTAURANT_STATUS_LABELS_ZH,
  restaurantActionBodySchema,
  type RestaurantOrderStatus,
} from '../../domain/restaurant/restaurant-order-status.ts';
import { taipeiDayKey } from '../../domain/taipei-time.ts';
import { restaurantActionUpdate } from '../../workflows/restaurant/restaurant-order-updates.ts';
import type { ServerDeps } from '../deps.ts';
import { createOrderChangeListener } from '../orders/order-change-listener.ts';
import { orderEventStreams } from '../orders/order-event-stream.ts';
import { refusalOf } from '../orders/order-status.ts';
import { tenantAuth } from '../plugins/auth.ts';
import { auditEntry, writeAudit } from '../team/auth/audit.ts';
import { branchOf, branchParams, requireBranch } from './branch-guard.ts';

const boardQuery = z.strictObject({
  /** One status or several, comma-separated (status=completed,cancelled). */
  status: z
    .string()
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(
      z
        .array(z.enum(RESTAURANT_ORDER_STATUSES, { error: '沒有這個訂單狀態' }))
        .min(1)
        .max(7),
    )
    .optional(),
  method: z.enum(['pickup', 'delivery', 'dine_in'], { error: '取餐方式只能是 pickup、delivery 或 dine_in' }).optional(),
  from: z.iso.datetime({ offset: true, error: 'from 要是 ISO 時間' }).optional(),
  to: z.iso.datetime({ offset: true, error: 'to 要是 ISO 時間' }).optional(),
});

const actionParams = branchParams.extend({ orderId: z.uuid(), action: z.enum(RESTAURANT_ACTIONS) });

const futureQuery = z.strictObject({
  from: z
    .string()
    .refine((value) => isoDateToDayKey(value) !== null, '日期要像 2026-12-08 這樣寫')
    .optional(),
  days: z.coerce.number().int('天數必須是整數').min(1, '天數最少 1').max(14, '天數最多 14').default(7),
});

const ORDER_NOT_FOUND = { code: 'order_not_found', message: '找不到這筆訂單' } as const;

/**
 * The kitchen's routes of one branch (訂單處理), behind requireBranch:
 *
 * - GET  /branches/:branchId/board?status=&method=&from=&to= — orders waiting to be accepted,
 *   today's and overdue ones in the kitchen, the day's finished ones when asked; counts per status.
 * - GET  /branches/:branchId/board/stream — SSE `change` {orderId, kind?} for each change of the
 *   branch's orders (a new order: the board chimes; kind remind/due: chime again).
 * - POST /branches/:branchId/board/:orderId/:action — accept (prepMinutes?), reject (reason),
 *   start, ready, complete, cancel (reason): a Workflow Update checked by the status machine;
 *   409 invalid_transition when it says no. Answers the order as the board shows it.
 * - GET  /branches/:branchId/future-orders?from=&days= — 未來訂單總覽 by day and slot with item totals.
 * - GET|PUT /branches/:branchId/order-handling — 接單設定 (accept limit, reminder, auto-accept,
 *   pickup reminder); PUT validated by domain/restaurant/order-handling.ts and audited.
 */
export async function orderBoardRoutes(app: FastifyInstance, opts: { deps: ServerDeps }) {
  const { db, temporal, env } = opts.deps;
  const listener = createOrderChangeListener({ databaseUrl: env.DATABASE_URL, log: opts.deps.log });
  app.addHook('onClose', async () => listener.close());
  const streams = orderEventStreams(app, listener);

  app.get(
    '/branches/:branchId/board',
    {
      preHandler: requireBranch('order-board', 'view'),
      config: { doc: { summary: "A branch's live order board", params: branchParams, query: boardQuery } },
    },
    async (request, reply) => {
      const { tenant } = tenantAuth(request);
      const branch = branchOf(request);
      const query = boardQuery.safeParse(request.query);
      if (!query.success)
        return reply.code(400).send({ code: 'invalid_query', message: query.error.issues[0]?.message ?? '查詢不正確' });
      const q = query.data;
      const [board, notifications, printers] = await Promise.all([
        boardOrders(db, tenant.id, branch.id, {
          statuses: (q.status as RestaurantOrderStatus[] | undefined) ?? null,
          method: q.method ?? null,
          from: q.from ? new Date(q.from) : null,
          to: q.to ? new Date(q.to) : null,
        }),
        findNotificationSettings(db, tenant.id),
        printerProblems(db, tenant.id, branch.id),
      ]);
      // Whether new orders chime here too (訂單通知設定), and the printers the kitchen must see
      // to, so the board needs no second call.
      return reply
        .header('cache-control', 'no-store')
        .send({ ...board, newOrderSound: notifications.soundEnabled, printers });
    },
  );

  app.get(
    '/branches/:branchId/board/stream',
    {
      preHandler: requireBranch('order-board', 'view'),
      config: {
        doc: {
          summary: "Live changes of a branch's orders (Server-Sent Events)",
          params: branchParams,
          produces: 'text/event-stream',
        },
      },
    },
    async (request, reply) => {
      const { tenant } = tenantAuth(request);
      const branch = branchOf(request);
      await streams(request, reply, {
        tenantId: tenant.id,
        holder: `board:${request.sessionInfo?.id ?? 'no-session'}`,
        onOrder: async (event, send) => {
          if (await isBranchOrder(db, tenant.id, branch.id, event.orderId))
            send('change', { orderId: event.orderId, ...(event.kind ? { kind: event.kind } : {}) });
        },
      });
    },
  );

  app.post(
    '/branches/:branchId/board/:orderId/:action',
    {
      preHandler: requireBranch('order-board', 'manage'),
      config: {
        doc: {
          summary: 'Accept, reject, start, ready, complete or cancel an order',
          params: actionParams,
          body: restaurantActionBodySchema,
        },
      },
    },
    async (request, reply) => {
      const { tenant, member } = tenantAuth(request);
      const branch = branchOf(request);
      const path = actionParams.safeParse(request.params);
      if (!path.success) return reply.code(404).send(ORDER_NOT_FOUND);
      const input = restaurantActionBodySchema.safeParse(request.body ?? undefined);
      if (!input.success)
        return reply.code(400).send({
          code: 'invalid_body',
          message: input.error.issues[0]?.message ?? '內容不正確',
          fields: fieldErrors(input.error),
        });
      const found = await boardOrder(db, tenant.id, branch.id, path.data.orderId);
      if (!found) return reply.code(404).send(ORDER_NOT_FOUND);
      const { action } = path.data;
      try {
        await temporal.workflow.getHandle(found.workflowId).executeUpdate(restaurantActionUpdate, {
          args: [
            {
              action,
              by: 'staff',
              actor: `staff:${member.id}`,
              reason: input.data.reason ?? null,
              prepMinutes: input.data.prepMinutes ?? null,
            },
          ],
        });
      } catch (error) {
        const refusal = refusalOf(error);
        if (refusal?.code === 'reason_required') return reply.code(400).send(refusal);
        if (refusal) return reply.code(409).send({ code: 'invalid_transition', message: refusal.message });
        if (error instanceof WorkflowNotFoundError)
          return reply.code(409).send({
            code: 'invalid_transition',
            message: `「${RESTAURANT_STATUS_LABELS_ZH[found.order.status]}」的訂單已結案，不能再變更`,
          });
        throw error;
      }
      const after = await boardOrder(db, tenant.id, branch.id, path.data.orderId);
      await writeAudit(
        db,
        auditEntry(request, {
          action: `order.${action}`,
          targetType: 'order',
          targetId: found.order.number,
          data: {
            orderId: found.order.id,
            from: found.order.status,
            to: after?.order.status,
            reason: input.data.reason ?? null,
          },
        }),
      );
      return reply.send(after!.order);
    },
  );

  app.get(
    '/branches/:branchId/future-orders',
    {
      preHandler: requireBranch('order-board/future', 'view'),
      config: {
        doc: {
          summary: '未來訂單: orders by day and slot, with item totals',
          params: branchParams,
          query: futureQuery,
        },
      },
    },
    async (request, reply) => {
      const { tenant } = tenantAuth(request);
      const branch = branchOf(request);
      const query = futureQuery.safeParse(request.query);
      if (!query.success)
        return reply.code(400).send({ code: 'invalid_query', message: query.error.issues[0]?.message ?? '查詢不正確' });
      const fromDay = query.data.from ? isoDateToDayKey(query.data.from)! : taipeiDayKey(new Date());
      const days = await futureOrders(db, tenant.id, branch.id, fromDay, query.data.days);
      return reply.header('cache-control', 'no-store').send({ days });
    },
  );

  app.get(
    '/branches/:branchId/order-handling',
    {
      preHandler: requireBranch('settings/order-handling', 'view'),
      config: { doc: { summary: "A branch's 接單設定", params: branchParams } },
    },
    async (request, reply) => {
      const { tenant } = tenantAuth(request);
      const branch = branchOf(request);
      return reply.header('cache-control', 'no-store').send(await getOrderHandling(db, tenant.id, branch.id));
    },
  );

  app.put(
    '/branches/:branchId/order-handling',
    {
      preHandler: requireBranch('settings/order-handling', 'manage'),
      config: { doc: { summary: "Save a branch's 接單設定", params: branchParams, body: orderHandlingSchema } },
    },
    async (request, reply) => {
      const { tenant } = tenantAuth(request);
      const branch = branchOf(request);
      const input = orderHandlingSchema.safeParse(request.body);
      if (!input.success)
        return reply.code(400).send({
          code: 'invalid_order_handling',
          message: input.error.issues[0]?.message ?? '設定不正確',
          fields: fieldErrors(input.error),
        });
      const saved = await db.$transaction(async (tx) => {
        const result = await saveOrderHandling(tx, tenant.id, branch.id, input.data);
        await writeAudit(
          tx,
          auditEntry(request, {
            action: 'branch.order_handling',
            targetType: 'branch',
            targetId: branch.id,
            data: result,
          }),
        );
        return result;
      });
      return reply.send(saved);
    },
  );
}
