import type { InvoiceDelivery } from '../../domain/invoices/invoice-recipient.ts';
import { sealData, openData, type EcpayKeys } from './envelope.ts';

/**
 * A thin client of ECPay's B2C e-invoice API (v3: POST JSON to /B2CInvoice/<Op>, `Data` sealed
 * both ways). ECPay publishes no Node SDK. Errors come in two kinds, because a workflow treats
 * them differently: EcpayUnavailable may be retried (after a query by RelateNumber when the
 * request may have arrived); EcpayRejected is ECPay's answer and will not change on retry.
 */

export const ECPAY_EINVOICE_STAGE_URL = 'https://einvoice-stage.ecpay.com.tw';

export interface EcpayInvoiceConfig extends EcpayKeys {
  baseUrl: string;
  merchantId: string;
  timeoutMs?: number;
}

export class EcpayUnavailable extends Error {
  /** The request may have reached ECPay (a timeout or a dropped answer): ask before issuing again. */
  readonly ambiguous: boolean;
  /** HTTP 403, ECPay's rate limit: wait long before asking again. */
  readonly throttled: boolean;
  constructor(message: string, ambiguous: boolean, throttled = false) {
    super(message);
    this.name = 'EcpayUnavailable';
    this.ambiguous = ambiguous;
    this.throttled = throttled;
  }
}

export class EcpayRejected extends Error {
  readonly code: number;
  constructor(code: number, message: string) {
    super(`${message} (RtnCode ${code})`);
    this.name = 'EcpayRejected';
    this.code = code;
  }
}

export interface IssueItem {
  name: string;
  count: number;
  word: string;
  price: number;
}

export interface IssueRequest {
  relateNumber: string;
  customerName: string;
  customerPhone: string;
  customerEmail: string;
  buyerTaxId: string | null;
  print: boolean;
  loveCode: string | null;
  /** 1: ECPay's cloud carrier, 2: citizen certificate, 3: mobile barcode. */
  carrier: { type: '1' | '2' | '3'; number: string } | null;
  salesAmount: number;
  items: IssueItem[];
}

export interface IssuedInvoice {
  invoiceNo: string;
  /** 'YYYY-MM-DD HH:mm:ss' in Taipei, as ECPay writes it. */
  invoiceDate: string;
  randomNumber: string;
}

export interface InvoiceRecord extends IssuedInvoice {
  relateNumber: string;
  salesAmount: number;
  invalid: boolean;
  remainingAllowance: number;
}

const CARRIER_TYPES = { cloud: '1', certificate: '2', mobile: '3' } as const;

/** ECPay's fields for who receives the invoice, from the customer's choice. */
export function ecpayRecipient(
  delivery: InvoiceDelivery,
): Pick<IssueRequest, 'buyerTaxId' | 'print' | 'loveCode' | 'carrier'> {
  return {
    buyerTaxId: delivery.buyerTaxId,
    print: delivery.print,
    loveCode: delivery.loveCode,
    carrier: delivery.carrier ? { type: CARRIER_TYPES[delivery.carrier.type], number: delivery.carrier.number } : null,
  };
}

type Answer = Record<string, unknown> & { RtnCode: number; RtnMsg: string };

