import { afterAll, beforeAll, expect, it } from 'vitest';
import { startPrinterSandbox, type RunningPrinterSandbox } from '../../../sandbox/printer/testing.ts';
import { orderPrintWorkflowId } from '../../../domain/workflow-ids.ts';
import { addPrinter, randomMac } from '../../support/printing.ts';
import {
  openRestaurant,
  pickupSlots,
  restaurantCustomer,
  teaCheckout,
  type TestRestaurant,
} from '../../support/restaurant-orders.ts';
import { settle, startStack, waitFor, type Stack } from '../../support/stack.ts';

/**
 * The server and the worker die while a printer holds a printed job it has not confirmed yet:
 * when everything is back the printer's confirmation lands, the order's print workflow ends
 * printed, and the job was fetched and printed exactly once.
 */

let stack: Stack;
let shop: TestRestaurant;
let printers: RunningPrinterSandbox;
const mac = randomMac();

beforeAll(async () => {
  stack = await startStack({ own: true });
  shop = await openRestaurant(stack, '2300001503');
  printers = await startPrinterSandbox({ url: `${stack.apiUrl}/api/cloudprnt`, macs: [mac] });
}, 120_000);
afterAll(async () => {
  await printers?.close();
  await stack?.stop();
});

it('a crash between fetching and confirming a job prints it once', async () => {
  const printerId = await addPrinter(stack, shop, { name: '櫃檯出單機', kind: 'receipt_58', mac, location: '櫃檯' });
  const printer = printers.printers.get(mac)!;
  printer.state.holdConfirm = true;
  const { browser } = await restaurantCustomer(stack, shop);
  const [slot] = await pickupSlots(stack, shop);
  const placed = await browser.call(
    'POST',
    `/api/shop/${shop.tenant.slug}/restaurant-orders`,
    teaCheckout(shop, slot!.start),
  );
  expect(placed.status).toBe(201);
  await waitFor('the job fetched and printed', async () => printer.printed.length === 1, 30_000);

  await stack.worker()!.kill('SIGKILL');
  await stack.restartApi();
  printer.state.holdConfirm = false;
  await waitFor(
    'the confirmation taken',
    async () => {
      const job = await stack.db.printJob.findFirst({
        where: { tenantId: shop.tenant.id, printerId },
        select: { status: true },
      });
      return job?.status === 'printed';
    },
    30_000,
  );
  await stack.startWorker();

  const order = await stack.db.order.findFirstOrThrow({ where: { tenantId: shop.tenant.id }, select: { id: true } });
  const handle = stack.temporal.workflow.getHandle(orderPrintWorkflowId(shop.tenant.id, order.id, printerId));
  expect(await handle.result()).toEqual({ status: 'printed', problem: null });
  await settle();
  expect(printer.printed).toHaveLength(1);
  expect(printer.sent.fetches).toBe(1);
  expect(await stack.db.printJob.count({ where: { tenantId: shop.tenant.id } })).toBe(1);
}, 150_000);
