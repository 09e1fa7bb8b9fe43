import { activityInfo } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { v5 as uuidv5 } from 'uuid';
import {
  invoiceCredentials,
  type InvoiceCredentials,
} from '../../db/invoices/invoice-settings.ts';
import {
  loadInvoiceOrder,
  recordInvoiceIssued,
  recordInvoiceProblem,
  recordInvoiceUndone,
} from '../../db/invoices/order-invoices.ts';
import { invoiceLines } from '../../domain/invoices/invoice-items.ts';
import { refusalReason, undoRefusalReason } from '../../domain/invoices/invoice-life.ts';
import { issueTrigger } from '../../domain/invoices/invoice-settings.ts';
import { invoiceDelivery, invoiceRecipientSchema } from '../../domain/invoices/invoice-recipient.ts';
import { paidInAdvance } from '../../domain/payments/payment-settings.ts';
import {
  createEcpayInvoiceClient,
  ECPAY_EINVOICE_STAGE_URL,
  EcpayRejected,
  EcpayUnavailable,
  ecpayRecipient,
  type EcpayInvoiceClient,
  type IssuedInvoice,
} from '../../integrations/ecpay/einvoice-client.ts';
import type { ActivityDeps } from '../deps.ts';
import type { LineClientProvider } from '../line-clients.ts';
import { notifyActivities } from '../orders/notify.ts';

/** The namespace of the alert keys below (any fixed UUID; never change it). */
const ALERT_KEY_NAMESPACE = '6c0f3a52-8d3e-4c61-9a1f-2e7b5d4c9a07';

/** The failures a workflow handles itself instead of retrying the activity. */
export const INVOICE_FAILURES = {
  throttled: 'ecpay_throttled',
  rejected: 'ecpay_rejected',
  notConfigured: 'invoice_not_configured',
} as const;

const workflowId = () => activityInfo().workflowExecution?.workflowId ?? '';

export interface InvoicePlan {
  /** When the invoice is issued: once the order is paid, or once it is completed. */
  trigger: 'paid' | 'completed';
}

/** ECPay's answers within this, so an activity attempt (20 s) always outlasts one call. */
const CALL_TIMEOUT_MS = 10_000;

/**
 * Issuing, voiding and allowing an order's e-invoice with the shop's ECPay credentials. Every
 * Issue is preceded by a query by the order's RelateNumber, so an attempt after a lost answer
 * finds the invoice the provider already made instead of making a second; a refusal of Issue
 * asks once more (another attempt may have won the RelateNumber) before it is final. 403 and
 * refusals are final for the activity: the workflow waits long, or for the merchant.
 */
