import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { PickupMethod } from '../../domain/restaurant/pickup-methods.ts';
import type { PaymentPlan } from '../payments/follow-payment.ts';
import type {
  RestaurantAction,
  RestaurantActor,
  RestaurantOrderStatus,
} from '../../domain/restaurant/restaurant-order-status.ts';

/** What the API starts a restaurant order's workflow with: the order as placed, its deadlines in ms. */
export interface RestaurantOrderInput {
  tenantId: string;
  orderId: string;
  orderNumber: string;
  branchId: string;
  pickupNumber: string;
  method: PickupMethod;
  placedAtMs: number;
  wantedAtMs: number;
  /** The slot less the lead time: a later one makes a future order that wakes then. */
  prepareAtMs: number;
  /** Rejected by itself at this time while still pending; null when the shop auto-accepts. */
  acceptByMs: number | null;
  /** The staff are reminded at this time while still pending; null: no reminder. */
  remindAtMs: number | null;
  autoAccept: boolean;
  /** The customer is reminded to come at this time; null: no reminder. */
  pickupReminderAtMs: number | null;
  /** Paid in advance (轉帳, 線上刷卡): when the customer is reminded and the order let go; absent for cash. */
  payment?: PaymentPlan | null;
}

export interface RestaurantOrderState {
  status: RestaurantOrderStatus;
  /** The order reached its time to be prepared (未來訂單: 該做了). */
  due: boolean;
}

export interface RestaurantActionRequest {
  action: RestaurantAction;
  /** Who, for the status machine. */
  by: Exclude<RestaurantActor, 'system'>;
  /** staff:<id> or customer:<id>, for the audit line. */
  actor: string;
  reason?: string | null;
  prepMinutes?: number | null;
}

export const restaurantOrderStateQuery = defineQuery<RestaurantOrderState>('restaurantOrderState');
/**
 * A step of the order by a person (接單, 拒單, 出餐…), validated against the status machine
 * (domain/restaurant/restaurant-order-status.ts) before it is accepted: refused as
 * `invalid_transition` or `reason_required` with the zh-TW reason.
 */
export const restaurantActionUpdate = defineUpdate<RestaurantOrderState, [RestaurantActionRequest]>('restaurantAction');
