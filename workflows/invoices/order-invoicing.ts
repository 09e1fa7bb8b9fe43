import { condition, ParentClosePolicy, startChild } from '@temporalio/workflow';
import { orderInvoiceWorkflowId } from '../../domain/workflow-ids.ts';
import { NeedsAttention, OrderNumber, TenantId } from '../../temporal/search-attributes.ts';
import { databaseActivities as db } from '../activity-proxies.ts';
import { invoiceOrderEndedSignal, issueInvoiceWorkflow } from './issue-invoice.ts';

/** The patch that brought e-invoices into restaurant orders; histories recorded before it replay without. */
export const ORDER_INVOICE_PATCH = 'order-invoice';

interface InvoicedOrder {
  tenantId: string;
  orderId: string;
  orderNumber: string;
  /** The order's payment is in (the orderPaid signal). */
  paid: () => boolean;
  /** The order's status now. */
  status: () => string;
  /** The order ended (completed, cancelled…) or its workflow lets it go. */
  ended: () => boolean;
}

/**
 * An order's e-invoice, by the shop's 電子發票設定: once the order is paid (收到付款, for orders
 * paid in advance) or completed, the invoice's own child workflow is started (it outlives the
 * order's workflow through a provider's outage); when the order ends afterwards, it is told how,
 * so a cancelled order's invoice is voided or allowed. Nothing for an order without a carrier
 * choice (the shop did not issue when it was placed) or that ended without being paid.
 */
export async function invoiceRestaurantOrder(order: InvoicedOrder): Promise<void> {
  const ids = { tenantId: order.tenantId, orderId: order.orderId };
  const plan = await db.planOrderInvoice(ids);
  if (!plan) return;
  const due = () => (plan.trigger === 'paid' ? order.paid() : order.status() === 'completed');
  await condition(() => due() || order.ended());
  if (!due()) return;
  // Completed already: nothing will undo the invoice, so the child needs no word of the end.
  const completed = order.ended() && order.status() === 'completed';
  const child = await startChild(issueInvoiceWorkflow, {
    workflowId: orderInvoiceWorkflowId(order.tenantId, order.orderId),
    args: [{ ...ids, orderFinal: completed }],
    parentClosePolicy: ParentClosePolicy.ABANDON,
    typedSearchAttributes: [
      { key: TenantId, value: order.tenantId },
      { key: OrderNumber, value: order.orderNumber },
      { key: NeedsAttention, value: false },
    ],
    staticSummary: `電子發票｜訂單 ${order.orderNumber}`,
  });
  if (completed) return;
  await condition(order.ended);
  await child.signal(invoiceOrderEndedSignal, { status: order.status(), reason: null });
}