export function invoicesActivities(deps: ActivityDeps, lineClientFor: LineClientProvider) {
  const notify = notifyActivities(deps, lineClientFor);
  const baseUrl = deps.ecpay?.baseUrl ?? ECPAY_EINVOICE_STAGE_URL;

  function clientOf(credentials: InvoiceCredentials): EcpayInvoiceClient {
    return createEcpayInvoiceClient({ baseUrl, ...credentials, timeoutMs: CALL_TIMEOUT_MS });
  }

  async function credentialsOf(tenantId: string): Promise<InvoiceCredentials> {
    const credentials = await invoiceCredentials(deps.db, deps.secrets, tenantId);
    if (!credentials)
      throw ApplicationFailure.create({
        type: INVOICE_FAILURES.notConfigured,
        message: refusalReason('電子發票設定沒有綠界的 HashKey 與 HashIV'),
        nonRetryable: true,
      });
    return credentials;
  }

  /** The provider's trouble, as the workflow needs it: throttling and refusals are final here. */
  function providerFailure(error: unknown, reason: (message: string, code: number) => string): unknown {
    if (error instanceof EcpayUnavailable && error.throttled)
      return ApplicationFailure.create({ type: INVOICE_FAILURES.throttled, message: error.message, nonRetryable: true });
    if (error instanceof EcpayRejected)
      return ApplicationFailure.create({
        type: INVOICE_FAILURES.rejected,
        message: reason(error.message.replace(/ \(RtnCode \d+\)$/, ''), error.code),
        details: [error.code],
        nonRetryable: true,
      });
    return error;
  }

  return {
    /** Whether the order gets an e-invoice (the customer chose a carrier and the shop issues), and when. */
    async planOrderInvoice(input: { tenantId: string; orderId: string }): Promise<InvoicePlan | null> {
      const [row, settings, payment] = await Promise.all([
        deps.db.orderInvoice.findFirst({ where: { tenantId: input.tenantId, orderId: input.orderId }, select: { id: true } }),
        deps.db.invoiceSettings.findUnique({ where: { tenantId: input.tenantId }, select: { enabled: true, issueOn: true } }),
        deps.db.orderPayment.findFirst({ where: { tenantId: input.tenantId, orderId: input.orderId }, select: { method: true } }),
      ]);
      if (!row || !settings?.enabled) return null;
      const issueOn = settings.issueOn === 'completion' ? 'completion' : 'payment';
      return { trigger: issueTrigger(issueOn, paidInAdvance(payment?.method ?? 'cash')) };
    },

    /** Issues the order's invoice once: what the provider has under its RelateNumber, else a new one. */
    async issueOrderInvoice(input: { tenantId: string; orderId: string }): Promise<IssuedInvoice & { amount: number }> {
      const row = await loadInvoiceOrder(deps.db, input.tenantId, input.orderId);
      if (!row) throw ApplicationFailure.create({ type: INVOICE_FAILURES.rejected, message: '找不到這張訂單的發票資料', nonRetryable: true });
      const amount = row.order.total;
      if (row.invoiceNo && row.invoiceDate)
        return { invoiceNo: row.invoiceNo, invoiceDate: row.invoiceDate, randomNumber: '', amount };
      const client = clientOf(await credentialsOf(input.tenantId));
      const record = async (issued: IssuedInvoice) => {
        await recordInvoiceIssued(deps.db, input.tenantId, input.orderId, { ...issued, amount, workflowId: workflowId() });
        return { ...issued, amount };
      };
      try {
        const existing = await client.findByRelateNumber(row.relateNumber);
        if (existing) return await record(existing);
        const recipient = invoiceRecipientSchema.parse(row.recipient);
        const phone = row.order.contactPhone ?? '';
        const delivery = invoiceDelivery(recipient, phone);
        try {
          return await record(
            await client.issue({
              relateNumber: row.relateNumber,
              customerName: delivery.buyerName ?? row.order.contactName ?? row.order.customer.displayName,
              customerPhone: phone,
              customerEmail: '',
              ...ecpayRecipient(delivery),
              salesAmount: amount,
              items: invoiceLines({
                total: amount,
                deliveryFee: row.order.deliveryFee,
                items: row.order.items.map((item) => ({
                  name: item.productName,
                  quantity: item.allocatedQuantity,
                  unitPrice: item.unitPrice,
                })),
              }),
            }),
          );
        } catch (error) {
          // Refused, perhaps because an earlier attempt made it after all (a duplicate RelateNumber).
          if (!(error instanceof EcpayRejected)) throw error;
          const made = await client.findByRelateNumber(row.relateNumber);
          if (made) return await record(made);
          throw error;
        }
      } catch (error) {
        throw providerFailure(error, refusalReason);
      }
    },

    /** The order's invoice needs the merchant (problem) or no more (null): kept on it, and the shop alerted once per step. */
    async flagOrderInvoice(input: { tenantId: string; orderId: string; problem: string | null; step: string }) {
      await recordInvoiceProblem(deps.db, input.tenantId, input.orderId, input.problem, workflowId());
      if (!input.problem) return { recipients: 0 };
      const order = await deps.db.order.findFirst({
        where: { tenantId: input.tenantId, id: input.orderId },
        select: { number: true },
      });
      return notify.alertAdmins({
        tenantId: input.tenantId,
        orderId: input.orderId,
        text: `訂單 ${order?.number ?? ''}：${input.problem}`,
        retryKeySeed: uuidv5(`${workflowId()}:${input.step}`, ALERT_KEY_NAMESPACE),
        event: 'problem',
      });
    },

    /** A cancelled order's invoice undone: voided (作廢) or a 折讓 of what is left, once. */
    async undoOrderInvoice(input: { tenantId: string; orderId: string; action: 'void' | 'allowance'; reason: string }) {
      const row = await loadInvoiceOrder(deps.db, input.tenantId, input.orderId);
      if (!row?.invoiceNo || !row.invoiceDate) return { done: false };
      if (row.status === 'voided' || row.status === 'allowed') return { done: true };
      const client = clientOf(await credentialsOf(input.tenantId));
      const reason = (message: string) => undoRefusalReason(input.action, message);
      try {
        // Done already by an attempt whose answer was lost?
        const now = await client.findByRelateNumber(row.relateNumber);
        if (input.action === 'void') {
          if (!now?.invalid) await client.invalidate(row.invoiceNo, row.invoiceDate, input.reason.slice(0, 20) || '訂單取消');
          await recordInvoiceUndone(deps.db, input.tenantId, input.orderId, { kind: 'voided' });
        } else {
          const left = now ? now.remainingAllowance : row.order.total;
          const allowed =
            left > 0 ? await client.allow(row.invoiceNo, row.invoiceDate, left, '訂單取消退款') : { allowanceNo: '' };
          await recordInvoiceUndone(deps.db, input.tenantId, input.orderId, { kind: 'allowed', allowanceNo: allowed.allowanceNo });
        }
        return { done: true };
      } catch (error) {
        throw providerFailure(error, reason);
      }
    },
  };
}
