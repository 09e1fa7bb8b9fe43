import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { throttleWaitMs } from '../../../domain/invoices/invoice-life.ts';
import { invoiceRelateNumber } from '../../../domain/invoices/relate-number.ts';
import { orderInvoiceWorkflowId, restaurantOrderWorkflowId } from '../../../domain/workflow-ids.ts';
import { randomUUID } from 'node:crypto';
import { authConfigOf, requestAs, signedInMember } from '../../support/auth.ts';
import { textsTo } from '../../support/line-sandbox.ts';
import { recordHistory } from '../../support/histories.ts';
import { ecpayControl, invoiceOf, sandboxInvoices, turnOnInvoices } from '../../support/invoices.ts';
import {
  boardAction,
  completeOrder,
  openRestaurant,
  pickupSlots,
  restaurantCustomer,
  teaCheckout,
  type TestRestaurant,
} from '../../support/restaurant-orders.ts';
import { settle, startStack, waitFor, type Stack } from '../../support/stack.ts';

/**
 * E-invoices end to end, against the ECPay sandbox: issued exactly once through a timeout after
 * ECPay received the Issue, a storm of 403s, and a worker killed mid-issue; a used-up number
 * range raising NeedsAttention until 重新開立; a donation and a 統編 receipt; a cancelled paid
 * order's invoice voided inside its period and allowed (折讓) after it (the sandbox dates the
 * invoice months back: the test clock of the period rule).
 */

let stack: Stack;
let shop: TestRestaurant;

const admin = (method: string, path: string, body?: unknown) =>
  requestAs(stack.apiUrl, shop.owner, method, `/api/t/${shop.tenant.slug}${path}`, body);
const ordersUrl = () => `/api/shop/${shop.tenant.slug}/restaurant-orders`;

async function placeOrder(extra: Record<string, unknown> = {}) {
  const customer = await restaurantCustomer(stack, shop);
  const [slot] = await pickupSlots(stack, shop);
  const placed = await customer.browser.call('POST', ordersUrl(), teaCheckout(shop, slot!.start, extra));
  expect(placed.status, JSON.stringify(placed.body)).toBe(201);
  const order = await stack.db.order.findFirstOrThrow({
    where: { tenantId: shop.tenant.id, number: placed.body!.orderNumber as string },
    select: { id: true, number: true, total: true },
  });
  return { ...order, browser: customer.browser, lineUserId: customer.lineUserId, relate: invoiceRelateNumber(order.id) };
}


const invoiceState = (orderId: string) =>
  stack.temporal.workflow
    .getHandle(orderInvoiceWorkflowId(shop.tenant.id, orderId))
    .query<{ status: string; retryAtMs: number | null; problem: string | null }>('invoiceState');

beforeAll(async () => {
  stack = await startStack({ ecpay: true });
  shop = await openRestaurant(stack, '2300001901', { handling: { autoAccept: true } });
  await turnOnInvoices(stack, shop);
}, 180_000);
afterAll(() => stack?.stop());

