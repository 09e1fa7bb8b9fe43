import type { EcpaySandboxStore, SandboxInvoice } from './store.ts';

/**
 * The B2C e-invoice operations, answering as ECPay does with RtnCode and RtnMsg. ECPay publishes
 * its full RtnCode list only in the merchant back office, so the refusal codes below are the
 * sandbox's own (any code but 1 is a refusal to the client); the rules are ECPay's documented ones.
 */

type Data = Record<string, unknown>;
type Answer = Data & { RtnCode: number; RtnMsg: string };

const refuse = (RtnCode: number, RtnMsg: string): Answer => ({ RtnCode, RtnMsg });
const text = (value: unknown) => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '');

function taipeiStamp(now: Date): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
}

function issueRefusal(store: EcpaySandboxStore, merchantId: string, d: Data): Answer | null {
  const relate = text(d.RelateNumber);
  if (!/^[A-Za-z0-9]{1,30}$/.test(relate)) return refuse(1100001, 'RelateNumber 格式錯誤');
  if (store.byRelateNumber(merchantId, relate)) return refuse(1100002, '該自訂編號已存在');
  const taxId = text(d.CustomerIdentifier);
  const print = text(d.Print) === '1';
  const donation = text(d.Donation) === '1';
  const carrierType = text(d.CarrierType);
  if (taxId && !/^\d{8}$/.test(taxId)) return refuse(1100003, '統一編號格式錯誤');
  if (taxId && (!print || donation)) return refuse(1100004, '有統一編號時須列印且不可捐贈');
  if (donation && (!/^\d{3,7}$/.test(text(d.LoveCode)) || print)) return refuse(1100005, '捐贈時須有愛心碼且不可列印');
  if (carrierType && (print || donation)) return refuse(1100006, '有載具時不可列印或捐贈');
  if (carrierType === '3' && !/^\/[0-9A-Z.+-]{7}$/.test(text(d.CarrierNum))) return refuse(1100007, '手機條碼格式錯誤');
  if (carrierType === '2' && !/^[A-Z]{2}\d{14}$/.test(text(d.CarrierNum))) return refuse(1100008, '自然人憑證格式錯誤');
  if (!text(d.CustomerPhone) && !text(d.CustomerEmail)) return refuse(1100009, '電話與電子郵件須擇一填寫');
  const items = Array.isArray(d.Items) ? (d.Items as Data[]) : [];
  if (items.length === 0) return refuse(1100010, '商品不可為空');
  for (const item of items) {
    if (Number(item.ItemCount) * Number(item.ItemPrice) !== Number(item.ItemAmount))
      return refuse(1100011, '商品合計金額錯誤');
  }
  const total = items.reduce((sum, item) => sum + Number(item.ItemAmount), 0);
  if (total !== Number(d.SalesAmount)) return refuse(1100012, '發票金額與商品合計不符');
  return null;
}

function issue(store: EcpaySandboxStore, merchantId: string, d: Data, now: Date): Answer {
  const refusal = issueRefusal(store, merchantId, d);
  if (refusal) return refusal;
  const invoice: SandboxInvoice = {
    merchantId,
    relateNumber: text(d.RelateNumber),
    invoiceNo: store.nextInvoiceNo(),
    invoiceDate: taipeiStamp(new Date(now.getTime() - store.issueDateShiftMs)),
    randomNumber: String(Math.floor(Math.random() * 10_000)).padStart(4, '0'),
    salesAmount: Number(d.SalesAmount),
    buyerTaxId: text(d.CustomerIdentifier),
    carrierType: text(d.CarrierType),
    carrierNum: text(d.CarrierNum),
    loveCode: text(d.LoveCode),
    print: text(d.Print) === '1',
    items: (d.Items as Data[]).map((i) => ({
      name: text(i.ItemName),
      count: Number(i.ItemCount),
      price: Number(i.ItemPrice),
      amount: Number(i.ItemAmount),
    })),
    invalid: false,
    invalidReason: null,
    allowances: [],
  };
  store.invoices.push(invoice);
  return {
    RtnCode: 1,
    RtnMsg: '開立發票成功',
    InvoiceNo: invoice.invoiceNo,
    InvoiceDate: invoice.invoiceDate,
    RandomNumber: invoice.randomNumber,
  };
}

const remaining = (i: SandboxInvoice) => i.salesAmount - i.allowances.reduce((sum, a) => sum + a.amount, 0);

export function runOperation(store: EcpaySandboxStore, merchantId: string, op: string, d: Data, now: Date): Answer {
  switch (op) {
    case 'Issue':
      return issue(store, merchantId, d, now);
    case 'GetIssue': {
      const found = store.byRelateNumber(merchantId, text(d.RelateNumber));
      if (!found) return refuse(1200001, '查無發票資料');
      return {
        RtnCode: 1,
        RtnMsg: '查詢成功',
        IIS_Number: found.invoiceNo,
        IIS_Relate_Number: found.relateNumber,
        IIS_Create_Date: found.invoiceDate,
        IIS_Random_Number: found.randomNumber,
        IIS_Sales_Amount: found.salesAmount,
        IIS_Identifier: found.buyerTaxId || '0000000000',
        IIS_Carrier_Type: found.carrierType,
        IIS_Love_Code: found.loveCode,
        IIS_Invalid_Status: found.invalid ? '1' : '0',
        IIS_Remain_Allowance_Amt: remaining(found),
      };
    }
    case 'Invalid': {
      const found = store.byNumber(merchantId, text(d.InvoiceNo));
      if (!found || found.invoiceDate.slice(0, 10) !== text(d.InvoiceDate)) return refuse(1300001, '查無發票資料');
      if (found.invalid) return refuse(1300002, '該發票已作廢');
      if (found.allowances.length > 0) return refuse(1300003, '該發票已有折讓，不可作廢');
      if (!text(d.Reason)) return refuse(1300004, '作廢原因不可為空');
      found.invalid = true;
      found.invalidReason = text(d.Reason);
      return { RtnCode: 1, RtnMsg: '作廢發票成功', InvoiceNo: found.invoiceNo };
    }
    case 'Allowance': {
      const found = store.byNumber(merchantId, text(d.InvoiceNo));
      if (!found || found.invalid) return refuse(1400001, '查無可折讓的發票');
      const amount = Number(d.AllowanceAmount);
      if (!Number.isInteger(amount) || amount <= 0 || amount > remaining(found))
        return refuse(1400002, '折讓金額超過可折讓金額');
      const allowanceNo = `${found.invoiceNo}${String(found.allowances.length + 1).padStart(4, '0')}`;
      found.allowances.push({ allowanceNo, amount });
      return {
        RtnCode: 1,
        RtnMsg: '開立折讓成功',
        IA_Allow_No: allowanceNo,
        IA_Invoice_No: found.invoiceNo,
        IA_Date: taipeiStamp(now),
        IA_Remain_Allowance_Amt: remaining(found),
      };
    }
    case 'CheckBarcode': {
      const barcode = text(d.BarCode);
      const exists = /^\/[0-9A-Z.+-]{7}$/.test(barcode) && !store.unknownBarcodes.has(barcode);
      return { RtnCode: 1, RtnMsg: '執行成功', IsExist: exists ? 'Y' : 'N' };
    }
    case 'CheckLoveCode':
      return { RtnCode: 1, RtnMsg: '執行成功', IsExist: store.loveCodes.has(text(d.LoveCode)) ? 'Y' : 'N' };
    default:
      return refuse(9000001, `不支援的功能 ${op}`);
  }
}
