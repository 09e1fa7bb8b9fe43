import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrinterSandbox, type RunningPrinterSandbox } from '../../../sandbox/printer/testing.ts';
import { orderPrintWorkflowId } from '../../../domain/workflow-ids.ts';
import { requestAs } from '../../support/auth.ts';
import { recordHistory } from '../../support/histories.ts';
import { textsTo } from '../../support/line-sandbox.ts';
import { addPrinter, menuCategories, printersPath, randomMac, reprint } from '../../support/printing.ts';
import {
  openRestaurant,
  pickupSlots,
  restaurantCustomer,
  teaCheckout,
  type TestRestaurant,
} from '../../support/restaurant-orders.ts';
import { settle, startStack, waitFor, type Stack } from '../../support/stack.ts';

/**
 * An order printed on a branch's cloud printers over the real CloudPRNT protocol: simulated
 * printers poll the API, fetch PNG jobs and confirm them; the counter prints the receipt, the
 * kitchen and the bar their categories, the label printer one label per drink; paper out
 * alerts the staff and the queue prints when the paper is back; 補印; 列印後自動收單.
 */

let stack: Stack;
let shop: TestRestaurant;
let other: TestRestaurant;
let printers: RunningPrinterSandbox;
const macs = { counter: randomMac(), kitchen: randomMac(), bar: randomMac(), label: randomMac() };
const ids = { counter: '', kitchen: '', bar: '', label: '' };

beforeAll(async () => {
  stack = await startStack();
  shop = await openRestaurant(stack, '2300001501');
  other = await openRestaurant(stack, '2300001502');
  const { drinks, food } = await menuCategories(stack, shop);
  ids.counter = await addPrinter(stack, shop, {
    name: '櫃檯出單機',
    kind: 'receipt_58',
    mac: macs.counter,
    location: '櫃檯',
  });
  ids.kitchen = await addPrinter(stack, shop, {
    name: '廚房出單機01',
    kind: 'receipt_58',
    mac: macs.kitchen,
    location: '廚房01',
    categoryIds: [food],
  });
  ids.bar = await addPrinter(stack, shop, {
    name: '吧枱出單機',
    kind: 'receipt_80',
    mac: macs.bar,
    location: '吧枱',
    categoryIds: [drinks],
  });
  ids.label = await addPrinter(stack, shop, {
    name: '飲料貼紙機',
    kind: 'label_40x25',
    mac: macs.label,
    location: '吧枱',
    categoryIds: [drinks],
  });
  printers = await startPrinterSandbox({ url: `${stack.apiUrl}/api/cloudprnt`, macs: Object.values(macs) });
}, 120_000);
afterAll(async () => {
  await printers?.close();
  await stack?.stop();
});

const printed = (which: keyof typeof macs) => printers.printers.get(macs[which])!.printed;

/** Two 珍珠奶茶 and a 滷肉飯, picked up; the order's ID. */
async function placeOrder(): Promise<string> {
  const { browser } = await restaurantCustomer(stack, shop);
  const [slot] = await pickupSlots(stack, shop);
  const body = teaCheckout(shop, slot!.start);
  body.lines = [
    { ...body.lines[0]!, quantity: 2 },
    { productId: shop.rice, quantity: 1, choices: {} },
  ];
  const placed = await browser.call('POST', `/api/shop/${shop.tenant.slug}/restaurant-orders`, body);
  expect(placed.status).toBe(201);
  const order = await stack.db.order.findFirstOrThrow({
    where: { tenantId: shop.tenant.id, number: placed.body!.orderNumber as string },
    select: { id: true },
  });
  return order.id;
}

/** The print workflow of an order on a printer, once the order's workflow has started it. */
async function printWorkflow(orderId: string, printer: keyof typeof ids, reprintId?: string) {
  const handle = stack.temporal.workflow.getHandle(
    orderPrintWorkflowId(shop.tenant.id, orderId, ids[printer], reprintId),
  );
  await waitFor('the print workflow', () =>
    handle.describe().then(
      () => true,
      () => false,
    ),
  );
  return handle;
}

const printResult = async (orderId: string, printer: keyof typeof ids, reprintId?: string) =>
  (await printWorkflow(orderId, printer, reprintId)).result();

