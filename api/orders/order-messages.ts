import { WorkflowExecutionAlreadyStartedError, type WorkflowHandle } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  FREE_TEXT_MAX_LENGTH,
  ORDER_MESSAGE_TEMPLATE_IDS,
  renderOrderMessage,
} from '../../domain/orders/order-message-templates.ts';
import { orderMessageWorkflowId } from '../../domain/workflow-ids.ts';
import { OrderNumber, TenantId } from '../../temporal/search-attributes.ts';
import type { orderMessageWorkflow, OrderMessageWorkflowInput } from '../../workflows/orders/customer-message.ts';
import type { ServerDeps } from '../deps.ts';
import { auditEntry, writeAudit } from '../team/auth/audit.ts';
import { requirePage, tenantAuth } from '../plugins/auth.ts';
import { ORDER_NOT_FOUND, orderNumberParams } from './order-detail.ts';
import { refusalOf } from './order-status.ts';
import { ORDERS_MANAGE } from '../../domain/team/page-sets.ts';

const messageBody = z
  .object({
    /** A UUID the page makes per message: the same request (a double click, a retry) sends once. */
    requestId: z.uuid('requestId 必須是 UUID'),
    template: z.enum(ORDER_MESSAGE_TEMPLATE_IDS, '找不到這個訊息範本').optional(),
    /** Checked for 1–500 characters by renderOrderMessage; this only keeps absurd bodies out. */
    text: z
      .string('訊息必須是文字')
      .max(FREE_TEXT_MAX_LENGTH * 4, `訊息最多 ${FREE_TEXT_MAX_LENGTH} 個字`)
      .optional(),
  })
  .refine((b) => (b.template === undefined) !== (b.text === undefined), '請選擇一個範本，或輸入自訂訊息（擇一）');

/** How long the request waits for LINE's answer before saying "on its way" (the workflow keeps trying). */
export const MESSAGE_WAIT_MS = 10_000;

export type OrderMessageResult =
  { state: 'sent'; text: string; delivery: string } | { state: 'sending'; text: string; message: string };

/**
 * POST /api/t/:tenant/orders/:orderNumber/messages `{ requestId, template | text }` — pushes a
 * message to the order's customer through LINE: a template (domain/orders/order-message-templates.ts,
 * rendered here exactly as the page previews it) or free text (1–500 characters). It runs as a
 * workflow named after the request ID (workflows/orders/customer-message.ts), so it survives a crash and
 * is sent once per request. Answers 200 sent, 202 still sending (LINE slow; it will be), or 409
 * with the zh-TW reason (customer blocked the shop, monthly quota used up, LINE not connected).
 * orders: manage; audit line order.customer_message.
 */
export async function adminOrderMessageRoutes(app: FastifyInstance, opts: { deps: ServerDeps; waitMs?: number }) {
  const { db, temporal, env } = opts.deps;
  const waitMs = opts.waitMs ?? MESSAGE_WAIT_MS;
  app.post(
    '/orders/:orderNumber/messages',
    {
      preHandler: requirePage(ORDERS_MANAGE, 'manage'),
      config: {
        doc: {
          summary: 'Send the customer a LINE message about the order',
          params: orderNumberParams,
          body: messageBody,
        },
      },
    },
    async (request, reply) => {
      const { tenant, member } = tenantAuth(request);
      const path = orderNumberParams.safeParse(request.params);
      if (!path.success) return reply.code(404).send(ORDER_NOT_FOUND);
      const input = messageBody.safeParse(request.body ?? {});
      if (!input.success) {
        return reply
          .code(400)
          .send({ code: 'invalid_input', message: input.error.issues[0]?.message ?? '訊息內容不正確' });
      }
      const order = await db.order.findFirst({
        where: { tenantId: tenant.id, number: path.data.orderNumber },
        select: {
          id: true,
          number: true,
          total: true,
          trackingNumber: true,
          customer: { select: { displayName: true } },
        },
      });
      if (!order) return reply.code(404).send(ORDER_NOT_FOUND);

      const rendered = renderOrderMessage(
        input.data.template ? { template: input.data.template } : { text: input.data.text ?? '' },
        {
          customerName: order.customer.displayName,
          orderNumber: order.number,
          total: order.total,
          trackingNumber: order.trackingNumber,
          shopName: tenant.name,
        },
      );
      if (!rendered.ok) return reply.code(400).send({ code: rendered.code, message: rendered.message });

      const workflowId = orderMessageWorkflowId(tenant.id, input.data.requestId);
      const args: OrderMessageWorkflowInput = {
        tenantId: tenant.id,
        orderId: order.id,
        text: rendered.text,
        actor: `staff:${member.id}`,
        requestId: input.data.requestId,
      };
      let handle: WorkflowHandle<typeof orderMessageWorkflow>;
      try {
        // FAIL on a running or finished twin: only the request that starts the message logs it.
        handle = await temporal.workflow.start<typeof orderMessageWorkflow>('orderMessageWorkflow', {
          workflowId,
          taskQueue: env.TEMPORAL_TASK_QUEUE,
          args: [args],
          workflowIdConflictPolicy: 'FAIL',
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
          typedSearchAttributes: [
            { key: TenantId, value: tenant.id },
            { key: OrderNumber, value: order.number },
          ],
          staticSummary: `傳訊息給顧客：${order.number}`,
        });
        await writeAudit(
          db,
          auditEntry(request, {
            action: 'order.customer_message',
            targetType: 'order',
            targetId: order.number,
            data: { orderId: order.id, requestId: input.data.requestId, template: input.data.template ?? null },
          }),
        );
      } catch (error) {
        // The same request (a double click, a retried call), running or finished: its outcome is the answer.
        if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
        handle = temporal.workflow.getHandle<typeof orderMessageWorkflow>(workflowId);
      }

      let timer: NodeJS.Timeout | undefined;
      try {
        const outcome = await Promise.race([
          handle.result(),
          new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), waitMs))),
        ]);
        if (outcome === null) {
          const body: OrderMessageResult = {
            state: 'sending',
            text: rendered.text,
            message: 'LINE 目前回應較慢，訊息會在稍後自動送出，不需要再按一次',
          };
          return reply.code(202).send(body);
        }
        const body: OrderMessageResult = { state: 'sent', text: rendered.text, delivery: outcome.delivery };
        return reply.send(body);
      } catch (error) {
        const refusal = refusalOf(error);
        if (refusal) return reply.code(409).send(refusal);
        throw error;
      } finally {
        clearTimeout(timer);
      }
    },
  );
}
