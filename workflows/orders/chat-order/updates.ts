import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { StockCommand } from '../../../domain/line-chat/chat-command.ts';
import type { OrderStatus } from '../../../domain/orders/order-status.ts';

/** What an order workflow knows about its order; read with the `orderState` query. */
export interface OrderState {
  outcome: 'placing' | 'placed' | 'sold_out' | 'unknown_product';
  orderId: string | null;
  orderNumber: string | null;
  status: OrderStatus | null;
  total: number;
  trackingNumber: string | null;
  items: { productCode: string; productName: string; unitPrice: number; requested: number; allocated: number }[];
  customerNotified: boolean;
  adminsNotified: boolean;
  /** Why the order needs a person, as the workflow found it (null: nothing), or absent in older runs. */
  attention?: string | null;
  /** Only on reservations (幫我留): the hold window and how it ended. */
  reservation?: ReservationState;
}

export interface ReservationState {
  /** When the hold ends unconfirmed (ms since the epoch). */
  expiresAtMs: number;
  /** holding: inside the window, 未購入; ended: the order left 未購入 some other way (cancelled, 其他). */
  outcome: 'holding' | 'confirmed' | 'expired' | 'ended';
}

export interface ChangeStatusRequest {
  to: OrderStatus;
  trackingNumber?: string | null;
  /** staff:<id>, or system; recorded in the audit line. */
  actor: string;
}

/** The customer's 「確認購買」 tap on a reservation (a LINE postback). */
export interface ConfirmReservationRequest {
  /** Who tapped: only the customer who reserved may confirm. */
  lineUserId: string;
  /** The postback's reply token, for the answer (push when it has expired). */
  replyToken: string | null;
}

/** An edited chat message (LINE messageEdited): the order takes the edited quantity. */
export interface ChangeQuantityRequest {
  /** The edited text, parsed; null when it is no command. */
  command: StockCommand | null;
  /** The edit event's timestamp: an edit older than the newest seen is stale. */
  editedAtMs: number;
  /** Who edited (LINE only lets the author edit; checked anyway). */
  lineUserId: string;
  replyToken: string | null;
  webhookEventId: string;
}

export interface ChangeQuantityResult {
  outcome: 'changed' | 'unchanged';
  state: OrderState;
}

export const orderStateQuery = defineQuery<OrderState>('orderState');
/** Admin status changes; validated against domain/orders/order-status.ts before they are accepted. */
export const changeStatusUpdate = defineUpdate<OrderState, [ChangeStatusRequest]>('changeStatus');
/**
 * The customer confirms a reservation into 已購買. Refusals (ApplicationFailure types from
 * domain/orders/reservation.ts ConfirmRefusalCode) are answered to the customer by the caller.
 */
export const confirmReservationUpdate = defineUpdate<OrderState, [ConfirmReservationRequest]>('confirmReservation');
/**
 * A message edit changes the quantity. Rejected as `stale_edit` when older than the newest
 * edit seen, `no_order` / `not_your_order` when it cannot apply; refused after acceptance
 * with domain/orders/quantity-edit.ts QuantityEditRefusalCode types (details: [{ status }]).
 */
export const changeQuantityUpdate = defineUpdate<ChangeQuantityResult, [ChangeQuantityRequest]>('changeQuantity');
