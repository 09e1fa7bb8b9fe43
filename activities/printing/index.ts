import { activityInfo } from '@temporalio/activity';
import { v5 as uuidv5 } from 'uuid';
import { loadPrintOrder, printersOfOrder } from '../../db/printing/print-order.ts';
import { jobsOfWorkflow, queueJobs } from '../../db/printing/print-jobs.ts';
import { getPrintSettings } from '../../db/printing/printers.ts';
import { HEALTH_TEXT, printerHealth, type PrinterHealth } from '../../domain/printing/printer-health.ts';
import { PRINTER_PAPER } from '../../domain/printing/printer-settings.ts';
import { ticketsFor } from '../../domain/printing/tickets.ts';
import type { ActivityDeps } from '../deps.ts';
import type { LineClientProvider } from '../line-clients.ts';
import { notifyActivities } from '../orders/notify.ts';

/** The namespace of the alert keys below (any fixed UUID; never change it). */
const ALERT_KEY_NAMESPACE = '2b7f4f0e-5d0a-4b7e-9f57-8c1d2e6a9b31';

const workflowId = () => activityInfo().workflowExecution?.workflowId ?? '';

export interface OrderPrinting {
  /** The branch's printers with something to print for the order. */
  printers: { id: string; receipt: boolean }[];
  acceptAfterPrint: boolean;
}

export interface PrintCheck {
  printed: boolean;
  health: PrinterHealth;
  printerName: string;
  pickupNumber: string | null;
}

/**
 * The printing of a restaurant order: which printers print it, queuing each printer's tickets
 * once (the workflow's ID is the request's key, so a retried activity queues nothing more),
 * whether they are printed and how the printer is, and the staff's alert when it needs someone.
 */
export function printingActivities(deps: ActivityDeps, lineClientFor: LineClientProvider) {
  const notify = notifyActivities(deps, lineClientFor);
  const origin = () => deps.publicBaseUrl ?? 'http://127.0.0.1:3000';

  return {
    async planOrderPrinting(input: { tenantId: string; orderId: string }): Promise<OrderPrinting> {
      const order = await loadPrintOrder(deps.db, input.tenantId, input.orderId, origin());
      if (!order) return { printers: [], acceptAfterPrint: false };
      const printers = await printersOfOrder(deps.db, input.tenantId, input.orderId);
      const settings = await getPrintSettings(deps.db, input.tenantId);
      return {
        printers: printers
          .filter((printer) => ticketsFor(printer, order).length > 0)
          .map((printer) => ({ id: printer.id, receipt: !PRINTER_PAPER[printer.kind].label })),
        acceptAfterPrint: settings.autoAcceptAfterPrint,
      };
    },

    async queueOrderPrint(input: { tenantId: string; orderId: string; printerId: string; reprint: boolean }) {
      const order = await loadPrintOrder(deps.db, input.tenantId, input.orderId, origin());
      const printer = (await printersOfOrder(deps.db, input.tenantId, input.orderId)).find(
        (p) => p.id === input.printerId,
      );
      if (!order || !printer) return { jobs: 0 };
      const tickets = ticketsFor(printer, order, input.reprint);
      const key = workflowId();
      await queueJobs(deps.db, {
        tenantId: input.tenantId,
        printerId: printer.id,
        orderId: input.orderId,
        requestKey: key,
        workflowId: key,
        tickets,
      });
      return { jobs: tickets.length };
    },

    async checkOrderPrint(input: { tenantId: string; orderId: string; printerId: string }): Promise<PrintCheck> {
      const jobs = await jobsOfWorkflow(deps.db, input.tenantId, workflowId());
      const printer = await deps.db.printer.findFirst({
        where: { tenantId: input.tenantId, id: input.printerId },
        select: { name: true, lastPollAt: true, lastStatus: true },
      });
      const order = await deps.db.order.findFirst({
        where: { tenantId: input.tenantId, id: input.orderId },
        select: { pickupNumber: true },
      });
      return {
        printed: jobs.every((job) => job.status === 'printed' || job.status === 'failed'),
        health: printer ? printerHealth(printer.lastPollAt, printer.lastStatus, new Date()) : 'offline',
        printerName: printer?.name ?? '',
        pickupNumber: order?.pickupNumber ?? null,
      };
    },

    /** 出單機需要處理: the shop's problem alerts (LINE and e-mail by 訂單通知設定), once per step. */
    async alertPrinterProblem(input: { tenantId: string; orderId: string; check: PrintCheck; step: string }) {
      const { check } = input;
      const what = check.pickupNumber ? `取餐號碼 ${check.pickupNumber} 的單` : '訂單';
      return notify.alertAdmins({
        tenantId: input.tenantId,
        orderId: input.orderId,
        text: `出單機「${check.printerName}」${HEALTH_TEXT[check.health]}，${what}還沒印出。處理好後會自動補印。`,
        retryKeySeed: uuidv5(`${workflowId()}:${input.step}`, ALERT_KEY_NAMESPACE),
        event: 'problem',
      });
    },
  };
}
