import {
  ActivityFailure,
  ApplicationFailure,
  condition,
  defineQuery,
  defineSignal,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  upsertMemo,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { Activities } from '../../activities/index.ts';
import { ATTENTION_MEMO_KEY } from '../../domain/orders/attention.ts';
import { throttleWaitMs, undoAction } from '../../domain/invoices/invoice-life.ts';
import { NeedsAttention } from '../../temporal/search-attributes.ts';

export interface IssueInvoiceInput {
  tenantId: string;
  orderId: string;
  /** The order had ended when the invoice was started (訂單完成): nothing to wait for after issuing. */
  orderFinal: boolean;
}

export interface IssueInvoiceState {
  status: 'issuing' | 'throttled' | 'needs_attention' | 'issued' | 'voided' | 'allowed';
  invoiceNo: string | null;
  problem: string | null;
  /** While throttled: when it asks the provider again. */
  retryAtMs: number | null;
}

/** 重新開立 from the admin: ask the provider again now (after a refusal or while throttled). */
export const invoiceRetrySignal = defineSignal('invoiceRetry');
/** Sent by the order's workflow when the order ends; a cancelled or rejected order's invoice is undone. */
export const invoiceOrderEndedSignal = defineSignal<[{ status: string; reason: string | null }]>('invoiceOrderEnded');
export const invoiceStateQuery = defineQuery<IssueInvoiceState>('invoiceState');

/** Statuses that end an order without a sale: its invoice is voided or allowed. */
const UNDONE_BY = new Set(['cancelled', 'rejected']);

const invoices = proxyActivities<Activities>({
  // One ECPay call takes at most 10 s; an attempt lost with a worker is retried after this.
  startToCloseTimeout: '20 seconds',
  // Outages are retried for days, less and less often (no attempt limit).
  retry: {
    initialInterval: '2 seconds',
    backoffCoefficient: 2,
    maximumInterval: '1 hour',
    nonRetryableErrorTypes: ['ecpay_throttled', 'ecpay_rejected', 'invoice_not_configured'],
  },
});

const alerts = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '5 minutes', nonRetryableErrorTypes: ['line_not_connected'] },
});

function failureOf(error: unknown): ApplicationFailure | null {
  return error instanceof ActivityFailure && error.cause instanceof ApplicationFailure ? error.cause : null;
}

/**
 * One order's e-invoice, a child of the order's workflow. Issued exactly once: the activity asks
 * the provider by the order's RelateNumber before every Issue, so a timeout after the provider
 * received it, a retry or a worker lost mid-call finds the invoice instead of making another.
 * Outages are retried with backoff for days; ECPay's throttle (403) is waited out long; a
 * refusal (a bad carrier, the invoice numbers used up) flags NeedsAttention with what the
 * merchant can do and waits for 重新開立. When the order ends cancelled, the invoice is voided
 * inside its period and allowed (折讓) after, by the workflow's own (deterministic) clock.
 */
export async function issueInvoiceWorkflow(input: IssueInvoiceInput): Promise<IssueInvoiceState> {
  const state: IssueInvoiceState = { status: 'issuing', invoiceNo: null, problem: null, retryAtMs: null };
  let retryRequested = false;
  let ended: { status: string; reason: string | null } | null = null;
  let steps = 0;
  setHandler(invoiceStateQuery, () => state);
  setHandler(invoiceRetrySignal, () => {
    retryRequested = true;
  });
  setHandler(invoiceOrderEndedSignal, (order) => {
    ended = order;
  });
  const ids = { tenantId: input.tenantId, orderId: input.orderId };

  async function flag(problem: string | null): Promise<void> {
    state.problem = problem;
    upsertSearchAttributes([{ key: NeedsAttention, value: problem !== null }]);
    upsertMemo({ [ATTENTION_MEMO_KEY]: problem });
    setCurrentDetails(problem ?? '');
    steps += 1;
    try {
      await alerts.flagOrderInvoice({ ...ids, problem, step: `attention-${steps}` });
    } catch {
      // No LINE connection: the invoice page and the Temporal UI still show it.
    }
  }

  /** Runs a provider step until it succeeds, waiting out throttling and the merchant's fixes. */
  async function persist<T>(step: () => Promise<T>): Promise<T> {
    let throttled = 0;
    for (;;) {
      try {
        const result = await step();
        if (state.problem !== null) await flag(null);
        return result;
      } catch (error) {
        const failure = failureOf(error);
        if (failure?.type === 'ecpay_throttled') {
          throttled += 1;
          const wait = throttleWaitMs(throttled);
          const before = state.status;
          // eslint-disable-next-line no-restricted-properties -- workflow time is deterministic
          Object.assign(state, { status: 'throttled', retryAtMs: Date.now() + wait });
          await condition(() => retryRequested, wait);
          Object.assign(state, { status: before, retryAtMs: null });
        } else if (failure?.type === 'ecpay_rejected' || failure?.type === 'invoice_not_configured') {
          const before = state.status;
          state.status = 'needs_attention';
          await flag(failure.message);
          await condition(() => retryRequested);
          state.status = before;
        } else {
          throw error;
        }
        retryRequested = false;
      }
    }
  }

  const issued = await persist(() => invoices.issueOrderInvoice(ids));
  Object.assign(state, { status: 'issued', invoiceNo: issued.invoiceNo });
  if (!input.orderFinal) await condition(() => ended !== null);
  const end = ended as { status: string; reason: string | null } | null;
  if (!end || !UNDONE_BY.has(end.status)) return state;
  // eslint-disable-next-line no-restricted-properties -- workflow time is deterministic
  const action = undoAction(issued.invoiceDate, new Date(Date.now()));
  await persist(() => invoices.undoOrderInvoice({ ...ids, action, reason: end.reason ?? '訂單取消' }));
  state.status = action === 'void' ? 'voided' : 'allowed';
  return state;
}

