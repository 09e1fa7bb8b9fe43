import {
  condition,
  defineSignal,
  getExternalWorkflowHandle,
  patched,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import type { BookingOutcome, DeliveryQuote } from '../../activities/delivery/index.ts';
import { deliveryBookAtMs } from '../../domain/delivery/delivery-settings.ts';
import {
  deliveryStage,
  isFinalDeliveryStatus,
  MAX_DELIVERY_BOOKINGS,
  type DeliveryStatus,
  type RiderDetails,
} from '../../domain/delivery/delivery-status.ts';
import {
  deliveryActivities as delivery,
  deliveryBookingActivities as booking,
  lineMessageActivities as line,
} from '../activity-proxies.ts';
import { waitUntil } from '../wait-until.ts';

/** What the restaurant order's workflow starts the dispatch with, once the shop accepted. */
export interface DispatchDeliveryInput {
  tenantId: string;
  branchId: string;
  orderId: string;
  /** The order's slot: a branch that books "N minutes before the slot" books then. */
  wantedAtMs: number;
}

/** The partner's news of a booking, from its webhook (stored once, then signalled here). */
export interface DeliveryEventSignal {
  eventId: string;
  eventType: string;
  partnerOrderId: string;
  status: DeliveryStatus | null;
  driverId: string | null;
}

export const deliveryEventSignal = defineSignal<[DeliveryEventSignal]>('deliveryEvent');
/** The order was cancelled: the rider is cancelled too while the partner allows it. */
export const cancelDeliverySignal = defineSignal('cancelDelivery');

/** What the dispatch tells the order's workflow: the rider took the food, or delivered it. */
export interface DeliveryProgress {
  stage: 'picked_up' | 'delivered';
}
export const deliveryProgressSignal = defineSignal<[DeliveryProgress]>('deliveryProgress');

export interface DispatchDeliveryResult {
  outcome: 'delivered' | 'cancelled' | 'failed' | 'not_configured';
  bookings: number;
}

/** How far along a partner status is, so an older event arriving late never moves it back. */
const RANK: Record<string, number> = { booking: -1, unknown: -1, ASSIGNING_DRIVER: 0, ON_GOING: 1, PICKED_UP: 2 };
const rank = (status: string) => RANK[status] ?? 3;
/** A quotation or a booking is tried at most this many times for one rider. */
const MAX_TRIES = 8;
/** Dispatches that began before strays were cancelled replay without it. */
const STRAY_BOOKING_PATCH = 'delivery-stray-booking';

type Booked = { kind: 'booked'; partnerOrderId: string; status: DeliveryStatus };

/**
 * A rider for one delivery order, from the branch's partner: booked when the branch wants it
 * (on accept, or before the slot), on a fresh quotation (they expire). The partner takes no
 * idempotency key, so a booking is sent once; when its answer is lost the partner's webhook,
 * which names the order in the booking's metadata, is awaited and the order read back before
 * anything is sent again. The partner's news moves the order (picked up: ready; delivered:
 * completed) and the customer is told the rider's name, phone, plate and tracking link. A rider
 * who gives the order up, or none found, is booked again, up to MAX_DELIVERY_BOOKINGS.
 */
export async function dispatchDeliveryWorkflow(input: DispatchDeliveryInput): Promise<DispatchDeliveryResult> {
  const ref = { tenantId: input.tenantId, branchId: input.branchId, orderId: input.orderId };
  const events: DeliveryEventSignal[] = [];
  const seen = new Set<string>();
  /** Partner orders that are not (or no longer) the current booking. */
  const done = new Set<string>();
  let cancelRequested = false;

  setHandler(deliveryEventSignal, (event) => {
    if (seen.has(event.eventId)) return;
    seen.add(event.eventId);
    events.push(event);
  });
  setHandler(cancelDeliverySignal, () => {
    cancelRequested = true;
  });

  const plan = await delivery.planDelivery(ref);
  if (!plan) return { outcome: 'not_configured', bookings: 0 };
  const { reconcileMs } = plan;
  // eslint-disable-next-line no-restricted-properties
  await waitUntil(() => cancelRequested, deliveryBookAtMs(plan, input.wantedAtMs, Date.now()));

  let attempt = 0;
  while (!cancelRequested) {
    attempt += 1;
    if (attempt > MAX_DELIVERY_BOOKINGS) {
      await delivery.failDelivery({
        ...ref,
        attempt,
        message: `外送員取消了 ${MAX_DELIVERY_BOOKINGS} 次，請店家自行安排外送`,
      });
      return { outcome: 'failed', bookings: attempt - 1 };
    }
    const booked = await book(attempt);
    if (booked.kind === 'cancelled') break;
    if (booked.kind === 'failed') {
      await delivery.failDelivery({ ...ref, attempt, message: booked.message });
      return { outcome: 'failed', bookings: attempt };
    }
    const ended = await follow(attempt, booked);
    done.add(booked.partnerOrderId);
    if (ended !== 'given_up') return { outcome: ended, bookings: attempt };
  }
  return { outcome: 'cancelled', bookings: attempt };

  /** A booking for this attempt: quoted, sent once, and reconciled when its answer is lost. */
  async function book(attempt: number): Promise<Booked | { kind: 'failed'; message: string } | { kind: 'cancelled' }> {
    for (let tries = 1; tries <= MAX_TRIES; tries++) {
      if (cancelRequested) return { kind: 'cancelled' };
      let quote: DeliveryQuote;
      try {
        quote = await delivery.quoteDelivery(ref);
      } catch (error) {
        return { kind: 'failed', message: messageOf(error) };
      }
      let outcome: BookingOutcome;
      // eslint-disable-next-line no-restricted-properties
      if (Date.now() >= quote.expiresAtMs) outcome = { kind: 'expired' };
      else
        try {
          outcome = await booking.bookDelivery({
            ...ref,
            attempt,
            bookingKey: `${workflowInfo().workflowId}:${attempt}`,
            quote,
          });
        } catch (error) {
          // The activity itself did not finish (a worker lost): the booking may have been sent.
          outcome = { kind: 'unknown', message: messageOf(error) };
        }
      if (outcome.kind === 'booked')
        return { kind: 'booked', partnerOrderId: outcome.partnerOrderId, status: outcome.status };
      if (outcome.kind === 'refused') return { kind: 'failed', message: outcome.message };
      if (outcome.kind === 'busy') await sleep(Math.min(30_000, 1000 * 2 ** tries));
      if (outcome.kind === 'unknown') {
        const found = await reconcile(attempt);
        if (found) return found;
      }
      // expired: a fresh quotation on the next turn.
    }
    return { kind: 'failed', message: '外送夥伴一直沒有回應，請店家自行安排外送' };
  }

  /**
   * Looks for the booking whose answer was lost: the partner's webhook names its order (the
   * inbox signals only orders whose metadata is this order's), read back before it is kept.
   */
  async function reconcile(attempt: number): Promise<Booked | null> {
    // eslint-disable-next-line no-restricted-properties
    const deadline = Date.now() + reconcileMs;
    for (;;) {
      const candidate = () => events.find((e) => !done.has(e.partnerOrderId));
      if (!(await waitUntil(() => candidate() !== undefined, deadline))) return null;
      const partnerOrderId = candidate()!.partnerOrderId;
      const adopted = await delivery.adoptDeliveryBooking({ ...ref, attempt, partnerOrderId });
      if (adopted) return { kind: 'booked', partnerOrderId, status: adopted.status };
      done.add(partnerOrderId);
    }
  }

  /** The booking's life from the partner's events, until it ends one way or another. */
  async function follow(attempt: number, booked: Booked): Promise<'delivered' | 'cancelled' | 'given_up'> {
    let status: DeliveryStatus = booked.status;
    let cancelTried = false;
    const told = new Set<string>();
    while (!isFinalDeliveryStatus(status)) {
      await condition(() => events.length > 0 || (cancelRequested && !cancelTried));
      const event = events.shift();
      if (!event) {
        cancelTried = true;
        const cancelled = await delivery.cancelDeliveryBooking({
          ...ref,
          attempt,
          partnerOrderId: booked.partnerOrderId,
        });
        if (cancelled === 'cancelled') return 'cancelled';
        continue; // The rider is on the way already: the booking runs its course.
      }
      if (event.partnerOrderId !== booked.partnerOrderId) {
        // A booking of this order never kept (its answer lost, and its news came after the
        // wait, so it was booked again): cancelled, so that one rider comes, not two.
        if (!done.has(event.partnerOrderId) && patched(STRAY_BOOKING_PATCH)) {
          done.add(event.partnerOrderId);
          await delivery.cancelStrayDeliveryBooking({ ...ref, partnerOrderId: event.partnerOrderId });
        }
        continue;
      }
      const moved = event.status !== null && rank(event.status) > rank(status) ? event.status : null;
      const driverId = event.eventType === 'DRIVER_ASSIGNED' ? event.driverId : null;
      if (!moved && !driverId) continue;
      const rider = await delivery.recordDeliveryUpdate({
        ...ref,
        attempt,
        partnerOrderId: booked.partnerOrderId,
        status: moved,
        driverId,
      });
      if (moved) status = moved;
      if (rider && driverId && !told.has(driverId)) {
        told.add(driverId);
        await tellCustomer(rider, `rider-${attempt}-${driverId}`);
      }
      if (moved === 'PICKED_UP') await tellOrder({ stage: 'picked_up' });
      if (moved === 'COMPLETED') await tellOrder({ stage: 'delivered' });
    }
    const stage = deliveryStage(status);
    return stage === 'delivered' ? 'delivered' : stage === 'given_up' ? 'given_up' : 'cancelled';
  }

  async function tellCustomer(rider: RiderDetails, step: string): Promise<void> {
    try {
      await line.tellRestaurantCustomer({
        tenantId: input.tenantId,
        orderId: input.orderId,
        step,
        notice: { kind: 'rider_assigned', rider },
      });
    } catch {
      // No LINE connection, or the customer blocked the shop: the order page still shows the rider.
    }
  }

  async function tellOrder(progress: DeliveryProgress): Promise<void> {
    const parent = workflowInfo().parent;
    if (!parent) return;
    try {
      await getExternalWorkflowHandle(parent.workflowId).signal(deliveryProgressSignal, progress);
    } catch {
      // The order's workflow closed (the staff finished it by hand).
    }
  }
}

function messageOf(error: unknown): string {
  const cause = (error as { cause?: { message?: string } }).cause;
  return (cause?.message ?? (error as Error).message ?? String(error)).slice(0, 300);
}