/** Keeps the pages where a person can look at them (test-results/printing, not committed). */
/** A page the printer printed, as pixels (greyscale, one byte a dot). */
async function pagePixels(which: keyof typeof macs, index: number) {
  const file = join(printers.outDir, macs[which].replace(/:/g, ''), printed(which)[index]!.file);
  const { data, info } = await sharp(readFileSync(file)).greyscale().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/**
 * Rows of the logo's black square near the top: mostly dark across the page's middle third (no line of text
 * is), white at the paper's edge (unlike the black bands of 補印 and the pickup number).
 */
function logoRows(page: { data: Buffer; width: number; height: number }): number {
  let rows = 0;
  const dark = (x: number, y: number) => page.data[y * page.width + x]! < 128;
  // The top of the page only: the QR code at the bottom is dark across the middle too.
  for (let y = 0; y < Math.min(page.height, 220); y += 1) {
    let middle = 0;
    for (let x = Math.floor(page.width / 3); x < Math.floor((2 * page.width) / 3); x += 1) if (dark(x, y)) middle += 1;
    if (middle > 80 && !dark(2, y) && !dark(page.width - 3, y)) rows += 1;
  }
  return rows;
}

/** The shop's logo, uploaded as the owner does: a black square on white. */
async function uploadLogo() {
  const logo = await sharp({ create: { width: 300, height: 300, channels: 3, background: '#ffffff' } })
    .composite([{ input: { create: { width: 200, height: 200, channels: 3, background: '#000000' } }, left: 50, top: 50 }])
    .png()
    .toBuffer();
  const response = await fetch(`${stack.apiUrl}/api/t/${shop.tenant.slug}/settings/store-profile/logo`, {
    method: 'PUT',
    headers: { ...shop.owner.headers, 'content-type': 'image/png' },
    body: new Uint8Array(logo),
  });
  expect(response.status).toBe(200);
}

function keep(which: keyof typeof macs, name: string) {
  const dir = join(import.meta.dirname, '../../../test-results/printing');
  mkdirSync(dir, { recursive: true });
  for (const page of printed(which))
    copyFileSync(join(printers.outDir, macs[which].replace(/:/g, ''), page.file), join(dir, `${name}-${page.file}`));
}

describe('printing an order', () => {
  let orderId = '';

  it('prints once on each printer by category: receipt, kitchen, bar, one label per drink', async () => {
    orderId = await placeOrder();
    for (const printer of ['counter', 'kitchen', 'bar', 'label'] as const)
      expect(await printResult(orderId, printer)).toEqual({ status: 'printed', problem: null });
    await settle();
    expect(printed('counter')).toHaveLength(1);
    expect(printed('kitchen')).toHaveLength(1);
    expect(printed('bar')).toHaveLength(1);
    expect(printed('label')).toHaveLength(2);
    const jobs = await stack.db.printJob.findMany({
      where: { tenantId: shop.tenant.id, orderId },
      select: { status: true, document: true },
    });
    expect(jobs.map((j) => j.status)).toEqual(Array(5).fill('printed'));
    const tickets = jobs.map((j) => j.document as { type: string; station?: string; lines?: { name: string }[] });
    const station = (name: string) => tickets.find((t) => t.station === name)?.lines?.map((l) => l.name);
    expect(station('櫃檯出單機')).toEqual(['珍珠奶茶', '滷肉飯']);
    expect(station('廚房出單機01')).toEqual(['滷肉飯']);
    expect(station('吧枱出單機')).toEqual(['珍珠奶茶']);
    for (const printer of ['counter', 'kitchen', 'bar', 'label'] as const) keep(printer, printer);
    await recordHistory(orderPrintWorkflowId(shop.tenant.id, orderId, ids.counter), 'print-order-printed');
  });

  it('補印 prints the order again once per tap, on the printer chosen, with the logo and the invoice issued since', async () => {
    const firstPage = await pagePixels('counter', 0);
    expect((await stack.db.printJob.findFirstOrThrow({ where: { orderId, printerId: ids.counter } })).document).not.toHaveProperty(
      'invoice.number',
    );
    await uploadLogo();
    // The invoice is issued after the order was printed (on payment): the reprint carries it.
    await stack.db.orderInvoice.create({
      data: {
        tenantId: shop.tenant.id,
        orderId,
        recipient: { kind: 'company', taxId: '04595257', title: '加一股份有限公司' },
        relateNumber: `T${orderId.replace(/-/g, '').slice(0, 19)}`,
        status: 'issued',
        invoiceNo: 'AB12345678',
        invoiceDate: '2026-12-08 12:00:00',
        amount: 185,
        issuedAt: new Date(),
      },
    });
    const requestId = randomUUID();
    const first = await reprint(stack, shop, orderId, { requestId, printerId: ids.counter });
    expect(first).toEqual({ status: 202, body: { printers: 1 } });
    expect(await reprint(stack, shop, orderId, { requestId, printerId: ids.counter })).toMatchObject({ status: 202 });
    expect(await printResult(orderId, 'counter', requestId)).toMatchObject({ status: 'printed' });
    await settle();
    expect(printed('counter')).toHaveLength(2);
    expect(printed('kitchen')).toHaveLength(1);
    const again = await stack.db.printJob.findMany({
      where: { tenantId: shop.tenant.id, orderId, workflowId: { contains: requestId } },
      select: { document: true },
    });
    expect(again.map((j) => (j.document as { reprint: boolean }).reprint)).toEqual([true]);
    expect(again[0]!.document).toMatchObject({
      invoice: { number: 'AB-12345678', carrier: '統編 04595257 加一股份有限公司' },
    });
    // The logo (a third of the 384 dots: its black square ~85 dots) at the top, and two more lines
    // for the invoice: the page runs longer than the first print by both.
    const reprinted = await pagePixels('counter', 1);
    expect(logoRows(firstPage)).toBeLessThan(10);
    expect(logoRows(reprinted)).toBeGreaterThan(80);
    expect(reprinted.height - firstPage.height).toBeGreaterThan(128 + 55);
    keep('counter', 'counter-reprint');
  });

  it('a printer out of paper needs attention, alerts the staff, and prints its queue when the paper is back', async () => {
    await fetch(`${printers.url}/printers/${macs.bar}/state`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ paper: 'out' }),
    });
    const orderId2 = await placeOrder();
    const handle = await printWorkflow(orderId2, 'bar');
    const [staff] = shop.tenant.adminLineUserIds;
    const alert = await waitFor(
      'the staff told the bar printer is out of paper',
      async () =>
        (await textsTo(stack, shop.tenant, staff!)).find((t) => t.includes('吧枱出單機') && t.includes('缺紙')),
      40_000,
    );
    expect(alert).toContain('處理好後會自動補印');
    expect(await handle.query('printOrderState')).toEqual({ status: 'needs_attention', problem: 'paper_out' });
    const page = await requestAs(stack.apiUrl, shop.owner, 'GET', printersPath(shop));
    expect(
      (page.body.printers as { name: string; health: string; waiting: number }[]).find((p) => p.name === '吧枱出單機'),
    ).toMatchObject({
      health: 'paper_out',
      waiting: 1,
    });
    // The kitchen's board says so too, with the tickets it holds back.
    const board = await requestAs(stack.apiUrl, shop.owner, 'GET', `/api/t/${shop.tenant.slug}/branches/${shop.branchId}/board`);
    expect(board.body.printers).toEqual([
      expect.objectContaining({ name: '吧枱出單機', health: 'paper_out', waiting: 1 }),
    ]);
    expect(printed('bar')).toHaveLength(1);
    await fetch(`${printers.url}/printers/${macs.bar}/state`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ paper: 'ok' }),
    });
    expect(await handle.result()).toEqual({ status: 'printed', problem: null });
    expect(printed('bar')).toHaveLength(2);
    const after = await requestAs(stack.apiUrl, shop.owner, 'GET', `/api/t/${shop.tenant.slug}/branches/${shop.branchId}/board`);
    expect(after.body.printers).toEqual([]);
    await recordHistory(handle.workflowId, 'print-order-paper-out');
  }, 90_000);

  it('a printer that stops polling is offline and needs attention; the order prints once it is back', async () => {
    const setOnline = (online: boolean) =>
      fetch(`${printers.url}/printers/${macs.kitchen}/state`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ online }),
      });
    await setOnline(false);
    const before = printed('kitchen').length;
    const orderId4 = await placeOrder();
    const handle = await printWorkflow(orderId4, 'kitchen');
    const state = await waitFor(
      'the kitchen printer seen offline',
      async () => {
        const now = (await handle.query('printOrderState')) as { status: string; problem: string | null };
        return now.status === 'needs_attention' && now;
      },
      60_000,
    );
    expect(state).toEqual({ status: 'needs_attention', problem: 'offline' });
    expect(printed('kitchen')).toHaveLength(before);
    await setOnline(true);
    expect(await handle.result()).toEqual({ status: 'printed', problem: null });
    expect(printed('kitchen')).toHaveLength(before + 1);
  }, 120_000);

  it('with 列印後自動收單 an order is accepted once its receipt is printed', async () => {
    const saved = await requestAs(stack.apiUrl, shop.owner, 'PUT', `/api/t/${shop.tenant.slug}/settings/printing`, {
      autoAcceptAfterPrint: true,
    });
    expect(saved).toEqual({ status: 200, body: { autoAcceptAfterPrint: true } });
    const orderId3 = await placeOrder();
    await printResult(orderId3, 'counter');
    const order = await waitFor('the order accepted', async () => {
      const row = await stack.db.order.findUniqueOrThrow({ where: { id: orderId3 }, select: { status: true } });
      return row.status === 'accepted' && row;
    });
    expect(order.status).toBe('accepted');
    await recordHistory(`restaurant-order:${shop.tenant.id}:${orderId3}`, 'restaurant-order-accepted-printed');
    await requestAs(stack.apiUrl, shop.owner, 'PUT', `/api/t/${shop.tenant.slug}/settings/printing`, {
      autoAcceptAfterPrint: false,
    });
  });
});

