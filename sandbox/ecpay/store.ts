import type { EcpayKeys } from '../../integrations/ecpay/envelope.ts';

/** What the ECPay sandbox remembers: merchants and their keys, invoices, carriers, and faults to play. */

/** ECPay's published staging merchant. */
export const STAGE_MERCHANT = { merchantId: '2000132', hashKey: 'ejCk326UnaZWKisg', hashIv: 'q9jcZX8Ib9LM8wYk' };

export interface SandboxInvoice {
  merchantId: string;
  relateNumber: string;
  invoiceNo: string;
  invoiceDate: string;
  randomNumber: string;
  salesAmount: number;
  buyerTaxId: string;
  carrierType: string;
  carrierNum: string;
  loveCode: string;
  print: boolean;
  items: { name: string; count: number; price: number; amount: number }[];
  invalid: boolean;
  invalidReason: string | null;
  allowances: { allowanceNo: string; amount: number }[];
}

export const FAULT_KINDS = [
  'http_500',
  'throttle',
  'trans_error',
  'drop_after_receipt',
  /** The operation is done and its answer comes only after `slowAnswerMs` (a worker may die meanwhile). */
  'slow_answer',
  /** Issue refused with ECPay's RtnCode 5070350: the merchant's invoice number range (字軌) is used up. */
  'numbers_exhausted',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface Fault {
  /** The operation it hits (Issue, GetIssue, …) or '*'. */
  op: string;
  kind: FaultKind;
  remaining: number;
}

export class EcpaySandboxStore {
  readonly merchants = new Map<string, EcpayKeys>([[STAGE_MERCHANT.merchantId, STAGE_MERCHANT]]);
  readonly invoices: SandboxInvoice[] = [];
  /** Charities registered for donations. */
  readonly loveCodes = new Set(['8585', '919', '25885', '168001']);
  /** Mobile barcodes the tax office does not know (every other well-formed one exists). */
  readonly unknownBarcodes = new Set<string>();
  faults: Fault[] = [];
  slowAnswerMs = 8_000;
  /** Invoices are dated this far in the past (a test's clock for the two-month period). */
  issueDateShiftMs = 0;
  private sequence = 0;

  nextInvoiceNo(): string {
    this.sequence += 1;
    return `JY${String(10_000_000 + this.sequence)
      .slice(1)
      .padStart(8, '0')}`;
  }

  byRelateNumber(merchantId: string, relateNumber: string): SandboxInvoice | undefined {
    return this.invoices.find((i) => i.merchantId === merchantId && i.relateNumber === relateNumber);
  }

  byNumber(merchantId: string, invoiceNo: string): SandboxInvoice | undefined {
    return this.invoices.find((i) => i.merchantId === merchantId && i.invoiceNo === invoiceNo);
  }

  /** The fault to play on this call, if any, counted down. */
  takeFault(op: string): FaultKind | null {
    const fault = this.faults.find((f) => (f.op === op || f.op === '*') && f.remaining > 0);
    if (!fault) return null;
    fault.remaining -= 1;
    return fault.kind;
  }
}