describe('issuing exactly once', () => {
  it('through a timeout after ECPay received the Issue', async () => {
    await ecpayControl(stack, 'POST', '/faults', { op: 'Issue', kind: 'drop_after_receipt' });
    const order = await placeOrder();
    await completeOrder(stack, shop, order.id);
    const row = await invoiceOf(stack, shop, order.id, 'the invoice issued', (r) => r.status === 'issued');
    const issued = await sandboxInvoices(stack, order.relate);
    expect(issued).toHaveLength(1);
    expect(row.invoiceNo).toBe(issued[0]!.invoiceNo);
    expect(issued[0]).toMatchObject({ salesAmount: order.total, carrierType: '1', print: false });
    // The customer's order page and the admin's show the number.
    const page = await order.browser.call('GET', `/api/shop/${shop.tenant.slug}/orders/${order.number}`);
    expect(page.body!.invoice).toMatchObject({ status: 'issued', kind: 'cloud', invoiceNo: row.invoiceNo });
    const detail = await admin('GET', `/orders/${order.number}/detail`);
    expect(detail.body.invoice).toMatchObject({ status: 'issued', invoiceNo: row.invoiceNo, orderNumber: order.number });
    // 交易明細 shows it too.
    const report = await admin('GET', '/reports/transactions');
    expect(report.status, JSON.stringify(report.body)).toBe(200);
    const line = (report.body.rows as { number: string; invoiceNumber: string | null }[]).find((r) => r.number === order.number);
    expect(line?.invoiceNumber).toBe(row.invoiceNo);
    // 補寄給顧客: once per request, however often it is sent.
    const requestId = randomUUID();
    expect((await admin('POST', `/invoices/${order.id}/resend`, { requestId })).status).toBe(202);
    expect((await admin('POST', `/invoices/${order.id}/resend`, { requestId })).status).toBe(202);
    const told = await waitFor('the invoice told on LINE', async () => {
      const texts = (await textsTo(stack, shop.tenant, order.lineUserId)).filter((text) => text.includes(row.invoiceNo!));
      return texts.length > 0 ? texts : undefined;
    });
    await settle();
    expect((await textsTo(stack, shop.tenant, order.lineUserId)).filter((text) => text.includes(row.invoiceNo!))).toHaveLength(1);
    expect(told[0]).toContain('已存入綠界會員載具');
    await stack.temporal.workflow.getHandle(orderInvoiceWorkflowId(shop.tenant.id, order.id)).result();
    await recordHistory(orderInvoiceWorkflowId(shop.tenant.id, order.id), 'issue-invoice-timeout-issued');
    await stack.temporal.workflow.getHandle(restaurantOrderWorkflowId(shop.tenant.id, order.id)).result();
    await recordHistory(restaurantOrderWorkflowId(shop.tenant.id, order.id), 'restaurant-order-invoiced');
  }, 90_000);

  it('through a storm of 403s, each waited out long (重新開立 asks at once)', async () => {
    await ecpayControl(stack, 'POST', '/faults', { op: '*', kind: 'throttle', times: 3 });
    const order = await placeOrder();
    await completeOrder(stack, shop, order.id);
    let lastRetryAt = 0;
    for (let storm = 1; storm <= 3; storm++) {
      const waiting = await waitFor(`throttled ${storm}`, async () => {
        const state = await invoiceState(order.id).catch(() => null);
        return state?.status === 'throttled' && state.retryAtMs! > lastRetryAt ? state : undefined;
      });
      // It waits ECPay's 30 minutes, then an hour, then two: never a quick retry into the throttle.
      expect(waiting.retryAtMs! - Date.now()).toBeGreaterThan(throttleWaitMs(storm) - 15_000);
      lastRetryAt = waiting.retryAtMs!;
      expect((await sandboxInvoices(stack, order.relate))).toHaveLength(0);
      expect((await admin('POST', `/invoices/${order.id}/retry`, {})).status).toBe(202);
    }
    await invoiceOf(stack, shop, order.id, 'the invoice issued', (r) => r.status === 'issued');
    expect(await sandboxInvoices(stack, order.relate)).toHaveLength(1);
    await stack.temporal.workflow.getHandle(orderInvoiceWorkflowId(shop.tenant.id, order.id)).result();
    await recordHistory(orderInvoiceWorkflowId(shop.tenant.id, order.id), 'issue-invoice-throttled');
  }, 90_000);

  it('when the worker is killed while ECPay is answering', async () => {
    await ecpayControl(stack, 'POST', '/clock', { slowAnswerMs: 6_000 });
    await ecpayControl(stack, 'POST', '/faults', { op: 'Issue', kind: 'slow_answer' });
    const order = await placeOrder();
    await completeOrder(stack, shop, order.id);
    await waitFor('ECPay made the invoice', async () => (await sandboxInvoices(stack, order.relate)).length === 1);
    await stack.worker()!.kill('SIGKILL');
    await stack.startWorker();
    // The lost attempt times out (20 s) and the next one finds the invoice by its RelateNumber.
    await invoiceOf(stack, shop, order.id, 'the invoice recorded', (r) => r.status === 'issued', 60_000);
    await settle();
    expect(await sandboxInvoices(stack, order.relate)).toHaveLength(1);
  }, 120_000);
});

describe('what the merchant must act on', () => {
  it('a used-up number range flags NeedsAttention until 重新開立', async () => {
    await ecpayControl(stack, 'POST', '/faults', { op: 'Issue', kind: 'numbers_exhausted' });
    const order = await placeOrder();
    await completeOrder(stack, shop, order.id);
    const flagged = await invoiceOf(stack, shop, order.id, 'needs attention', (r) => r.status === 'needs_attention');
    expect(flagged.problem).toMatch(/字軌.*重新開立/);
    const handle = stack.temporal.workflow.getHandle(orderInvoiceWorkflowId(shop.tenant.id, order.id));
    const described = await handle.describe();
    expect(described.memo?.attention).toBe(flagged.problem);
    expect(described.typedSearchAttributes.getAll().find((a) => a.key.name === 'NeedsAttention')?.value).toBe(true);
    // The order itself is listed among those needing a person, with the invoice's reason.
    await waitFor('the order in the attention list', async () => {
      const attention = await admin('GET', '/orders/attention');
      const orders = attention.body.orders as { order: { id: string } | null; reason: string }[];
      return orders.some((o) => o.order?.id === order.id && o.reason === flagged.problem);
    });
    const listed = await admin('GET', '/invoices?status=needs_attention');
    expect((listed.body.invoices as { orderId: string }[]).map((i) => i.orderId)).toContain(order.id);
    expect((await admin('POST', `/invoices/${order.id}/retry`, {})).status).toBe(202);
    const fixed = await invoiceOf(stack, shop, order.id, 'issued after the fix', (r) => r.status === 'issued');
    expect(fixed.problem).toBeNull();
    expect(await sandboxInvoices(stack, order.relate)).toHaveLength(1);
    await handle.result();
    await recordHistory(handle.workflowId, 'issue-invoice-refused-retried');
  }, 90_000);
});

