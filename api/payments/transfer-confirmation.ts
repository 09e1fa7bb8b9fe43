import { WorkflowNotFoundError } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { confirmTransfer } from '../../db/payments/order-payments.ts';
import { orderPaidSignal } from '../../workflows/payments/follow-payment.ts';
import type { ServerDeps } from '../deps.ts';
import { findOrderByNumber, ORDER_NOT_FOUND, orderNumberParams } from '../orders/order-detail.ts';
import { requirePage, tenantAuth } from '../plugins/auth.ts';
import { auditEntry, writeAudit } from '../team/auth/audit.ts';
import { emptyBody } from '../../domain/query-inputs.ts';
import { ORDERS_MANAGE } from '../../domain/team/page-sets.ts';

/**
 * POST /api/t/:tenant/orders/:orderNumber/payment/transfer-received — 確認已收到轉帳: the merchant
 * found the customer's transfer (by the last five digits) in their account. The order is paid
 * once (a second press is 409), audited, and its workflow stops waiting for the money.
 */
export async function transferConfirmationRoutes(app: FastifyInstance, opts: { deps: ServerDeps }) {
  const { db, temporal } = opts.deps;

  app.post(
    '/orders/:orderNumber/payment/transfer-received',
    {
      preHandler: requirePage(ORDERS_MANAGE, 'manage'),
      config: {
        doc: { summary: 'The shop confirms a bank transfer arrived', params: orderNumberParams, body: emptyBody },
      },
    },
    async (request, reply) => {
      const { tenant, member } = tenantAuth(request);
      const path = orderNumberParams.safeParse(request.params);
      if (!emptyBody.safeParse(request.body ?? {}).success)
        return reply.code(400).send({ code: 'invalid_body', message: '這個請求不需要內容' });
      const order = path.success ? await findOrderByNumber(db, tenant.id, path.data.orderNumber) : null;
      if (!order) return reply.code(404).send(ORDER_NOT_FOUND);
      const outcome = await confirmTransfer(db, {
        tenantId: tenant.id,
        orderId: order.id,
        actor: `staff:${member.id}`,
      });
      if (outcome !== 'paid')
        return reply.code(409).send({ code: 'not_unpaid_transfer', message: '這筆訂單不是待確認的轉帳' });
      await writeAudit(
        db,
        auditEntry(request, { action: 'order.transfer_received', targetType: 'order', targetId: order.id, data: {} }),
      );
      try {
        await temporal.workflow.getHandle(order.workflowId).signal(orderPaidSignal, { source: `staff:${member.id}` });
      } catch (error) {
        if (!(error instanceof WorkflowNotFoundError)) throw error;
      }
      return { status: 'paid' };
    },
  );
}
