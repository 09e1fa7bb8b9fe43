import { WorkflowUpdateFailedError, WorkflowNotFoundError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ORDER_STATUSES } from '../../domain/order-status.ts';
import { changeStatusUpdate } from '../../workflows/order-messages.ts';
import type { ServerDeps } from '../deps.ts';
import { localOnly } from '../plugins/local-only.ts';

const params = z.object({ tenant: z.string().min(1).max(63), orderNumber: z.string().min(1).max(40) });
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
 * POST /api/t/:tenant/orders/:orderNumber/status — an admin changes an order's status. The
 * change is a Workflow Update: the workflow checks it against the status machine and answers
 * only after the new status is stored, so the page shows what the database holds.
 */
export async function adminOrderStatusRoutes(app: FastifyInstance, opts: { deps: ServerDeps }) {
  const { db, temporal } = opts.deps;
  app.post('/api/t/:tenant/orders/:orderNumber/status', { preHandler: localOnly }, async (request, reply) => {
    const path = params.safeParse(request.params);
    const input = body.safeParse(request.body);
    if (!path.success) return reply.code(404).send({ code: 'not_found', message: '找不到這筆訂單' });
    if (!input.success) return reply.code(400).send({ code: 'invalid_input', message: z.prettifyError(input.error) });

    const order = await db.order.findFirst({
      where: { number: path.data.orderNumber, tenant: { slug: path.data.tenant } },
      select: { workflowId: true },
    });
    if (!order) return reply.code(404).send({ code: 'not_found', message: '找不到這筆訂單' });

    try {
      const state = await temporal.workflow.getHandle(order.workflowId).executeUpdate(changeStatusUpdate, {
        args: [{ to: input.data.to, trackingNumber: input.data.trackingNumber ?? null, actor: 'staff:local' }],
      });
      return reply.send({ status: state.status, trackingNumber: state.trackingNumber });
    } catch (error) {
      const refusal = refusalOf(error);
      if (refusal) return reply.code(409).send(refusal);
      if (error instanceof WorkflowNotFoundError) {
        return reply.code(409).send({ code: 'order_closed', message: '這筆訂單的流程已結束，無法再變更狀態' });
      }
      throw error;
    }
  });
}

function refusalOf(error: unknown): { code: string; message: string } | null {
  const cause = error instanceof WorkflowUpdateFailedError ? error.cause : error;
  if (cause instanceof ApplicationFailure) return { code: cause.type ?? 'refused', message: cause.message };
  return null;
}