describe('carriers', () => {
  it('a donation to a love code ECPay knows, refused for one it does not', async () => {
    const customer = await restaurantCustomer(stack, shop);
    const [slot] = await pickupSlots(stack, shop);
    const unknown = await customer.browser.call(
      'POST',
      ordersUrl(),
      teaCheckout(shop, slot!.start, { invoice: { kind: 'donation', loveCode: '7654321' } }),
    );
    expect(unknown).toMatchObject({ status: 400, body: { fields: { 'invoice.loveCode': '查無這個愛心碼，請確認受贈單位的愛心碼' } } });
    const order = await placeOrder({ invoice: { kind: 'donation', loveCode: '919' } });
    await completeOrder(stack, shop, order.id);
    await invoiceOf(stack, shop, order.id, 'the invoice issued', (r) => r.status === 'issued');
    expect(await sandboxInvoices(stack, order.relate)).toMatchObject([{ loveCode: '919', print: false, carrierType: '' }]);
  }, 60_000);

  it('a company’s 統編 receipt, printed with the tax ID', async () => {
    const order = await placeOrder({ invoice: { kind: 'company', taxId: '22099131', title: '台灣積體電路製造股份有限公司' } });
    await completeOrder(stack, shop, order.id);
    await invoiceOf(stack, shop, order.id, 'the invoice issued', (r) => r.status === 'issued');
    expect(await sandboxInvoices(stack, order.relate)).toMatchObject([{ buyerTaxId: '22099131', print: true }]);
  }, 60_000);

  it('checks a mobile barcode with ECPay at checkout', async () => {
    await ecpayControl(stack, 'POST', '/carriers', { unknownBarcode: '/ZZZ9999' });
    const { browser } = await restaurantCustomer(stack, shop);
    const check = (body: unknown) => browser.call('POST', `/api/shop/${shop.tenant.slug}/invoice-carriers/check`, body);
    expect(await check({ kind: 'mobile', barcode: '/abc+123' })).toMatchObject({ status: 200, body: { ok: true } });
    expect(await check({ kind: 'mobile', barcode: '/ZZZ9999' })).toMatchObject({
      status: 400,
      body: { fields: { 'invoice.barcode': '財政部查無這個手機條碼，請確認後再輸入' } },
    });
    expect(await check({ kind: 'mobile', barcode: 'ABC' })).toMatchObject({ status: 400, body: { code: 'invalid_carrier' } });
    expect((await check({ kind: 'paper' })).status).toBe(400);
  });
});

describe('a paid order cancelled after its invoice', () => {
  beforeAll(async () => {
    const payments = await admin('PUT', '/settings/payments', {
      pickup: ['cash', 'transfer'],
      delivery: ['cash'],
      dine_in: ['cash'],
      shop: ['cash'],
      bankCode: '812',
      bankAccount: '001234567890',
      accountName: '茶飲小舖',
      reminderMinutes: [60],
      payWithinMinutes: 24 * 60,
    });
    expect(payments.status).toBe(200);
    await turnOnInvoices(stack, shop, { issueOn: 'payment', hashKey: '', hashIv: '' });
  });

  async function paidThenCancelled(name: string) {
    const order = await placeOrder({ payment: 'transfer', transferDigits: '54321' });
    expect((await admin('POST', `/orders/${order.number}/payment/transfer-received`, {})).status).toBe(200);
    const issued = await invoiceOf(stack, shop, order.id, 'issued on payment', (r) => r.status === 'issued');
    const cancelled = await boardAction(stack, shop, order.id, 'cancel', { reason: '客人臨時有事' });
    expect(cancelled.status).toBe(200);
    const handle = stack.temporal.workflow.getHandle(orderInvoiceWorkflowId(shop.tenant.id, order.id));
    await handle.result();
    await recordHistory(handle.workflowId, name);
    return { order, issued };
  }

  it('is voided (作廢) inside its period', async () => {
    const { order } = await paidThenCancelled('issue-invoice-voided');
    expect((await stack.db.orderInvoice.findFirstOrThrow({ where: { orderId: order.id } })).status).toBe('voided');
    expect(await sandboxInvoices(stack, order.relate)).toMatchObject([{ invalid: true, allowances: [] }]);
  }, 90_000);

  it('is allowed (折讓) in full after it', async () => {
    await ecpayControl(stack, 'POST', '/clock', { issueDaysAgo: 120 });
    try {
      const { order } = await paidThenCancelled('issue-invoice-allowed');
      const row = await stack.db.orderInvoice.findFirstOrThrow({ where: { orderId: order.id } });
      expect(row.status).toBe('allowed');
      const [invoice] = await sandboxInvoices(stack, order.relate);
      expect(invoice).toMatchObject({ invalid: false, allowances: [{ amount: order.total }] });
      expect(row.allowanceNo).toBe(invoice!.allowances[0]!.allowanceNo);
    } finally {
      await ecpayControl(stack, 'POST', '/clock', { issueDaysAgo: 0 });
    }
  }, 90_000);
});

