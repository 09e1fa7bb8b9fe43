import { randomBytes, randomUUID } from 'node:crypto';
import { Client, Connection, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { NativeConnection, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Activities } from '../../../activities/index.ts';
import type { ChatOrderInput } from './workflow.ts';
import { changeStatusUpdate, confirmReservationUpdate, orderStateQuery, type OrderState } from './updates.ts';

/**
 * The reservation's races, made exact: the real workflow code on the test run's Temporal
 * server, with activities that take as long as the test says. The end-to-end tests race a
 * real postback against the timer; here the confirmation is held inside its database write
 * while the timer fires (and the other way round), the interleavings a real race hits rarely.
 */

let connection: NativeConnection;
let client: Client;
let clientConnection: Connection;

beforeAll(async () => {
  connection = await NativeConnection.connect({ address: inject('temporalAddress') });
  clientConnection = await Connection.connect({ address: inject('temporalAddress') });
  client = new Client({ connection: clientConnection });
});
afterAll(async () => {
  await clientConnection?.close();
  await connection?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// History event types (temporal.api.enums.v1.EventType).
const TIMER_FIRED = 18;
const UPDATE_ACCEPTED = 41;
const UPDATE_COMPLETED = 43;

/** Position in the history of the first event of each type: the order the server recorded things in. */
async function historyOrder(handle: { fetchHistory(): Promise<{ events?: { eventType?: unknown }[] | null }> }) {
  const events = (await handle.fetchHistory()).events ?? [];
  const at = (type: number) => events.findIndex((e) => Number(e.eventType) === type);
  return { timerFired: at(TIMER_FIRED), updateAccepted: at(UPDATE_ACCEPTED), updateCompleted: at(UPDATE_COMPLETED) };
}

interface Recorder {
  statusChanges: { to: string; actor: string; expectedFrom?: string | null }[];
  texts: string[];
  dbStatus: string;
}

/** Activities that keep the order's status in memory like the database would, with delays. */
function fakeActivities(delays: { confirmMs?: number; cancelMs?: number }, recorder: Recorder) {
  const orderId = randomUUID();
  const activities: Partial<Activities> = {
    async ensureCustomer() {
      return { customerId: randomUUID(), displayName: '測試顧客' };
    },
    async placeChatOrder(input) {
      recorder.dbStatus = input.initialStatus;
      return {
        kind: 'placed',
        product: { id: randomUUID(), code: '261122001', name: '手工皂', price: 250 },
        allocation: { outcome: 'full', allocated: 2, missing: 0, stockAfter: 8 },
        order: {
          id: orderId,
          number: 'BXAB-20261122-0001',
          status: input.initialStatus,
          total: 500,
          items: [{ productCode: '261122001', productName: '手工皂', unitPrice: 250, requested: 2, allocated: 2 }],
        },
      };
    },
    async messageCustomer(input) {
      recorder.texts.push(input.text);
      return 'push';
    },
    async alertAdmins() {
      return { recipients: 0 };
    },
    async changeOrderStatus(input) {
      await sleep((input.to === 'confirmed' ? delays.confirmMs : delays.cancelMs) ?? 0);
      // As db/orders/change-order-status.ts does, under the row lock.
      if (input.expectedFrom && recorder.dbStatus !== input.expectedFrom) {
        throw ApplicationFailure.nonRetryable('status changed', 'status_changed');
      }
      recorder.dbStatus = input.to;
      recorder.statusChanges.push({ to: input.to, actor: input.actor, expectedFrom: input.expectedFrom ?? null });
      return { status: input.to, trackingNumber: null };
    },
    // A shop that takes cash too: a confirmed order waits for no payment, a cancelled one has none.
    async chatOrderPaymentPlan() {
      return null;
    },
    async settleCancelledPayment() {
      return { refunded: 0 };
    },
  };
  return activities as Activities;
}

async function waitForTimer(handle: Parameters<typeof historyOrder>[0]): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if ((await historyOrder(handle)).timerFired >= 0) return;
    await sleep(50);
  }
  throw new Error('the reservation timer did not fire');
}

/** Waits until the workflow has placed the reservation (a sleep would race a loaded worker). */
async function reservationPlaced(handle: { query: (q: typeof orderStateQuery) => Promise<OrderState> }): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if ((await handle.query(orderStateQuery)).outcome === 'placed') return;
    await sleep(20);
  }
  throw new Error('the reservation was not placed');
}

async function withWorker<T>(activities: Activities, fn: (taskQueue: string) => Promise<T>): Promise<T> {
  const taskQueue = `reservation-race-${randomBytes(4).toString('hex')}`;
  const worker = await Worker.create({
    connection,
    taskQueue,
    workflowBundle: { codePath: inject('workflowBundlePath') },
    activities,
  });
  return worker.runUntil(fn(taskQueue));
}

function reservationInput(holdMs: number): ChatOrderInput {
  return {
    tenantId: randomUUID(),
    sourceEventId: randomUUID(),
    lineUserId: 'Ucustomer',
    replyToken: null,
    command: { kind: 'reserve', target: { type: 'code', code: '261122001' }, quantity: 2 },
    receivedAtMs: Date.now(),
    reservationHoldMs: holdMs,
  };
}

