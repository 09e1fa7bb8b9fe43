import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  currentUpdateInfo,
  setHandler,
  upsertSearchAttributes,
  uuid4,
} from '@temporalio/workflow';
import type { CustomerNotice, StaffNotice } from '../../domain/restaurant/restaurant-order-messages.ts';
import {
  AUTO_REJECT_REASON_ZH,
  checkRestaurantAction,
  isFinalRestaurantStatus,
  type RestaurantAction,
  type RestaurantActor,
  type RestaurantOrderStatus,
} from '../../domain/restaurant/restaurant-order-status.ts';
import { OrderStatus as OrderStatusAttribute } from '../../temporal/search-attributes.ts';
import { databaseActivities as db, lineMessageActivities as line } from '../activity-proxies.ts';
import {
  restaurantActionUpdate,
  restaurantOrderStateQuery,
  type RestaurantOrderInput,
  type RestaurantOrderState,
} from './restaurant-order-updates.ts';

/** An order nobody finished is let go this long after its slot (its status stays as the shop left it). */
const KEEP_OPEN_AFTER_SLOT_MS = 24 * 60 * 60 * 1000;

type Notice =
  { to: 'customer'; step: string; notice: CustomerNotice } | { to: 'staff'; step: string; notice: StaffNotice };

/** Waits for `done` until the instant `atMs`; true when it came true first. */
async function waitUntil(done: () => boolean, atMs: number): Promise<boolean> {
  // Workflow time (Temporal makes Date deterministic inside workflows).
  // eslint-disable-next-line no-restricted-properties
  const ms = atMs - Date.now();
  if (ms <= 0) return done();
  return condition(done, ms);
}

/**
 * The life of one restaurant order, placed already by the API in the order's transaction:
 * pending → the shop accepts (or rejects with a reason) → preparing → ready → completed, or
 * cancelled with a reason. Every staff step is a Workflow Update checked against the status
 * machine, one at a time. Timers: the staff are reminded of an order still waiting, then it is
 * rejected and the customer told; a future order wakes at its slot less the lead time to reach
 * the kitchen (started at once when the shop auto-accepts); the customer is reminded before the
 * slot. Messages go out one after another from an outbox, so a slow LINE never holds up a tap.
 */
export async function restaurantOrderWorkflow(input: RestaurantOrderInput): Promise<RestaurantOrderState> {
  const state: RestaurantOrderState = { status: 'pending', due: false };
  const outbox: Notice[] = [];
  let changing = false;
  let finished = false;
  const ids = { tenantId: input.tenantId, orderId: input.orderId };

  setHandler(restaurantOrderStateQuery, () => state);

  function queueNotices(to: RestaurantOrderStatus, reason: string | null): void {
    if (to === 'accepted') outbox.push({ to: 'customer', step: 'accepted', notice: { kind: 'accepted' } });
    if (to === 'ready') outbox.push({ to: 'customer', step: 'ready', notice: { kind: 'ready' } });
    if (to === 'rejected')
      outbox.push({ to: 'customer', step: 'rejected', notice: { kind: 'rejected', reason: reason ?? '' } });
    if (to === 'cancelled')
      outbox.push({ to: 'customer', step: 'cancelled', notice: { kind: 'cancelled', reason: reason ?? '' } });
  }

  /** One step at a time, checked again against the status it will change; false when it no longer applies. */
  async function apply(
    action: RestaurantAction,
    by: RestaurantActor,
    actor: string,
    changeId: string,
    details: { reason?: string | null; prepMinutes?: number | null } = {},
  ): Promise<boolean> {
    await condition(() => !changing);
    changing = true;
    try {
      const check = checkRestaurantAction(state.status, action, by, details.reason);
      if (!check.ok) {
        if (by === 'system') return false;
        throw ApplicationFailure.create({ type: check.code, message: check.message, nonRetryable: true });
      }
      const stored = await db.changeRestaurantOrder({
        ...ids,
        from: state.status,
        to: check.to,
        action,
        actor,
        reason: details.reason ?? null,
        prepMinutes: details.prepMinutes ?? null,
        changeId,
      });
      state.status = stored.status;
      upsertSearchAttributes([{ key: OrderStatusAttribute, value: stored.status }]);
      if (stored.changed) queueNotices(check.to, details.reason ?? null);
      return stored.changed;
    } finally {
      changing = false;
    }
  }

  setHandler(
    restaurantActionUpdate,
    async (request) => {
      await apply(request.action, request.by, request.actor, currentUpdateInfo()?.id ?? uuid4(), request);
      return { ...state };
    },
    {
      validator: (request) => {
        const check = checkRestaurantAction(state.status, request.action, request.by, request.reason);
        if (!check.ok)
          throw ApplicationFailure.create({ type: check.code, message: check.message, nonRetryable: true });
      },
    },
  );

  async function deliverOutbox(): Promise<void> {
    for (;;) {
      await condition(() => outbox.length > 0 || finished);
      const next = outbox.shift();
      if (!next) return;
      try {
        if (next.to === 'customer') await line.tellRestaurantCustomer({ ...ids, step: next.step, notice: next.notice });
        else await line.alertRestaurantStaff({ ...ids, step: next.step, notice: next.notice });
      } catch {
        // Refused for good (no LINE connection, a blocked account): the order goes on without it.
      }
    }
  }

  async function watchAcceptance(): Promise<void> {
    if (input.acceptByMs === null) return;
    const settled = () => state.status !== 'pending';
    if (input.remindAtMs !== null && !(await waitUntil(settled, input.remindAtMs)))
      outbox.push({ to: 'staff', step: 'accept-reminder', notice: 'accept_reminder' });
    if (!(await waitUntil(settled, input.acceptByMs)))
      await apply('reject', 'system', 'system', 'auto-reject', { reason: AUTO_REJECT_REASON_ZH });
  }

  async function watchPrepareTime(): Promise<void> {
    if (input.prepareAtMs <= input.placedAtMs) return;
    const under = () =>
      isFinalRestaurantStatus(state.status) || state.status === 'preparing' || state.status === 'ready';
    if (await waitUntil(under, input.prepareAtMs)) return;
    state.due = true;
    outbox.push({ to: 'staff', step: 'due', notice: 'due' });
    if (input.autoAccept && state.status === 'accepted') await apply('start', 'system', 'system', 'auto-start');
  }

  async function watchPickupReminder(): Promise<void> {
    if (input.pickupReminderAtMs === null) return;
    if (await waitUntil(() => isFinalRestaurantStatus(state.status), input.pickupReminderAtMs)) return;
    if (state.status !== 'pending')
      outbox.push({ to: 'customer', step: 'pickup-reminder', notice: { kind: 'pickup_reminder' } });
  }

  const delivering = deliverOutbox();
  outbox.push({ to: 'customer', step: 'placed', notice: { kind: 'placed' } });
  outbox.push({ to: 'staff', step: 'new-order', notice: 'new_order' });
  if (input.autoAccept) await apply('accept', 'system', 'system', 'auto-accept');
  const watching = Promise.all([watchAcceptance(), watchPrepareTime(), watchPickupReminder()]);
  await waitUntil(() => isFinalRestaurantStatus(state.status), input.wantedAtMs + KEEP_OPEN_AFTER_SLOT_MS);
  await watching;
  await condition(() => allHandlersFinished() && !changing);
  finished = true;
  await delivering;
  return state;
}
