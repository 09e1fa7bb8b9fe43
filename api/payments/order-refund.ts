import type { FastifyInstance } from 'fastify';
import { refundCardPayment } from '../../activities/payments/refund-card-payment.ts';
import { findOrderPayment, refundKept } from '../../db/payments/order-payments.ts';
import { fieldErrors } from '../../domain/form-errors.ts';
import { formatNtd } from '../../domain/money.ts';
import { refundableAmount, refundRequestSchema } from '../../domain/payments/refunds.ts';
import type { StripeGateway } from '../../integrations/stripe/gateway.ts';
import type { ServerDeps } from '../deps.ts';
import { findOrderByNumber, ORDER_NOT_FOUND, orderNumberParams } from '../orders/order-detail.ts';
import { requirePage, tenantAuth } from '../plugins/auth.ts';
import { STRIPE_UNAVAILABLE } from '../stripe-gateway.ts';
import { auditEntry, writeAudit } from '../team/auth/audit.ts';
import { ORDERS_MANAGE } from '../../domain/team/page-sets.ts';

/**
 * POST /api/t/:tenant/orders/:orderNumber/payment/refunds — 退款: the shop gives back part or all
 * of an order's card payment (an item it could not make, a shortage) on its own Stripe account.
 * Keyed by the order's workflow and the form's request ID, so a press sent twice is one refund;
 * more than is left is refused by field, Stripe's refusal is kept on the order, and every refund
 * is audited.
 */
export async function orderRefundRoutes(app: FastifyInstance, opts: { deps: ServerDeps; stripe: StripeGateway | null }) {
  const { db } = opts.deps;

  app.post(
    '/orders/:orderNumber/payment/refunds',
    {
      preHandler: requirePage(ORDERS_MANAGE, 'manage'),
      config: {
        doc: { summary: 'The shop refunds part or all of a card payment', params: orderNumberParams, body: refundRequestSchema },
      },
    },
    async (request, reply) => {
      const { tenant, member } = tenantAuth(request);
      const path = orderNumberParams.safeParse(request.params);
      const order = path.success ? await findOrderByNumber(db, tenant.id, path.data.orderNumber) : null;
      if (!order) return reply.code(404).send(ORDER_NOT_FOUND);
      const body = refundRequestSchema.safeParse(request.body ?? {});
      if (!body.success)
        return reply.code(400).send({ code: 'invalid_body', message: '退款內容有誤', fields: fieldErrors(body.error) });
      const key = `refund:${order.workflowId}:staff:${body.data.requestId}`;
      // The same form sent again (its answer lost): the refund it made, not a second one.
      const kept = await refundKept(db, tenant.id, order.id, key);
      if (kept !== null) return { refunded: kept };
      const payment = await findOrderPayment(db, tenant.id, order.id);
      const left = payment ? refundableAmount(payment) : 0;
      if (left === 0)
        return reply.code(409).send({ code: 'not_refundable', message: '這筆訂單沒有可退的刷卡款項' });
      if (body.data.amount > left) {
        const message = `最多可退 ${formatNtd(left)}`;
        return reply.code(400).send({ code: 'invalid_body', message, fields: { amount: message } });
      }
      const stripe = opts.stripe;
      if (!stripe) return reply.code(502).send(STRIPE_UNAVAILABLE);
      let outcome;
      try {
        outcome = await refundCardPayment(
          { db, stripe: () => stripe },
          {
            tenantId: tenant.id,
            orderId: order.id,
            key,
            reason: body.data.reason,
            actor: `staff:${member.id}`,
            amountTwd: body.data.amount,
          },
        );
      } catch (error) {
        request.log.warn({ err: error, orderId: order.id }, 'refund: Stripe unreachable');
        return reply.code(502).send(STRIPE_UNAVAILABLE);
      }
      if (outcome.kind === 'failed') return reply.code(409).send({ code: 'refund_refused', message: outcome.message });
      await writeAudit(
        db,
        auditEntry(request, {
          action: 'order.refunded',
          targetType: 'order',
          targetId: order.id,
          data: { amount: outcome.kind === 'refunded' ? outcome.amount : 0, reason: body.data.reason },
        }),
      );
      return { refunded: outcome.kind === 'refunded' ? outcome.amount : 0 };
    },
  );
}
