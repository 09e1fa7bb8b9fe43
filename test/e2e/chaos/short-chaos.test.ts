import { afterAll, beforeAll, expect, it } from 'vitest';
import { orderStateQuery } from '../../../workflows/orders/chat-order/updates.ts';
import { deliverUntilAccepted as redeliverUntilAccepted, pause, seededRandom, terminateAppBackends } from '../../support/chaos.ts';
import { createSandboxUser, redeliver, sendChat, sentTo } from '../../support/line-sandbox.ts';
import { createTestTenant, type TestTenant } from '../../support/shops.ts';
import { startStack, waitFor, type Stack } from '../../support/stack.ts';

/**
 * The short chaos run: a burst of "+1" and redeliveries through the real stack while the worker
 * and the API server are SIGKILLed and PostgreSQL connections are terminated at random moments. Afterwards the
 * ground truth (PostgreSQL, Temporal, the LINE sandbox's record) must hold: one order or one
 * sold-out answer per event, never both; every order with its workflow; stock equals its start
 * minus what the orders hold; every customer answered exactly once.
 */
const CUSTOMERS = 30;
const STOCK = 12;
const WORKER_KILLS = 3;
const BACKEND_KILLS = 3;
/** The API server runs the inbox that places and answers "+1"s: killed mid-burst too. */
const API_KILLS = 2;

let stack: Stack;
let tenant: TestTenant;

beforeAll(async () => {
  stack = await startStack({ own: true });
  tenant = await createTestTenant(stack, {
    products: [{ code: '261204001', name: '限量禮盒', price: 880, stock: STOCK }],
  });
}, 180_000);
afterAll(() => stack?.stop());

/** Deterministic "random" moments, so a failure can be run again as it was. */
const random = seededRandom(20261204);

/** As LINE does: a delivery our server did not answer 200 is delivered again. */
async function deliverUntilAccepted(delivery: { webhookEventId: string; status: number }) {
  const redeliverOnce = async () => (await redeliver(stack, delivery.webhookEventId)).status;
  expect(await redeliverUntilAccepted(delivery.status, redeliverOnce, { attempts: 20, gapMs: 500 })).toBe(true);
}

it('survives SIGKILLed workers and API servers and terminated database connections with nothing lost, doubled or oversold', async () => {
  const customers = await Promise.all(
    Array.from({ length: CUSTOMERS }, (_, n) => createSandboxUser(stack, `混沌顧客${n + 1}`)),
  );
  const kills = { worker: 0, backends: 0, api: 0 };

  const chaos = (async () => {
    for (let round = 0; round < Math.max(WORKER_KILLS, BACKEND_KILLS); round += 1) {
      await pause(300 + random() * 900);
      if (kills.backends < BACKEND_KILLS) {
        await terminateAppBackends(stack.db);
        kills.backends += 1;
      }
      if (kills.api < API_KILLS) {
        await stack.restartApi();
        kills.api += 1;
      }
      if (kills.worker < WORKER_KILLS) {
        await stack.worker()!.kill('SIGKILL');
        kills.worker += 1;
        await pause(200 + random() * 600);
        await stack.startWorker();
      }
    }
  })();

  const deliveries = await Promise.all(
    customers.map(async (customer, n) => {
      await pause(random() * 2_000 + n * 20);
      const delivery = await sendChat(stack, tenant, customer, '+1').catch(() => null);
      return { customer, delivery };
    }),
  );
  await chaos;
  // A sandbox request that failed outright never reached us as an accepted event; the rest
  // are delivered until our server accepts them, and a third are delivered once more anyway.
  const accepted = deliveries.filter((d) => d.delivery !== null) as {
    customer: string;
    delivery: { webhookEventId: string; status: number };
  }[];
  for (const { delivery } of accepted) await deliverUntilAccepted(delivery);
  for (const { delivery } of accepted.filter((_, n) => n % 3 === 0)) await redeliver(stack, delivery.webhookEventId);

  // Every accepted customer is answered: an order confirmation or a sold-out answer.
  await waitFor(
    'every customer answered',
    async () => {
      const counts = await Promise.all(accepted.map((d) => sentTo(stack, tenant, d.customer).then((s) => s.length)));
      return counts.every((count) => count >= 1) ? true : undefined;
    },
    120_000,
  );
  await pause(2_000); // room for a second answer to show up, if one were ever sent

  const orders = await stack.db.order.findMany({
    where: { tenantId: tenant.id },
    select: { sourceEventId: true, workflowId: true, items: { select: { allocatedQuantity: true } } },
  });
  const eventIds = new Set(accepted.map((d) => d.delivery.webhookEventId));
  // One order per event at most, and only for events we accepted.
  expect(new Set(orders.map((o) => o.sourceEventId)).size).toBe(orders.length);
  for (const order of orders) expect(eventIds.has(order.sourceEventId!)).toBe(true);
  // No oversell: the stock is its start minus what the orders hold, never below zero.
  const held = orders.flatMap((o) => o.items).reduce((sum, item) => sum + item.allocatedQuantity, 0);
  const product = await stack.db.product.findFirstOrThrow({ where: { tenantId: tenant.id } });
  expect(product.stock).toBeGreaterThanOrEqual(0);
  expect(product.stock + held).toBe(STOCK);
  expect(orders.length).toBe(Math.min(STOCK, accepted.length));
  // Every order has its workflow, which knows the customer was told.
  // (The workflow starts right after the answer, so it may still be catching up.)
  for (const order of orders) {
    const handle = stack.temporal.workflow.getHandle(order.workflowId);
    await waitFor(`workflow ${order.workflowId} knowing the customer was told`, async () =>
      (await handle.query(orderStateQuery).catch(() => undefined))?.customerNotified === true,
    60_000);
  }
  // Every customer answered exactly once, however often their event was delivered.
  for (const { customer } of accepted) expect(await sentTo(stack, tenant, customer)).toHaveLength(1);
  expect(kills).toEqual({ worker: WORKER_KILLS, backends: BACKEND_KILLS, api: API_KILLS });
}, 240_000);