describe('a reservation racing its expiry', () => {
  it('a confirmation accepted before the end wins, even when its write finishes after the timer fired', async () => {
    const recorder: Recorder = { statusChanges: [], texts: [], dbStatus: '' };
    await withWorker(fakeActivities({ confirmMs: 6000 }, recorder), async (taskQueue) => {
      const input = reservationInput(3000);
      const handle = await client.workflow.start('chatOrderWorkflow', {
        taskQueue,
        workflowId: `test-${input.sourceEventId}`,
        args: [input],
      });
      // Accepted as soon as the reservation is placed (well before 3 s, even on a loaded
      // machine); its database write runs 6 s; the timer fires at 3 s (the server fires timers
      // up to about a second late).
      await reservationPlaced(handle);
      const state = await handle.executeUpdate(confirmReservationUpdate, {
        args: [{ lineUserId: 'Ucustomer', replyToken: null }],
      });
      expect(state.status).toBe('confirmed');
      const order = await historyOrder(handle);
      expect(order.updateAccepted).toBeGreaterThan(0);
      expect(order.timerFired).toBeGreaterThan(order.updateAccepted);
      expect(order.updateCompleted).toBeGreaterThan(order.timerFired);
      await sleep(300);
      const after: OrderState = await handle.query(orderStateQuery);
      expect(after.status).toBe('confirmed');
      expect(after.reservation?.outcome).toBe('confirmed');
      await handle.terminate('test done');
    });
    expect(recorder.statusChanges).toEqual([{ to: 'confirmed', actor: 'customer:Ucustomer', expectedFrom: 'pending' }]);
    expect(recorder.texts.some((t) => t.includes('已為您確認購買'))).toBe(true);
    expect(recorder.texts.some((t) => t.includes('超過保留期限'))).toBe(false);
  });

  it('a confirmation arriving after the timer fired is refused, even while the expiry is still being written', async () => {
    const recorder: Recorder = { statusChanges: [], texts: [], dbStatus: '' };
    await withWorker(fakeActivities({ cancelMs: 5000 }, recorder), async (taskQueue) => {
      const input = reservationInput(500);
      const handle = await client.workflow.start('chatOrderWorkflow', {
        taskQueue,
        workflowId: `test-${input.sourceEventId}`,
        args: [input],
      });
      // The timer fires at 0.5 s (up to about a second late); the expiry's write then runs for
      // 5 s; the tap arrives once the timer has fired, while the order is still pending.
      await waitForTimer(handle);
      expect(recorder.dbStatus).toBe('pending');
      const refusal = await handle
        .executeUpdate(confirmReservationUpdate, { args: [{ lineUserId: 'Ucustomer', replyToken: null }] })
        .then(
          () => null,
          (error: unknown) => error,
        );
      expect(refusal).toBeInstanceOf(WorkflowUpdateFailedError);
      expect(((refusal as WorkflowUpdateFailedError).cause as ApplicationFailure).type).toBe('reservation_expired');
      const result: OrderState = await handle.result();
      expect(result.status).toBe('cancelled');
      expect(result.reservation?.outcome).toBe('expired');
    });
    expect(recorder.statusChanges).toEqual([{ to: 'cancelled', actor: 'system', expectedFrom: 'pending' }]);
    expect(recorder.texts.filter((t) => t.includes('超過保留期限'))).toHaveLength(1);
    expect(recorder.texts.some((t) => t.includes('確認購買，感謝'))).toBe(false);
  });

  it('the merchant\u2019s confirmation accepted before the end wins too, and the customer hears it', async () => {
    const recorder: Recorder = { statusChanges: [], texts: [], dbStatus: '' };
    await withWorker(fakeActivities({ confirmMs: 6000 }, recorder), async (taskQueue) => {
      const input = reservationInput(3000);
      const handle = await client.workflow.start('chatOrderWorkflow', {
        taskQueue,
        workflowId: `test-${input.sourceEventId}`,
        args: [input],
      });
      await reservationPlaced(handle);
      const state = await handle.executeUpdate(changeStatusUpdate, {
        args: [{ to: 'confirmed', actor: 'staff:test' }],
      });
      expect(state.status).toBe('confirmed');
      const order = await historyOrder(handle);
      expect(order.timerFired).toBeGreaterThan(order.updateAccepted);
      expect(order.updateCompleted).toBeGreaterThan(order.timerFired);
      await sleep(500);
      expect((await handle.query(orderStateQuery)).reservation?.outcome).toBe('confirmed');
      await handle.terminate('test done');
    });
    expect(recorder.statusChanges).toEqual([{ to: 'confirmed', actor: 'staff:test', expectedFrom: null }]);
    expect(recorder.texts.filter((t) => t.includes('店家已為您確認購買'))).toHaveLength(1);
    expect(recorder.texts.some((t) => t.includes('超過保留期限'))).toBe(false);
  });
});
