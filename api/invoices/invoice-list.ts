import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  findOrderInvoice,
  listOrderInvoices,
  memberBranchIds,
  type OrderInvoiceView,
} from '../../db/invoices/order-invoices.ts';
import { INVOICE_STATUSES } from '../../domain/invoices/invoice-life.ts';
import { invoiceMessage } from '../../domain/invoices/invoice-message.ts';
import { emptyBody } from '../../domain/query-inputs.ts';
import { isDayKey } from '../../domain/taipei-time.ts';
import { orderInvoiceWorkflowId, orderMessageWorkflowId } from '../../domain/workflow-ids.ts';
import { OrderNumber, TenantId } from '../../temporal/search-attributes.ts';
import type { OrderMessageWorkflowInput } from '../../workflows/orders/customer-message.ts';
import type { ServerDeps } from '../deps.ts';
import { decodeCursor, encodeCursor } from '../page-cursor.ts';
import { requirePage, tenantAuth } from '../plugins/auth.ts';
import { auditEntry, writeAudit } from '../team/auth/audit.ts';

const PAGE_SIZE = 30;

const listQuery = z.strictObject({
  q: z.string().trim().max(40, '搜尋最多 40 個字').optional(),
  status: z.enum(INVOICE_STATUSES, { error: '沒有這個發票狀態' }).optional(),
  day: z
    .string()
    .transform((value) => value.replaceAll('-', ''))
    .refine(isDayKey, '日期格式是 YYYY-MM-DD')
    .optional(),
  cursor: z.string().max(200).optional(),
});

const orderParams = z.object({ orderId: z.uuid() });
const resendBody = z.strictObject({ requestId: z.uuid('requestId 必須是 UUID') });

export interface InvoicePage {
  invoices: OrderInvoiceView[];
  nextCursor: string | null;
}

const NOT_FOUND = { code: 'invoice_not_found', message: '找不到這張發票' };

/**
 * 發票取用功能 (orders: view to look, manage to act):
 * - GET /api/t/:tenant/invoices?q=&status=&day=&cursor= — the shop's invoices, newest first, by
 *   order number or invoice number, status and Taipei day; paged by cursor. A member who works
 *   in some branches only sees (and acts on) those branches' invoices.
 * - POST /api/t/:tenant/invoices/:orderId/resend `{requestId}` — the invoice told to the
 *   customer again by LINE (one push per requestId).
 * - POST /api/t/:tenant/invoices/:orderId/retry — 重新開立: the invoice's workflow asks the
 *   provider again now (after a refusal the merchant fixed, or while throttled).
 */
