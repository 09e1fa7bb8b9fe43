import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  currentUpdateInfo,
  ParentClosePolicy,
  patched,
  setHandler,
  startChild,
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
import { deliveryDispatchWorkflowId } from '../../domain/workflow-ids.ts';
import { OrderStatus as OrderStatusAttribute } from '../../temporal/search-attributes.ts';
import { databaseActivities as db, lineMessageActivities as line } from '../activity-proxies.ts';
import {
  cancelDeliverySignal,
  deliveryProgressSignal,
  dispatchDeliveryWorkflow,
  type DeliveryProgress,
} from '../delivery/dispatch-delivery.ts';
import { printRestaurantOrder } from '../printing/order-printing.ts';
import { followPayment, settlePayment } from '../payments/follow-payment.ts';
import { invoiceRestaurantOrder, ORDER_INVOICE_PATCH } from '../invoices/order-invoicing.ts';
import {
  restaurantActionUpdate,
  restaurantOrderStateQuery,
  type RestaurantOrderInput,
  type RestaurantOrderState,
} from './restaurant-order-updates.ts';
import { waitUntil } from '../wait-until.ts';

/** Orders finished before members earned points replay without the step. */
const MEMBER_POINTS_PATCH = 'member-points';

/** Delivery orders placed before riders were booked from a partner replay without the dispatch. */
const DELIVERY_PATCH = 'order-delivery';

/** An order nobody finished is let go this long after its slot (its status stays as the shop left it). */
const KEEP_OPEN_AFTER_SLOT_MS = 24 * 60 * 60 * 1000;

type Notice =
  { to: 'customer'; step: string; notice: CustomerNotice } | { to: 'staff'; step: string; notice: StaffNotice };

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
  const deliveryNews: DeliveryProgress[] = [];
  let lettingGo = false;

  setHandler(restaurantOrderStateQuery, () => state);
  setHandler(deliveryProgressSignal, (progress) => {
    deliveryNews.push(progress);
  });

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
        // A step in flight (the shop's 自動接單, say) is about to move the status the request is
        // checked against: the handler checks it once that step is done.
        if (changing) return;
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

  /**
   * A delivery order gets a rider from the branch's partner once accepted (a child workflow that
   * books when the branch wants it); the rider picking the food up makes it ready, delivering it
   * completes it, and cancelling the order cancels the rider.
   */
  async function dispatchRider(): Promise<void> {
    await condition(() => state.status !== 'pending' || lettingGo);
    if (isFinalRestaurantStatus(state.status) || lettingGo) return;
    const child = await startChild(dispatchDeliveryWorkflow, {
      workflowId: deliveryDispatchWorkflowId(input.tenantId, input.orderId),
      args: [{ ...ids, branchId: input.branchId, wantedAtMs: input.wantedAtMs }],
      parentClosePolicy: ParentClosePolicy.ABANDON,
    });
    for (;;) {
      await condition(() => deliveryNews.length > 0 || isFinalRestaurantStatus(state.status) || lettingGo);
      const news = deliveryNews.shift();
      if (!news) break;
      if (state.status === 'accepted' || state.status === 'preparing')
        await apply('ready', 'system', 'delivery', `delivery-${news.stage}-ready`);
      if (news.stage === 'delivered') await apply('complete', 'system', 'delivery', 'delivery-delivered');
    }
    if (state.status === 'cancelled')
      await child.signal(cancelDeliverySignal).catch(() => {
        // The dispatch had ended already.
      });
  }

  const delivering = deliverOutbox();
  outbox.push({ to: 'customer', step: 'placed', notice: { kind: 'placed' } });
  outbox.push({ to: 'staff', step: 'new-order', notice: 'new_order' });
  if (input.autoAccept) await apply('accept', 'system', 'system', 'auto-accept');
  if (patched('order-printing'))
    void printRestaurantOrder(ids, async () => {
      if (state.status === 'pending') await apply('accept', 'system', 'system', 'accept-printed');
    }).catch(() => {
      // A printer removed meanwhile: the order goes on unprinted, as the staff see on the board.
    });
  let paid = false;
  const payment = followPayment(input.payment, {
    ...ids,
    ended: () => isFinalRestaurantStatus(state.status),
    cancel: (reason) => apply('cancel', 'system', 'system', 'payment-deadline', { reason }),
    onPaid: () => {
      paid = true;
    },
  });
  const invoicing = patched(ORDER_INVOICE_PATCH)
    ? invoiceRestaurantOrder({
        ...ids,
        orderNumber: input.orderNumber,
        paid: () => paid,
        status: () => state.status,
        ended: () => lettingGo || isFinalRestaurantStatus(state.status),
      }).catch(() => {
        // The invoice's own workflow could not be started (an ID taken by hand): the order goes on.
      })
    : Promise.resolve();
  const rider = input.method === 'delivery' && patched(DELIVERY_PATCH) ? dispatchRider() : null;
  const watching = Promise.all([watchAcceptance(), watchPrepareTime(), watchPickupReminder(), payment, rider]);
  await waitUntil(() => isFinalRestaurantStatus(state.status), input.wantedAtMs + KEEP_OPEN_AFTER_SLOT_MS);
  lettingGo = true;
  // A member earns the order's points (and may reach a tier) once it is completed.
  if (state.status === 'completed' && patched(MEMBER_POINTS_PATCH)) await db.settleMemberOrder(ids);
  await watching;
  await settlePayment(input.payment, { ...ids, ended: state.status });
  await invoicing;
  await condition(() => allHandlersFinished() && !changing);
  finished = true;
  await delivering;
  return state;
}
