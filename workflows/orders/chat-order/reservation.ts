import { ApplicationFailure, condition, currentUpdateInfo, log, setHandler, uuid4 } from '@temporalio/workflow';
import type { OrderStatus } from '../../../domain/orders/order-status.ts';
import { checkReservationConfirmation, reservationTimeLeftMs } from '../../../domain/orders/reservation.ts';
import { reservationExpiredMessage } from '../../../domain/line-chat/reservation-replies.ts';
import { databaseActivities as db } from '../../activity-proxies.ts';
import type { ChatOrderRun } from './chat-order-run.ts';
import { refusalOf } from './failures.ts';
import { confirmReservationUpdate, type ReservationState } from './updates.ts';

/** The changeId of a reservation's expiry: one per order, so a retried activity finds its own write. */
const RESERVATION_EXPIRY_CHANGE_ID = 'reservation-expired';

/**
 * The reservation's window: a workflow timer races the order leaving 未購入 (confirmed by the
 * customer or the merchant, or changed otherwise). When the timer wins, the outcome becomes
 * 'expired' at once, so the confirmation validator refuses from this moment on, and the expiry
 * joins the queue: a confirmation accepted before that runs first (it is ahead in the queue),
 * and the expiry then finds the order no longer pending and does nothing. Only one of the two
 * ever acts; the database's expectedFrom 'pending' check backs that up.
 */
export async function holdReservation(run: ChatOrderRun, reservation: ReservationState): Promise<void> {
  const { input, state } = run;
  // Workflow time (Temporal makes Date deterministic inside workflows).
  // eslint-disable-next-line no-restricted-properties
  const timeLeftMs = reservationTimeLeftMs(reservation.expiresAtMs, Date.now());
  const leftPending = await condition(() => state.status !== 'pending', timeLeftMs);
  if (leftPending) {
    if (reservation.outcome === 'holding') reservation.outcome = state.status === 'confirmed' ? 'confirmed' : 'ended';
    return;
  }
  reservation.outcome = 'expired';
  await run.serial.run(async () => {
    if (state.status !== 'pending') {
      // A confirmation (or another change) accepted before the window ended went first.
      reservation.outcome = state.status === 'confirmed' ? 'confirmed' : 'ended';
      return;
    }
    let stored: { status: OrderStatus; trackingNumber: string | null };
    try {
      stored = await db.changeOrderStatus({
        tenantId: input.tenantId,
        orderId: state.orderId!,
        to: 'cancelled',
        expectedFrom: 'pending',
        reason: 'reservation_expired',
        actor: 'system',
        changeId: RESERVATION_EXPIRY_CHANGE_ID,
      });
    } catch (error) {
      const refusal = refusalOf(error);
      if (!refusal) throw error;
      log.warn('reservation expiry refused by the database', { code: refusal.type, message: refusal.message });
      reservation.outcome = 'ended';
      return;
    }
    run.applyStatus(stored);
    const text = reservationExpiredMessage({ orderNumber: state.orderNumber!, items: state.items, total: state.total });
    await run.tellCustomer(null, text);
  });
}

/** The customer's 「確認購買」 tap (`confirmReservation`): 未購入 to 已購買, while the window is open. */
export function registerReservationConfirmation(run: ChatOrderRun): void {
  const { input, state, serial } = run;
  /**
   * `atItsTurn` false: the validator, when the Update arrives; once the window has ended no
   * confirmation is accepted, by the workflow's clock even before its timer has fired (the
   * server fires timers up to about a second late). true: the same check when the queue
   * reaches it; a confirmation accepted before the window ended runs before the expiry (which
   * is queued behind it) and wins while the order is still pending.
   */
  const refuseIfInvalid = (lineUserId: string, atItsTurn: boolean) => {
    const status = run.placedStatus();
    const reservation = state.reservation;
    const windowEnded =
      reservation?.outcome === 'expired' ||
      // Workflow time: the activation's, recorded in history, so this is deterministic.
      // eslint-disable-next-line no-restricted-properties
      (!atItsTurn && reservation?.outcome === 'holding' && Date.now() >= reservation.expiresAtMs);
    const check = checkReservationConfirmation(
      {
        isReservation: reservation !== undefined,
        status,
        expired: atItsTurn ? windowEnded && status !== 'pending' : windowEnded,
        customerLineUserId: input.lineUserId,
      },
      lineUserId,
    );
    if (!check.ok) {
      throw ApplicationFailure.create({
        type: check.code,
        message: `reservation not confirmed: ${check.code}`,
        nonRetryable: true,
        details: [{ status }],
      });
    }
  };

  setHandler(
    confirmReservationUpdate,
    (request) => {
      const changeId = currentUpdateInfo()?.id ?? uuid4();
      return serial.run(async () => {
        // Checked again at its turn: an expiry queued before it has already cancelled the order.
        await run.whenPlaced();
        refuseIfInvalid(request.lineUserId, true);
        let stored: { status: OrderStatus; trackingNumber: string | null };
        try {
          stored = await db.changeOrderStatus({
            tenantId: input.tenantId,
            orderId: state.orderId!,
            to: 'confirmed',
            expectedFrom: 'pending',
            actor: `customer:${request.lineUserId}`,
            changeId,
          });
        } catch (error) {
          throw refusalOf(error) ?? error;
        }
        run.applyStatus(stored);
        state.reservation!.outcome = 'confirmed';
        void serial.run(() => run.tellReservationConfirmed('customer', request.replyToken));
        return { ...state };
      });
    },
    { validator: (request) => (run.placing ? undefined : refuseIfInvalid(request.lineUserId, false)) },
  );
}