export function createEcpayInvoiceClient(config: EcpayInvoiceConfig) {
  const keys = { hashKey: config.hashKey, hashIv: config.hashIv };

  async function call(op: string, data: Record<string, unknown>): Promise<Answer> {
    const body = {
      MerchantID: config.merchantId,
      // Checked by ECPay to be within ten minutes: made per attempt, never reused.
      RqHeader: { Timestamp: Math.floor(Date.now() / 1000), Revision: '3.0.0' },
      Data: sealData({ MerchantID: config.merchantId, ...data }, keys),
    };
    let response: Response;
    try {
      response = await fetch(`${config.baseUrl}/B2CInvoice/${op}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(config.timeoutMs ?? 15_000),
      });
    } catch (cause) {
      throw new EcpayUnavailable(`ECPay ${op}: ${(cause as Error).message}`, true);
    }
    // 403 is ECPay's throttle, 5xx its trouble: both pass with time.
    if (!response.ok)
      throw new EcpayUnavailable(`ECPay ${op}: HTTP ${response.status}`, response.status >= 500, response.status === 403);
    const outer = (await response.json().catch(() => null)) as {
      TransCode?: number;
      TransMsg?: string;
      Data?: string;
    } | null;
    if (!outer || outer.TransCode !== 1 || typeof outer.Data !== 'string')
      throw new EcpayUnavailable(`ECPay ${op}: ${outer?.TransMsg ?? 'unreadable answer'}`, false);
    return openData(outer.Data, keys) as Answer;
  }

  async function succeed(op: string, data: Record<string, unknown>): Promise<Answer> {
    const answer = await call(op, data);
    if (answer.RtnCode !== 1) throw new EcpayRejected(answer.RtnCode, answer.RtnMsg);
    return answer;
  }

  return {
    async issue(request: IssueRequest): Promise<IssuedInvoice> {
      const answer = await succeed('Issue', {
        RelateNumber: request.relateNumber,
        CustomerID: '',
        CustomerIdentifier: request.buyerTaxId ?? '',
        CustomerName: request.customerName,
        CustomerAddr: '',
        CustomerPhone: request.customerPhone,
        CustomerEmail: request.customerEmail,
        Print: request.print ? '1' : '0',
        Donation: request.loveCode ? '1' : '0',
        LoveCode: request.loveCode ?? '',
        CarrierType: request.carrier?.type ?? '',
        CarrierNum: request.carrier?.number ?? '',
        TaxType: '1',
        SalesAmount: request.salesAmount,
        InvType: '07',
        vat: '1',
        Items: request.items.map((item, i) => ({
          ItemSeq: i + 1,
          ItemName: item.name,
          ItemCount: item.count,
          ItemWord: item.word,
          ItemPrice: item.price,
          ItemTaxType: '1',
          ItemAmount: item.count * item.price,
        })),
      });
      return {
        invoiceNo: String(answer.InvoiceNo),
        invoiceDate: String(answer.InvoiceDate),
        randomNumber: String(answer.RandomNumber),
      };
    },

    /** The invoice issued under this RelateNumber, or null when ECPay has none (so issuing is safe). */
    async findByRelateNumber(relateNumber: string): Promise<InvoiceRecord | null> {
      const answer = await call('GetIssue', { RelateNumber: relateNumber });
      if (answer.RtnCode !== 1) return null;
      return {
        relateNumber,
        invoiceNo: String(answer.IIS_Number),
        invoiceDate: String(answer.IIS_Create_Date),
        randomNumber: String(answer.IIS_Random_Number),
        salesAmount: Number(answer.IIS_Sales_Amount),
        invalid: answer.IIS_Invalid_Status === '1',
        remainingAllowance: Number(answer.IIS_Remain_Allowance_Amt),
      };
    },

    async invalidate(invoiceNo: string, invoiceDate: string, reason: string): Promise<void> {
      await succeed('Invalid', { InvoiceNo: invoiceNo, InvoiceDate: invoiceDate.slice(0, 10), Reason: reason });
    },

    /** A 折讓 of part of the invoice; the allowance number and what may still be allowed. */
    async allow(invoiceNo: string, invoiceDate: string, amount: number, itemName: string) {
      const answer = await succeed('Allowance', {
        InvoiceNo: invoiceNo,
        InvoiceDate: invoiceDate.slice(0, 10),
        AllowanceNotify: 'N',
        AllowanceAmount: amount,
        Items: [
          {
            ItemSeq: 1,
            ItemName: itemName,
            ItemCount: 1,
            ItemWord: '式',
            ItemPrice: amount,
            ItemTaxType: '1',
            ItemAmount: amount,
          },
        ],
      });
      return { allowanceNo: String(answer.IA_Allow_No), remaining: Number(answer.IA_Remain_Allowance_Amt) };
    },

    async barcodeExists(barcode: string): Promise<boolean> {
      return (await succeed('CheckBarcode', { BarCode: barcode })).IsExist === 'Y';
    },

    async loveCodeExists(loveCode: string): Promise<boolean> {
      return (await succeed('CheckLoveCode', { LoveCode: loveCode })).IsExist === 'Y';
    },
  };
}

export type EcpayInvoiceClient = ReturnType<typeof createEcpayInvoiceClient>;
