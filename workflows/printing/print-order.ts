import { condition, defineQuery, defineSignal, setHandler } from '@temporalio/workflow';
import { POLL_TIMEOUT_MS, type PrinterHealth } from '../../domain/printing/printer-health.ts';
import { databaseActivities as db, lineMessageActivities as line } from '../activity-proxies.ts';

export interface PrintOrderInput {
  tenantId: string;
  orderId: string;
  printerId: string;
  /** From 補印 on the board: the tickets say so. */
  reprint: boolean;
}

export interface PrintOrderState {
  /** nothing: the printer had nothing of this order to print. */
  status: 'printing' | 'needs_attention' | 'printed' | 'nothing';
  problem: PrinterHealth | null;
}

/** Sent by the CloudPRNT endpoint when the printer confirms one of this workflow's jobs. */
export const printJobDoneSignal = defineSignal('printJobDone');
export const printOrderStateQuery = defineQuery<PrintOrderState>('printOrderState');

/** A printer still in trouble is looked at again less and less often, up to this. */
const MAX_CHECK_MS = 5 * 60 * 1000;

/**
 * An order's tickets on one printer: queued once (the jobs are keyed by this workflow's ID, so
 * a retry or a crashed worker queues nothing twice), then followed until the printer confirms
 * them. The confirmation wakes it at once; without one it looks again after the printer's poll
 * timeout. A printer that stopped polling or reports paper out or its cover open raises
 * NeedsAttention and alerts the staff once per problem; its queue prints when it is back.
 */
export async function printOrderWorkflow(input: PrintOrderInput): Promise<PrintOrderState> {
  const state: PrintOrderState = { status: 'printing', problem: null };
  let confirmed = false;
  setHandler(printJobDoneSignal, () => {
    confirmed = true;
  });
  setHandler(printOrderStateQuery, () => state);

  const { jobs } = await db.queueOrderPrint(input);
  if (jobs === 0) return { status: 'nothing', problem: null };
  const ids = { tenantId: input.tenantId, orderId: input.orderId, printerId: input.printerId };
  let wait = POLL_TIMEOUT_MS;
  let alerts = 0;
  for (;;) {
    await condition(() => confirmed, wait);
    confirmed = false;
    const check = await db.checkOrderPrint(ids);
    if (check.printed) return { status: 'printed', problem: null };
    if (check.health === 'ok') {
      Object.assign(state, { status: 'printing', problem: null });
      wait = POLL_TIMEOUT_MS;
      continue;
    }
    const news = state.problem !== check.health;
    Object.assign(state, { status: 'needs_attention', problem: check.health });
    wait = Math.min(wait * 2, MAX_CHECK_MS);
    if (!news) continue;
    alerts += 1;
    try {
      await line.alertPrinterProblem({
        tenantId: input.tenantId,
        orderId: input.orderId,
        check,
        step: `problem-${alerts}`,
      });
    } catch {
      // No LINE connection: the board and the settings page still show the printer's problem.
    }
  }
}
