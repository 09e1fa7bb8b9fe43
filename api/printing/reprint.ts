import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { orderPrintWorkflowId } from '../../domain/workflow-ids.ts';
import type { printOrderWorkflow } from '../../workflows/printing/print-order.ts';
import { auditEntry, writeAudit } from '../team/auth/audit.ts';
import { tenantAuth } from '../plugins/auth.ts';
import type { ServerDeps } from '../deps.ts';
import { branchOf, branchParams, requireBranch } from '../restaurant/branch-guard.ts';
import { ORDERS_MANAGE } from '../../domain/team/page-sets.ts';

const reprintParams = branchParams.extend({ orderId: z.uuid() });
const reprintBody = z.strictObject({
  /** One per tap of 補印: a repeated request prints nothing more. */
  requestId: z.uuid({ error: 'requestId must be a UUID' }),
  /** One printer; every printer of the branch when absent. */
  printerId: z.uuid({ error: '找不到這台出單機' }).optional(),
});

const ORDER_NOT_FOUND = { code: 'order_not_found', message: '找不到這張訂單' } as const;

/**
 * 補印 from the order board or the order's page: POST /branches/:branchId/orders/:orderId/reprint
 * (orders: manage). A print workflow per printer, named by the request, prints the order's
 * tickets again marked 補印; a printer with nothing of this order prints nothing.
 */
export async function reprintRoutes(app: FastifyInstance, opts: { deps: ServerDeps }) {
  const { db, temporal, env } = opts.deps;

  app.post(
    '/branches/:branchId/orders/:orderId/reprint',
    {
      preHandler: requireBranch(ORDERS_MANAGE, 'manage'),
      config: { doc: { summary: '補印: print an order again', params: reprintParams, body: reprintBody } },
    },
    async (request, reply) => {
      const { tenant } = tenantAuth(request);
      const branch = branchOf(request);
      const params = reprintParams.safeParse(request.params);
      if (!params.success) return reply.code(404).send(ORDER_NOT_FOUND);
      const body = reprintBody.safeParse(request.body);
      if (!body.success) return reply.code(400).send({ code: 'invalid_reprint', message: z.prettifyError(body.error) });
      const order = await db.order.findFirst({
        where: { tenantId: tenant.id, branchId: branch.id, id: params.data.orderId },
        select: { id: true },
      });
      if (!order) return reply.code(404).send(ORDER_NOT_FOUND);
      const printers = await db.printer.findMany({
        where: {
          tenantId: tenant.id,
          branchId: branch.id,
          ...(body.data.printerId ? { id: body.data.printerId } : {}),
        },
        select: { id: true },
      });
      if (body.data.printerId && printers.length === 0)
        return reply.code(404).send({ code: 'printer_not_found', message: '找不到這台出單機' });
      for (const printer of printers) {
        try {
          await temporal.workflow.start<typeof printOrderWorkflow>('printOrderWorkflow', {
            workflowId: orderPrintWorkflowId(tenant.id, order.id, printer.id, body.data.requestId),
            taskQueue: env.TEMPORAL_TASK_QUEUE,
            args: [{ tenantId: tenant.id, orderId: order.id, printerId: printer.id, reprint: true }],
            workflowIdReusePolicy: 'REJECT_DUPLICATE',
          });
        } catch (error) {
          if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
        }
      }
      await writeAudit(
        db,
        auditEntry(request, { action: 'order.reprint', targetType: 'order', targetId: order.id, data: body.data }),
      );
      return reply.code(202).send({ printers: printers.length });
    },
  );
}
