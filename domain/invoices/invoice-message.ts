import { formatNtd } from '../money.ts';
import type { InvoiceRecipient } from './invoice-recipient.ts';

/** Where the customer finds the invoice, by the carrier they chose. */
const WHERE: Record<InvoiceRecipient['kind'], string> = {
  cloud: '已存入綠界會員載具（以訂單手機號碼歸戶），中獎會通知您。',
  mobile: '已存入您的手機條碼載具，可在財政部電子發票整合服務平台查詢。',
  certificate: '已存入您的自然人憑證載具。',
  donation: '已捐贈給您指定的愛心碼單位，謝謝您的愛心。',
  company: '統編發票將由店家列印交給您。',
};

/** 補寄發票: the LINE message that tells the customer their invoice again. */
export function invoiceMessage(input: {
  shopName: string;
  orderNumber: string;
  invoiceNo: string;
  invoiceDate: string;
  amount: number;
  recipient: InvoiceRecipient | null;
}): string {
  return [
    `${input.shopName} 電子發票`,
    `訂單 ${input.orderNumber}`,
    `發票號碼 ${input.invoiceNo}（${input.invoiceDate.slice(0, 10)}）`,
    `金額 ${formatNtd(input.amount)}`,
    WHERE[input.recipient?.kind ?? 'cloud'],
  ].join('\n');
}
