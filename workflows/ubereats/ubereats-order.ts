import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  currentUpdateInfo,
  defineSignal,
  patched,
  setHandler,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import type { StaffNotice } from '../../domain/restaurant/restaurant-order-messages.ts';
import {
  checkRestaurantAction,
  isFinalRestaurantStatus,
  type RestaurantAction,
  type RestaurantOrderStatus,
} from '../../domain/restaurant/restaurant-order-status.ts';
import { NOT_ACCEPTED_DENIAL, type UberDenial } from '../../domain/ubereats/uber-order.ts';
import { databaseActivities as db, lineMessageActivities as line, uberEatsActivities as uber } from '../activity-proxies.ts';
import { printRestaurantOrder } from '../printing/order-printing.ts';
import {
  restaurantActionUpdate,
  restaurantOrderStateQuery,
  type RestaurantActionRequest,
  type RestaurantOrderState,
} from '../restaurant/restaurant-order-updates.ts';
import { waitUntil } from '../wait-until.ts';

/** What the Uber Eats inbox starts an order's workflow with; deadlines in ms. */
export interface UberEatsOrderInput {
  tenantId: string;
  connectionId: string;
  branchId: string;
  uberOrderId: string;
  autoAccept: boolean;
  /** The staff are reminded of an order still waiting at this time. */
  remindAtMs: number;
  /** A pending order is denied at this time, before Uber cancels it (11.5 minutes after it arrived). */
  denyAtMs: number;
  /** How often a ready order is read back from Uber until its courier has it (absent in older orders: 60 s). */
  pickupPollMs?: number;
}

export interface UberEatsEventSignal {
  eventId: string;
  type: string;
}

/** An Uber Eats event about the order (orders.cancel), after its first. */
export const uberEatsEventSignal = defineSignal<[UberEatsEventSignal]>('uberEatsEvent');

/** A finished order's workflow closes this long after it arrived, whatever the shop left undone. */
const KEEP_OPEN_MS = 24 * 60 * 60 * 1000;
const UBER_CANCEL_REASON = 'Uber Eats 取消了訂單';
/** Orders marked ready before Uber was told of it replay without the call. */
const READY_PATCH = 'ubereats-ready';
/** Orders placed before Uber Eats orders were printed replay without it. */
const PRINTING_PATCH = 'ubereats-printing';
/** Orders from before a ready order was followed to its courier replay without it. */
const PICKUP_PATCH = 'ubereats-pickup';

/**
 * The life of one Uber Eats order: fetched and placed on the branch (or denied at once, naming
 * what is missing or sold out), then accepted on Uber by the shop's 自動接單 or by the staff on
 * the board (the same steps as the shop's own orders), or denied before Uber's own deadline.
 * Uber's cancel closes the order here; the staff's reject or cancel is told to Uber first.
 */
