import { ParentClosePolicy, startChild } from '@temporalio/workflow';
import { orderPrintWorkflowId } from '../../domain/workflow-ids.ts';
import { databaseActivities as db } from '../activity-proxies.ts';
import { printOrderWorkflow } from './print-order.ts';

/**
 * Prints a restaurant order on its branch's printers: one child workflow per printer with
 * something to print (it outlives the order's workflow if the printer is away that long). With
 * 列印後自動收單 on, `onReceiptPrinted` runs once the first receipt printer has printed it.
 */
export async function printRestaurantOrder(
  ids: { tenantId: string; orderId: string },
  onReceiptPrinted: () => Promise<void>,
): Promise<void> {
  const plan = await db.planOrderPrinting(ids);
  const receipts: Promise<unknown>[] = [];
  for (const printer of plan.printers) {
    const child = await startChild(printOrderWorkflow, {
      workflowId: orderPrintWorkflowId(ids.tenantId, ids.orderId, printer.id),
      args: [{ ...ids, printerId: printer.id, reprint: false }],
      parentClosePolicy: ParentClosePolicy.ABANDON,
    });
    if (printer.receipt) receipts.push(child.result());
  }
  if (!plan.acceptAfterPrint || receipts.length === 0) return;
  await Promise.race(receipts);
  await onReceiptPrinted();
}