export async function invoiceListRoutes(app: FastifyInstance, opts: { deps: ServerDeps }) {
  const { db, temporal, env } = opts.deps;

  app.get(
    '/invoices',
    {
      preHandler: requirePage('invoices', 'view'),
      config: { doc: { summary: '發票取用: the shop’s e-invoices by order, number, day and status', query: listQuery } },
    },
    async (request, reply) => {
      const query = listQuery.safeParse(request.query ?? {});
      if (!query.success)
        return reply.code(400).send({ code: 'invalid_query', message: query.error.issues[0]?.message ?? '查詢條件不正確' });
      const before = query.data.cursor ? decodeCursor(query.data.cursor) : null;
      if (query.data.cursor && !before) return reply.code(400).send({ code: 'invalid_query', message: '頁碼不正確' });
      const { tenant, member } = tenantAuth(request);
      const rows = await listOrderInvoices(db, tenant.id, {
        branchIds: await memberBranchIds(db, tenant.id, member),
        q: query.data.q || undefined,
        status: query.data.status,
        day: query.data.day,
        before,
        limit: PAGE_SIZE + 1,
      });
      const invoices = rows.slice(0, PAGE_SIZE);
      const last = invoices.at(-1);
      const page: InvoicePage = {
        invoices,
        nextCursor: rows.length > PAGE_SIZE && last ? encodeCursor({ createdAt: new Date(last.createdAt), id: last.id }) : null,
      };
      return reply.header('cache-control', 'no-store').send(page);
    },
  );

  app.post(
    '/invoices/:orderId/resend',
    {
      preHandler: requirePage('invoices', 'manage'),
      config: { doc: { summary: 'Tell the customer their e-invoice again by LINE', params: orderParams, body: resendBody } },
    },
    async (request, reply) => {
      const { tenant, member } = tenantAuth(request);
      const params = orderParams.safeParse(request.params);
      if (!params.success) return reply.code(404).send(NOT_FOUND);
      const body = resendBody.safeParse(request.body ?? {});
      if (!body.success) return reply.code(400).send({ code: 'invalid_input', message: body.error.issues[0]?.message });
      const invoice = await findOrderInvoice(db, tenant.id, params.data.orderId, await memberBranchIds(db, tenant.id, member));
      if (!invoice) return reply.code(404).send(NOT_FOUND);
      if (!invoice.invoiceNo || !invoice.invoiceDate)
        return reply.code(409).send({ code: 'invoice_not_issued', message: '這張發票還沒開立，無法補寄' });
      const args: OrderMessageWorkflowInput = {
        tenantId: tenant.id,
        orderId: invoice.orderId,
        text: invoiceMessage({
          shopName: tenant.name,
          orderNumber: invoice.orderNumber,
          invoiceNo: invoice.invoiceNo,
          invoiceDate: invoice.invoiceDate,
          amount: invoice.amount,
          recipient: invoice.recipient,
        }),
        actor: `staff:${member.id}`,
        requestId: body.data.requestId,
      };
      try {
        await temporal.workflow.start('orderMessageWorkflow', {
          workflowId: orderMessageWorkflowId(tenant.id, body.data.requestId),
          taskQueue: env.TEMPORAL_TASK_QUEUE,
          args: [args],
          workflowIdConflictPolicy: 'FAIL',
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
          typedSearchAttributes: [
            { key: TenantId, value: tenant.id },
            { key: OrderNumber, value: invoice.orderNumber },
          ],
          staticSummary: `補寄發票：${invoice.orderNumber}`,
        });
        await writeAudit(
          db,
          auditEntry(request, {
            action: 'invoice.resend',
            targetType: 'order',
            targetId: invoice.orderNumber,
            data: { invoiceNo: invoice.invoiceNo, requestId: body.data.requestId },
          }),
        );
      } catch (error) {
        if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      }
      return reply.code(202).send({ sent: true });
    },
  );

  app.post(
    '/invoices/:orderId/retry',
    {
      preHandler: requirePage('invoices', 'manage'),
      config: { doc: { summary: '重新開立: ask the provider again now', params: orderParams, body: emptyBody } },
    },
    async (request, reply) => {
      const { tenant, member } = tenantAuth(request);
      const params = orderParams.safeParse(request.params);
      if (!params.success) return reply.code(404).send(NOT_FOUND);
      if (!emptyBody.safeParse(request.body ?? {}).success)
        return reply.code(400).send({ code: 'invalid_input', message: '這個請求不需要內容' });
      const invoice = await findOrderInvoice(db, tenant.id, params.data.orderId, await memberBranchIds(db, tenant.id, member));
      if (!invoice) return reply.code(404).send(NOT_FOUND);
      try {
        await temporal.workflow.getHandle(orderInvoiceWorkflowId(tenant.id, invoice.orderId)).signal('invoiceRetry');
      } catch (error) {
        if (!(error instanceof WorkflowNotFoundError)) throw error;
        return reply.code(409).send({ code: 'invoice_not_running', message: '這張發票目前沒有待處理的開立' });
      }
      await writeAudit(
        db,
        auditEntry(request, { action: 'invoice.retry', targetType: 'order', targetId: invoice.orderNumber }),
      );
      return reply.code(202).send({ retried: true });
    },
  );
}
