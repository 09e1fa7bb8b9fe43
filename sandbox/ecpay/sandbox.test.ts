import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { invoiceDelivery } from '../../domain/invoices/invoice-recipient.ts';
import {
  createEcpayInvoiceClient,
  ecpayRecipient,
  EcpayRejected,
  EcpayUnavailable,
  type IssueRequest,
} from '../../integrations/ecpay/einvoice-client.ts';
import { buildEcpaySandbox } from './app.ts';
import { STAGE_MERCHANT } from './store.ts';

/**
 * The ECPay e-invoice client against the sandbox over HTTP: issuing exactly once across a dropped
 * answer (query by RelateNumber before issuing again), ECPay's field rules, voiding, allowances,
 * carrier and love-code checks, and the errors a workflow retries or does not.
 */

const sandbox = buildEcpaySandbox();
let client: ReturnType<typeof createEcpayInvoiceClient>;
let baseUrl: string;

beforeAll(async () => {
  await sandbox.app.listen({ port: 0, host: '127.0.0.1' });
  baseUrl = `http://127.0.0.1:${(sandbox.app.server.address() as AddressInfo).port}`;
  client = createEcpayInvoiceClient({ baseUrl, ...STAGE_MERCHANT, timeoutMs: 5_000 });
});
afterAll(() => sandbox.app.close());
beforeEach(() => {
  sandbox.store.faults = [];
});

let serial = 0;
function meal(overrides: Partial<IssueRequest> = {}): IssueRequest {
  serial += 1;
  return {
    relateNumber: `JYTEST${serial}${Date.now()}`,
    customerName: '林小姐',
    customerPhone: '0912345678',
    customerEmail: '',
    ...ecpayRecipient(invoiceDelivery({ kind: 'cloud' }, '0912345678')),
    salesAmount: 165,
    items: [
      { name: '珍珠奶茶 半糖', count: 2, word: '杯', price: 60 },
      { name: '滷肉飯', count: 1, word: '碗', price: 45 },
    ],
    ...overrides,
  };
}
const fault = (body: object) =>
  fetch(`${baseUrl}/__control/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('issuing', () => {
  it('issues an invoice and finds it again by its RelateNumber', async () => {
    const request = meal();
    const issued = await client.issue(request);
    expect(issued.invoiceNo).toMatch(/^[A-Z]{2}\d{8}$/);
    expect(issued.randomNumber).toMatch(/^\d{4}$/);
    const found = await client.findByRelateNumber(request.relateNumber);
    expect(found).toMatchObject({
      invoiceNo: issued.invoiceNo,
      salesAmount: 165,
      invalid: false,
      remainingAllowance: 165,
    });
    expect(await client.findByRelateNumber('JYNEVER1')).toBeNull();
  });

  it('refuses a second invoice under the same RelateNumber', async () => {
    const request = meal();
    await client.issue(request);
    await expect(client.issue(request)).rejects.toBeInstanceOf(EcpayRejected);
  });

  it('issues once when the answer is lost after ECPay received the request', async () => {
    const request = meal();
    await fault({ op: 'Issue', kind: 'drop_after_receipt' });
    const lost = await client.issue(request).catch((e: unknown) => e);
    expect(lost).toBeInstanceOf(EcpayUnavailable);
    expect((lost as EcpayUnavailable).ambiguous).toBe(true);
    // What a workflow does before any retry: ask, and keep what was issued.
    const found = await client.findByRelateNumber(request.relateNumber);
    expect(found?.invoiceNo).toMatch(/^[A-Z]{2}\d{8}$/);
    const all = sandbox.store.invoices.filter((i) => i.relateNumber === request.relateNumber);
    expect(all).toHaveLength(1);
  });

  it('keeps ECPay’s rules: a company’s receipt is printed, a donation never, amounts add up', async () => {
    const company = await client.issue(
      meal({ ...ecpayRecipient(invoiceDelivery({ kind: 'company', taxId: '22099131' }, '0912345678')) }),
    );
    expect(sandbox.store.invoices.find((i) => i.invoiceNo === company.invoiceNo)).toMatchObject({
      buyerTaxId: '22099131',
      print: true,
      carrierType: '',
    });
    const donated = await client.issue(
      meal({ ...ecpayRecipient(invoiceDelivery({ kind: 'donation', loveCode: '8585' }, '0912345678')) }),
    );
    expect(sandbox.store.invoices.find((i) => i.invoiceNo === donated.invoiceNo)).toMatchObject({
      loveCode: '8585',
      print: false,
    });
    await expect(client.issue(meal({ salesAmount: 999 }))).rejects.toThrow(/發票金額與商品合計不符/);
    await expect(client.issue(meal({ buyerTaxId: '22099131', print: false }))).rejects.toBeInstanceOf(EcpayRejected);
  });
});

describe('after issuing', () => {
  it('voids an invoice once, and allows part of another down to nothing', async () => {
    const voided = await client.issue(meal());
    await client.invalidate(voided.invoiceNo, voided.invoiceDate, '顧客取消訂單');
    expect((await client.findByRelateNumber(sandbox.store.invoices.at(-1)!.relateNumber))?.invalid).toBe(true);
    await expect(client.invalidate(voided.invoiceNo, voided.invoiceDate, '再一次')).rejects.toThrow(/已作廢/);

    const partly = await client.issue(meal());
    expect(await client.allow(partly.invoiceNo, partly.invoiceDate, 60, '珍珠奶茶 半糖 缺貨退款')).toMatchObject({
      remaining: 105,
    });
    await expect(client.allow(partly.invoiceNo, partly.invoiceDate, 106, '超過')).rejects.toBeInstanceOf(EcpayRejected);
    // An invoice with an allowance can no longer be voided.
    await expect(client.invalidate(partly.invoiceNo, partly.invoiceDate, '取消')).rejects.toBeInstanceOf(EcpayRejected);
  });

  it('says whether a mobile barcode and a love code exist', async () => {
    expect(await client.barcodeExists('/ABC1234')).toBe(true);
    await fetch(`${baseUrl}/__control/carriers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ unknownBarcode: '/NOPE123' }),
    });
    expect(await client.barcodeExists('/NOPE123')).toBe(false);
    expect(await client.loveCodeExists('8585')).toBe(true);
    expect(await client.loveCodeExists('1234567')).toBe(false);
  });
});