export async function ubereatsOrderWorkflow(input: UberEatsOrderInput): Promise<RestaurantOrderState> {
  const state: RestaurantOrderState = { status: 'pending', due: false };
  const ref = { tenantId: input.tenantId, connectionId: input.connectionId, uberOrderId: input.uberOrderId };
  // eslint-disable-next-line no-restricted-properties
  const startedAtMs = Date.now();
  let uberCancelled = false;
  let changing = false;
  let orderId: string | null = null;
  let orderNumber = '';
  let finished = false;
  const staffNotices: { step: string; notice: StaffNotice }[] = [];

  setHandler(restaurantOrderStateQuery, () => state);
  setHandler(uberEatsEventSignal, (event) => {
    if (event.type === 'orders.cancel') uberCancelled = true;
  });

  async function record(action: RestaurantAction, to: RestaurantOrderStatus, actor: string, changeId: string, reason: string | null) {
    const stored = await db.changeRestaurantOrder({ tenantId: input.tenantId, orderId: orderId!, from: state.status, to, action, actor, reason, changeId });
    state.status = stored.status;
  }

  /** One step at a time; Uber is told first of what it must know, so it never hears of a step that was not taken. */
  async function apply(request: RestaurantActionRequest | { action: RestaurantAction; by: 'system'; actor: string; reason?: string | null }, changeId: string) {
    await condition(() => !changing);
    changing = true;
    try {
      const check = checkRestaurantAction(state.status, request.action, request.by, request.reason);
      if (!check.ok) {
        if (request.by === 'system') return;
        throw ApplicationFailure.create({ type: check.code, message: check.message, nonRetryable: true });
      }
      let told: 'done' | 'too_late' = 'done';
      if (request.action === 'accept') told = await uber.acceptUberEatsOrder({ ...ref, orderNumber });
      if (request.action === 'reject')
        told = await uber.denyUberEatsOrder({
          ...ref,
          denial: request.by === 'system' ? NOT_ACCEPTED_DENIAL : { code: 'OTHER', explanation: request.reason ?? '', outOfStockItems: [] },
        });
      if (request.action === 'cancel') told = await uber.cancelUberEatsOrder({ ...ref, reason: request.reason ?? '' });
      if (request.action === 'ready' && patched(READY_PATCH)) told = await uber.markUberEatsOrderReady(ref);
      if (told === 'too_late') {
        uberCancelled = true;
        if (request.by === 'system') return;
        throw ApplicationFailure.create({ type: 'ubereats_cancelled', message: 'Uber Eats 已取消這筆訂單', nonRetryable: true });
      }
      await record(request.action, check.to, request.actor, changeId, request.reason ?? null);
    } finally {
      changing = false;
    }
  }

  setHandler(
    restaurantActionUpdate,
    async (request) => {
      await condition(() => orderId !== null);
      await apply(request, currentUpdateInfo()?.id ?? uuid4());
      return { ...state };
    },
    {
      validator: (request) => {
        // A step in flight (the shop's 自動接單, say) is about to move the status the request is
        // checked against: the handler checks it once that step is done.
        if (changing) return;
        const check = checkRestaurantAction(state.status, request.action, request.by, request.reason);
        if (!check.ok) throw ApplicationFailure.create({ type: check.code, message: check.message, nonRetryable: true });
      },
    },
  );

  // Uber's cancel can arrive before its order (events are not ordered): nothing is placed then.
  if (uberCancelled) {
    state.status = 'cancelled';
    return state;
  }
  const placed = await uber.placeUberEatsOrder({
    ...ref,
    branchId: input.branchId,
    workflowId: workflowInfo().workflowId,
    acceptByMs: input.autoAccept ? null : input.denyAtMs,
  });
  if (placed.kind === 'gone') {
    state.status = 'cancelled';
    return state;
  }
  if (placed.kind === 'denied') {
    await deny(placed.denial);
    state.status = 'rejected';
    return state;
  }
  orderId = placed.orderId;
  orderNumber = placed.number;
  staffNotices.push({ step: 'new-order', notice: 'new_order' });
  const alerting = alertStaff();
  // Printed like the shop's own orders; 列印後自動收單 accepts it once its receipt is out.
  if (patched(PRINTING_PATCH))
    void printRestaurantOrder({ tenantId: input.tenantId, orderId }, async () => {
      if (state.status === 'pending') await apply({ action: 'accept', by: 'system', actor: 'system' }, 'accept-printed');
    }).catch(() => {
      // A printer removed meanwhile: the order goes on unprinted, as the staff see on the board.
    });

  if (input.autoAccept) await apply({ action: 'accept', by: 'system', actor: 'system' }, 'auto-accept');
  else {
    const settled = () => state.status !== 'pending' || uberCancelled;
    if (!(await waitUntil(settled, input.remindAtMs))) staffNotices.push({ step: 'accept-reminder', notice: 'accept_reminder' });
    if (!(await waitUntil(settled, input.denyAtMs)))
      await apply({ action: 'reject', by: 'system', actor: 'system', reason: NOT_ACCEPTED_DENIAL.explanation }, 'deny-in-time');
  }
  const closed = () => isFinalRestaurantStatus(state.status) || uberCancelled;
  if (patched(PICKUP_PATCH)) await Promise.race([followPickup(), waitUntil(closed, startedAtMs + KEEP_OPEN_MS)]);
  else await waitUntil(closed, startedAtMs + KEEP_OPEN_MS);
  await condition(() => !changing);
  if (uberCancelled && !isFinalRestaurantStatus(state.status))
    await record('cancel', 'cancelled', 'ubereats', 'uber-cancel', UBER_CANCEL_REASON);
  await condition(allHandlersFinished);
  finished = true;
  await alerting;
  return state;

  /**
   * Uber sends no event when its courier takes the food: once the staff marked it ready, the
   * order is read back from Uber now and then; FINISHED completes it here, CANCELED cancels it.
   */
  async function followPickup(): Promise<void> {
    for (;;) {
      await condition(() => state.status === 'ready' || closed());
      if (closed()) return;
      const at = await uber.uberEatsOrderState(ref);
      if (at === 'FINISHED') {
        await apply({ action: 'complete', by: 'system', actor: 'ubereats' }, 'uber-picked-up');
        return;
      }
      if (at === 'CANCELED') uberCancelled = true;
      if (!closed()) await condition(closed, input.pickupPollMs ?? 60_000);
    }
  }

  async function deny(denial: UberDenial): Promise<void> {
    await uber.denyUberEatsOrder({ ...ref, denial });
  }

  /** The staff's alerts go out one after another, never holding up Uber's answer. */
  async function alertStaff(): Promise<void> {
    for (;;) {
      await condition(() => staffNotices.length > 0 || finished);
      const next = staffNotices.shift();
      if (!next) return;
      try {
        await line.alertRestaurantStaff({ tenantId: input.tenantId, orderId: orderId!, step: next.step, notice: next.notice });
      } catch {
        // Refused for good (no LINE connection): the board still shows the order.
      }
    }
  }
}
