import { ApplicationFailure, currentUpdateInfo, patched, setHandler, uuid4 } from '@temporalio/workflow';
import { statusChangedAlert } from '../../../domain/orders/notification-settings.ts';
import { checkTransition } from '../../../domain/orders/order-status.ts';
import { databaseActivities as db } from '../../activity-proxies.ts';
import type { ChatOrderRun } from './chat-order-run.ts';
import { changeStatusUpdate, type ChangeStatusRequest } from './updates.ts';

/** Orders whose status changed before the shop could be told of it replay without the alert. */
const STATUS_ALERT_PATCH = 'order-status-alert';
/** Orders shipped or cancelled before members earned points replay without the step. */
const MEMBER_POINTS_PATCH = 'member-points';

/**
 * The merchant's status changes (`changeStatus`), checked against the status machine when they
 * arrive and again at their turn in the queue. A merchant's confirmation of a reservation is
 * told to the customer once it is stored.
 */
export function registerStatusChanges(run: ChatOrderRun): void {
  const { input, state, serial } = run;
  const refuseIfInvalid = (request: ChangeStatusRequest) => {
    const from = run.placedStatus('這筆訊息沒有成立訂單，無法變更狀態');
    const check = checkTransition(from, request.to, { trackingNumber: request.trackingNumber ?? null });
    if (!check.ok) throw ApplicationFailure.create({ type: check.code, message: check.message, nonRetryable: true });
  };

  setHandler(
    changeStatusUpdate,
    (request) => {
      const changeId = currentUpdateInfo()?.id ?? uuid4();
      // Changes run one at a time: each is checked again against the status it will change.
      return serial.run(async () => {
        await run.whenPlaced();
        refuseIfInvalid(request);
        const from = state.status;
        const stored = await run.attention.watch('status', () =>
          db.changeOrderStatus({
            tenantId: input.tenantId,
            orderId: state.orderId!,
            to: request.to,
            trackingNumber: request.trackingNumber ?? null,
            actor: request.actor,
            changeId,
          }),
        );
        run.attention.acknowledge();
        run.applyStatus(stored);
        if ((stored.status === 'shipped' || stored.status === 'cancelled') && patched(MEMBER_POINTS_PATCH)) {
          // A member earns when the order ships and gives back what it earned when it is cancelled.
          const ids = { tenantId: input.tenantId, orderId: state.orderId! };
          void serial.run(() => db.settleMemberOrder(ids).then(() => undefined));
        }
        const reservation = state.reservation;
        if (reservation && reservation.outcome !== 'confirmed' && from === 'pending' && stored.status === 'confirmed') {
          // The merchant confirmed the reservation: the customer hears it once the change is stored.
          reservation.outcome = 'confirmed';
          void serial.run(() => run.tellReservationConfirmed('shop', null));
        }
        if (patched(STATUS_ALERT_PATCH)) {
          // The shop's 訂單通知設定 decides (in the activity) whether this status is told.
          const text = statusChangedAlert({
            orderNumber: state.orderNumber!,
            to: stored.status,
            customerName: run.customerName,
          });
          void serial.run(() => run.alertAdmins(text, 'status_changed', stored.status).then(() => undefined));
        }
        return { ...state };
      });
    },
    { validator: (request) => (run.placing ? undefined : refuseIfInvalid(request)) },
  );
}