describe('errors a workflow retries', () => {
  it('tells throttling and ECPay’s trouble apart from a refusal', async () => {
    await fault({ op: 'CheckLoveCode', kind: 'throttle' });
    const throttled = await client.loveCodeExists('8585').catch((e: unknown) => e);
    expect(throttled).toBeInstanceOf(EcpayUnavailable);
    expect((throttled as EcpayUnavailable).ambiguous).toBe(false);
    expect((throttled as EcpayUnavailable).throttled).toBe(true);
    await fault({ op: 'CheckLoveCode', kind: 'trans_error' });
    await expect(client.loveCodeExists('8585')).rejects.toBeInstanceOf(EcpayUnavailable);
    await fault({ op: 'CheckLoveCode', kind: 'http_500' });
    await expect(client.loveCodeExists('8585')).rejects.toBeInstanceOf(EcpayUnavailable);
    expect(await client.loveCodeExists('8585')).toBe(true);
  });

  it('opens nothing sealed with the wrong keys', async () => {
    const stranger = createEcpayInvoiceClient({ baseUrl, ...STAGE_MERCHANT, hashKey: 'AAAAAAAAAAAAAAAA' });
    await expect(stranger.issue(meal())).rejects.toThrow(/解密失敗/);
  });
});

describe('faults of the brief', () => {
  it('refuses Issue when the invoice numbers are used up, and issues again once they are back', async () => {
    await fault({ op: 'Issue', kind: 'numbers_exhausted' });
    const request = meal();
    const refused = await client.issue(request).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(EcpayRejected);
    expect((refused as EcpayRejected).message).toMatch(/字軌/);
    expect((refused as EcpayRejected).code).toBe(5070350);
    expect(await client.findByRelateNumber(request.relateNumber)).toBeNull();
    expect((await client.issue(request)).invoiceNo).toMatch(/^[A-Z]{2}\d{8}$/);
  });

  it('answers slowly after doing the work, so a caller that gives up finds it by RelateNumber', async () => {
    sandbox.store.slowAnswerMs = 1_500;
    await fault({ op: 'Issue', kind: 'slow_answer' });
    const impatient = createEcpayInvoiceClient({ baseUrl, ...STAGE_MERCHANT, timeoutMs: 300 });
    const request = meal();
    const lost = await impatient.issue(request).catch((e: unknown) => e);
    expect(lost).toBeInstanceOf(EcpayUnavailable);
    expect((lost as EcpayUnavailable).ambiguous).toBe(true);
    expect(await client.findByRelateNumber(request.relateNumber)).toMatchObject({ relateNumber: request.relateNumber });
  });

  it('dates invoices in the past on request (a test clock for the two-month period)', async () => {
    const shifted = await fetch(`${baseUrl}/__control/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ issueDaysAgo: 90 }),
    });
    expect(shifted.status).toBe(200);
    try {
      const issued = await client.issue(meal());
      const ageDays = (Date.now() + 8 * 3600_000 - Date.parse(`${issued.invoiceDate.replace(' ', 'T')}Z`)) / 86_400_000;
      expect(Math.round(ageDays)).toBe(90);
    } finally {
      sandbox.store.issueDateShiftMs = 0;
    }
  });
});
