import { WorkflowFailedError, WorkflowUpdateFailedError, WorkflowNotFoundError } from '@temporalio/client';
import { ActivityFailure, ApplicationFailure } from '@temporalio/common';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ORDER_STATUSES } from '../../domain/orders/order-status.ts';
import { changeStatusUpdate } from '../../workflows/orders/chat-order/updates.ts';
import type { ServerDeps } from '../deps.ts';
import { withOrderWorkflow } from './order-workflow.ts';
import { auditEntry, writeAudit } from '../team/auth/audit.ts';
import { requirePage, tenantAuth } from '../plugins/auth.ts';
import { ORDER_NOT_FOUND, orderNumberParams } from './order-detail.ts';
import { ORDERS_MANAGE } from '../../domain/team/page-sets.ts';

const body = z.object({
  to: z.enum(ORDER_STATUSES),
  // A blank form field means "no tracking number", not an invalid one.
  trackingNumber: z
    .string()
    .trim()
    .max(64)
    .nullish()
    .transform((v) => v || null),
});

/**
 * An optional `Idempotency-Key` header: the same key sent again (a retry after a lost answer,
 * e.g. the API server died after the change was stored) is the same Workflow Update, so it
 * answers with that change's result instead of 409 「已經是…」.
 */
const idempotencyKey = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,64}$/)
  .optional();

/**
 * POST /api/t/:tenant/orders/:orderNumber/status — an admin changes an order's status. The
 * change is a Workflow Update: the workflow checks it against the status machine and answers
 * only after the new status is stored, so the page shows what the database holds.
 * Needs orders: manage (api/plugins/auth.ts); the workflow records the member as the actor and
 * the audit log gets order.status_change.
 */
export async function adminOrderStatusRoutes(app: FastifyInstance, opts: { deps: ServerDeps }) {
  const { db } = opts.deps;
  app.post(
    '/orders/:orderNumber/status',
    {
      preHandler: requirePage(ORDERS_MANAGE, 'manage'),
      config: { doc: { summary: "Change an order's status (a Workflow Update)", params: orderNumberParams, body } },
    },
    async (request, reply) => {
      const { tenant, member } = tenantAuth(request);
      const path = orderNumberParams.safeParse(request.params);
      const input = body.safeParse(request.body);
      if (!path.success) return reply.code(404).send(ORDER_NOT_FOUND);
      if (!input.success) return reply.code(400).send({ code: 'invalid_input', message: z.prettifyError(input.error) });
      const key = idempotencyKey.safeParse(request.headers['idempotency-key']);
      if (!key.success) {
        return reply
          .code(400)
          .send({ code: 'invalid_input', message: 'Idempotency-Key: 8 to 64 letters, digits, - or _' });
      }

      const order = await db.order.findFirst({
        where: { number: path.data.orderNumber, tenantId: tenant.id },
        select: { id: true, workflowId: true, status: true, sourceEventId: true, pickupMethod: true },
      });
      if (!order) return reply.code(404).send(ORDER_NOT_FOUND);
      // A restaurant order moves by its own status machine, from the kitchen's board.
      if (order.pickupMethod)
        return reply.code(409).send({ code: 'invalid_transition', message: '餐廳訂單請在「訂單處理」看板變更狀態' });

      try {
        const state = await withOrderWorkflow(opts.deps, { ...order, tenantId: tenant.id }, (handle) =>
          handle.executeUpdate(changeStatusUpdate, {
            // Scoped by member so one member's key never replays another's change.
            ...(key.data ? { updateId: `status-${member.id}-${key.data}` } : {}),
            args: [
              { to: input.data.to, trackingNumber: input.data.trackingNumber ?? null, actor: `staff:${member.id}` },
            ],
          }),
        );
        // A replayed key whose change was already stored is not a second change.
        if (order.status !== state.status) {
          await writeAudit(
            db,
            auditEntry(request, {
              action: 'order.status_change',
              targetType: 'order',
              targetId: path.data.orderNumber,
              data: { orderId: order.id, from: order.status, to: state.status, trackingNumber: state.trackingNumber },
            }),
          );
        }
        return reply.send({ status: state.status, trackingNumber: state.trackingNumber });
      } catch (error) {
        const refusal = refusalOf(error);
        if (refusal) return reply.code(409).send(refusal);
        if (error instanceof WorkflowNotFoundError) {
          return reply.code(409).send({ code: 'order_closed', message: '這筆訂單的流程已結束，無法再變更狀態' });
        }
        throw error;
      }
    },
  );
}

/** The zh-TW reason a workflow (its Update, or the whole run) refused with, or null for other errors. */
export function refusalOf(error: unknown): { code: string; message: string } | null {
  let cause = error instanceof WorkflowUpdateFailedError || error instanceof WorkflowFailedError ? error.cause : error;
  // The database's own check (an activity's non-retryable failure), e.g. a reservation that
  // expired while the change was queued.
  if (cause instanceof ActivityFailure) cause = cause.cause;
  if (cause instanceof ApplicationFailure) return { code: cause.type ?? 'refused', message: cause.message };
  return null;
}