describe('出單機設定', () => {
  it('列印測試單 prints a test page on the printer', async () => {
    const before = printed('label').length;
    const response = await requestAs(stack.apiUrl, shop.owner, 'POST', `${printersPath(shop)}/${ids.label}/test-page`);
    expect(response.status).toBe(202);
    await waitFor('the test page', async () => printed('label').length === before + 1);
  });

  it('refuses a MAC set up already, and a form with problems names each field', async () => {
    const taken = await requestAs(stack.apiUrl, other.owner, 'POST', printersPath(other), {
      name: '櫃檯',
      kind: 'receipt_58',
      mac: macs.counter.toLowerCase(),
      location: '櫃檯',
      methods: ['pickup'],
      copies: 1,
      categoryIds: [],
    });
    expect(taken).toMatchObject({ status: 409, body: { code: 'mac_taken' } });
    const bad = await requestAs(stack.apiUrl, shop.owner, 'POST', printersPath(shop), {
      name: '',
      kind: 'x',
      mac: '1',
      location: '',
      methods: [],
      copies: 9,
      categoryIds: [],
    });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.fields as object).sort()).toEqual([
      'copies',
      'kind',
      'location',
      'mac',
      'methods',
      'name',
    ]);
  });

  it("keeps each shop's printers to itself", async () => {
    const theirs = `/api/t/${other.tenant.slug}/branches/${shop.branchId}/printers`;
    expect((await requestAs(stack.apiUrl, other.owner, 'GET', theirs)).status).toBe(404);
    const put = await requestAs(
      stack.apiUrl,
      other.owner,
      'PUT',
      `/api/t/${other.tenant.slug}/branches/${other.branchId}/printers/${ids.bar}`,
      {
        name: '偷改',
        kind: 'receipt_58',
        mac: randomMac(),
        location: '吧枱',
        methods: ['pickup'],
        copies: 1,
        categoryIds: [],
      },
    );
    expect(put.status).toBe(404);
    const test = await requestAs(
      stack.apiUrl,
      other.owner,
      'POST',
      `/api/t/${other.tenant.slug}/branches/${other.branchId}/printers/${ids.bar}/test-page`,
    );
    expect(test.status).toBe(404);
    const mine = await requestAs(stack.apiUrl, other.owner, 'GET', printersPath(other));
    expect(mine.body.printers).toEqual([]);
  });

  it('answers a printer nobody set up with 403 and bad polls with 400', async () => {
    const poll = (body: unknown) =>
      fetch(`${stack.apiUrl}/api/cloudprnt`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await poll({ printerMAC: randomMac(), statusCode: '200%20OK' })).status).toBe(403);
    expect((await poll({ statusCode: 42 })).status).toBe(400);
    const get = await fetch(`${stack.apiUrl}/api/cloudprnt?mac=${macs.counter}&type=text/plain`);
    expect(get.status).toBe(415);
  });
});