describe('電子發票設定', () => {
  it('檢查設定 tells keys ECPay refuses from ones it takes; a shop that stops issuing offers no carrier', async () => {
    expect((await admin('PUT', '/settings/invoices', { enabled: true, merchantId: '2000132', hashKey: 'AAAAAAAAAAAAAAAA', hashIv: '', issueOn: 'completion', defaultLoveCode: '' })).status).toBe(200);
    const refused = await admin('POST', '/settings/invoices/check', {});
    expect(refused.body).toMatchObject({ ok: false, checkedAt: null });
    expect(refused.body.message).toMatch(/綠界拒絕了這組設定/);
    await turnOnInvoices(stack, shop);
    expect((await admin('POST', '/settings/invoices/check', {})).body).toMatchObject({ ok: true });
    // Changing the love code keeps the check; new keys need another.
    const kept = await turnOnInvoices(stack, shop, { hashKey: '', hashIv: '', defaultLoveCode: '919' });
    expect(kept.checkedAt).not.toBeNull();
    expect((await turnOnInvoices(stack, shop)).checkedAt).toBeNull();
    expect((await admin('POST', '/settings/invoices/check', { extra: 1 })).status).toBe(400);

    const customer = await restaurantCustomer(stack, shop);
    const [slot] = await pickupSlots(stack, shop);
    const { submitId: _s, ...quote } = teaCheckout(shop, slot!.start);
    expect((await customer.browser.call('POST', `${ordersUrl()}/quote`, quote)).body!.invoice).toEqual({ defaultLoveCode: '8585' });
    await turnOnInvoices(stack, shop, { enabled: false, hashKey: '', hashIv: '' });
    expect((await customer.browser.call('POST', `${ordersUrl()}/quote`, quote)).body!.invoice).toBeNull();
    const placed = await customer.browser.call('POST', ordersUrl(), teaCheckout(shop, slot!.start, { invoice: { kind: 'cloud' } }));
    expect(placed.status).toBe(201);
    const order = await stack.db.order.findFirstOrThrow({ where: { tenantId: shop.tenant.id, number: placed.body!.orderNumber as string } });
    expect(await stack.db.orderInvoice.count({ where: { orderId: order.id } })).toBe(0);
  }, 60_000);
});

describe('branches', () => {
  it('a member of another branch sees and touches none of this branch’s invoices', async () => {
    const other = await stack.db.branch.create({
      data: { tenantId: shop.tenant.id, name: '大安店', address: '台北市大安區復興南路 1 號', phone: '0227000000' },
    });
    const staff = await signedInMember(stack.db, authConfigOf(stack.env), shop.tenant.id, { role: 'manager' });
    await stack.db.staff.update({ where: { id: staff.staffId }, data: { allBranches: false } });
    await stack.db.staffBranch.create({ data: { tenantId: shop.tenant.id, staffId: staff.staffId, branchId: other.id } });
    const asStaff = (method: string, path: string, body?: unknown) =>
      requestAs(stack.apiUrl, staff, method, `/api/t/${shop.tenant.slug}${path}`, body);
    const owners = (await admin('GET', '/invoices')).body.invoices as { orderId: string }[];
    expect(owners.length).toBeGreaterThan(0);
    const theirs = await asStaff('GET', '/invoices');
    expect(theirs).toMatchObject({ status: 200, body: { invoices: [], nextCursor: null } });
    expect((await asStaff('POST', `/invoices/${owners[0]!.orderId}/retry`, {})).status).toBe(404);
    expect((await asStaff('POST', `/invoices/${owners[0]!.orderId}/resend`, { requestId: randomUUID() })).status).toBe(404);
  });
});
